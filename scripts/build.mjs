// Bundles every entry point into dist/ with esbuild. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const nodeEntries = [
  ['src/extension.ts', 'extension'],
  ['src/cli.ts', 'cli'],
  ['src/core/load/worker.ts', 'worker'],
  ['bench/bench.ts', 'bench'],
  ['bench/fuzz.ts', 'fuzz'],
  ['bench/lineage.ts', 'bench-lineage'],
  ['bench/phases.ts', 'bench-phases'],
  // Children of the whole-process benchmark: the CPU/RSS preload every measured process runs, DuckDB's side, the
  // store's retained memory and the reading floor.
  ['bench/exitUsage.ts', 'bench-exit-usage'],
  ['bench/duckdbProcess.ts', 'bench-duckdb-process'],
  ['bench/retainedProcess.ts', 'bench-retained'],
  ['bench/readFloorProcess.ts', 'bench-read-floor'],
];
const webviewEntries = { panel: 'media/panel.ts', overview: 'media/overview.ts' };

// A missing entry point is a broken checkout, not an optional part: stop with its name instead of building less.
const missing = [...nodeEntries.map(([entry]) => entry), ...Object.values(webviewEntries)].filter((entry) => !existsSync(entry));
if (missing.length > 0) {
  console.error(`build: missing entry point(s): ${missing.join(', ')}`);
  process.exit(1);
}

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
};

const contexts = [
  await esbuild.context({
    ...common,
    entryPoints: Object.fromEntries(nodeEntries.map(([entry, out]) => [out, entry])),
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // jsonc-parser's `main` is a UMD build whose inner require('./impl/…') calls esbuild cannot follow (the bundle
    // then throws "Cannot find module './impl/format'" at load): prefer the packages' ES module builds.
    mainFields: ['module', 'main'],
  }),
];

contexts.push(
  await esbuild.context({
    ...common,
    entryPoints: webviewEntries,
    outdir: 'dist/media',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
  }),
);

// The detail panel's icons: the codicon font and its stylesheet, served from dist/media (no remote loads).
mkdirSync('dist/media', { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) {
  copyFileSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/media/${file}`);
}
copyFileSync('media/panel.css', 'dist/media/panel.css');
copyFileSync('media/overview.css', 'dist/media/overview.css');
// uPlot's own layout rules (legend, selection, cursor), served locally like every other style.
copyFileSync('node_modules/uplot/dist/uPlot.min.css', 'dist/media/uPlot.min.css');

if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}
