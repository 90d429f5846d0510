// Lint rules that keep the architecture in place (docs/architecture.md): the core and the webview never import
// `vscode`, nothing imports in a cycle, and surfaces reach the core only through its barrel `src/core/index.ts`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const NODE_GLOBALS = ['process', 'console', 'Buffer', 'URL', 'fetch', 'structuredClone', 'setTimeout', 'clearTimeout'];

const NO_VSCODE = {
  name: 'vscode',
  message: 'Pure code (src/core, src/view, media) must not import vscode: move the VS Code call to a surface in src/.',
};

const CORE_ONLY_THROUGH_BARREL = {
  group: ['**/core/*', '**/core/*/**', '!**/core/index'],
  message: 'Outside src/core, import the core through its barrel (src/core/index.ts), not its internal files.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'bench-data/**', '.vscode-test/**', '.e2e-runs/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // The layers of docs/architecture.md: the core imports neither the view nor a surface; the view no surface.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/core', from: ['./src/view/**', './src/cli/**', './src/*.ts'], message: 'src/core is the bottom layer.' },
            { target: './src/view', from: ['./src/cli/**', './src/*.ts'], message: 'src/view imports only the core.' },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['src/**/*.ts', 'bench/**/*.ts'],
    ignores: ['src/core/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [CORE_ONLY_THROUGH_BARREL] }] },
  },
  {
    files: ['src/core/**/*.ts', 'src/view/**/*.ts', 'media/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE] }] },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: Object.fromEntries(NODE_GLOBALS.map((name) => [name, 'readonly'])) },
  },
  {
    // The real-VS-Code tests reach into untyped places (the workbench DOM through page.evaluate, the extension's
    // test API): `any` is the honest type there.
    files: ['test/e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
