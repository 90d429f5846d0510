// The packaged extension: `npm run package:vsix` (the last step of `npm run package`) makes cloudtrail-lens.vsix; code-server installs it with
// --install-extension into a fresh extensions folder; a workbench WITHOUT extensionDevelopmentPath then activates
// it and it works on a real log (the tree fills with the counts of `ctlens stats`).
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { after, test } from 'node:test';
import { ROOT, codeServerCli, newRunDir, EXTENSION_ID } from '../harness';
import { cliStats, LEVEL_LABELS } from '../cliStats';
import { closeBrowser, eventually, groups, quickOpen, showCloudTrail, withSession } from './workbench';

after(closeBrowser);

test('13. the packaged .vsix installs into code-server and activates', { timeout: 300_000 }, async () => {
  const vsix = path.join(ROOT, 'cloudtrail-lens.vsix');
  fs.rmSync(vsix, { force: true });
  // npm run package is typecheck, lint, then package:vsix: npm test's static checks have run the first two.
  execFileSync('npm', ['run', '--silent', 'package:vsix'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, CI: 'true' },
  });
  assert.ok(fs.existsSync(vsix), 'npm run package:vsix made cloudtrail-lens.vsix');
  const size = fs.statSync(vsix).size;
  assert.ok(size < 5 * 1024 * 1024, `the .vsix is small (${size} bytes)`);
  // what went in: the runtime only (no sources, tests, node_modules)
  const listing = execFileSync(path.join(ROOT, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const stray = listing.filter((f) => /^(src|test|out|node_modules|scripts|bench|wasm|\.vscode-test|\.e2e-runs)\/|^dist\/(bench|fuzz)/.test(f));
  assert.deepEqual(stray, [], 'no sources, tests, benchmarks or node_modules in the package');
  assert.ok(listing.includes('dist/extension.js'), 'dist/extension.js is packaged');

  const runDir = newRunDir('ui-vsix');
  const out = codeServerCli(runDir, ['--install-extension', vsix]);
  assert.match(out, /successfully installed/i, out);
  const installed = fs.readdirSync(path.join(runDir, 'extensions'));
  assert.ok(
    installed.some((d) => d.startsWith(EXTENSION_ID)),
    `installed: ${installed.join(', ')}`,
  );

  await withSession('vsix', { runDir, devPath: false }, async (s) => {
    const expected = cliStats(path.join(s.workspace, 's3-activity.json'));
    // activated with nothing loaded: the Events view shows its welcome content with the two open buttons
    const welcome = await showCloudTrail(s.page);
    for (const label of ['Open Log Files…', 'Open Log Folder…']) {
      await welcome.locator('.welcome-view-content a, .welcome-view-content .monaco-button', { hasText: label }).first().waitFor();
    }
    await quickOpen(s.page, 's3-activity.json');
    const sidebar = await showCloudTrail(s.page);
    await eventually(
      async () => {
        const g = await groups(sidebar);
        for (const l of LEVEL_LABELS) if (expected.levels[l]) assert.equal(g.get(l)?.count, expected.levels[l], l);
      },
      30_000,
      'the installed extension to fill the tree',
    );
  });
});
