// Runs the in-host mocha suite (test/e2e/suite) inside code-server's real Node extension host, the way
// @vscode/test-electron's --extensionTestsPath does: the workbench URL carries extensionDevelopmentPath +
// extensionTestsPath, and the workbench calls window.codeAutomationExit(code) when the suite settles.
// Prints one line per test and `in-host: N passed, N failed`; exit 0 only if every test passed.
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, WORKSPACE, newRunDir, startServer, launchBrowser, workbenchUrl } from './harness';

async function main(): Promise<number> {
  const t0 = Date.now();
  const runDir = newRunDir('inhost');
  const resultsFile = path.join(runDir, 'results.json');
  const hostLog = path.join(runDir, 'extension-host-console.log');
  // a private copy of the sample workspace: the suite changes workspace settings (groupBy) and must not touch the
  // committed fixture
  const workspace = path.join(runDir, 'workspace');
  fs.cpSync(WORKSPACE, workspace, { recursive: true });
  const server = await startServer({ runDir, env: { CTLENS_E2E_RESULTS: resultsFile } });
  const browser = await launchBrowser();
  let exit = 1;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let settle!: (code: number | string) => void;
    const done = new Promise<number | string>((r) => {
      settle = r;
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));
    // the workbench forwards extension-host console output here; kept in the run folder (and echoed if verbose)
    await page.exposeFunction('codeAutomationLog', (level: string, msg: string) => {
      fs.appendFileSync(hostLog, `[${level}] ${msg}\n`);
      if (process.env.CTLENS_E2E_VERBOSE) console.log(`  | ${msg}`);
    });
    await page.goto(
      workbenchUrl(server, {
        folder: workspace,
        devPath: ROOT,
        testsPath: path.join(__dirname, 'suite', 'index.js'),
      }),
    );
    const limit = Number(process.env.CTLENS_INHOST_TIMEOUT_MS || 240_000);
    const code = await Promise.race([done, new Promise<string>((r) => setTimeout(() => r('timeout'), limit))]);
    if (fs.existsSync(resultsFile)) {
      const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as {
        passes: number;
        failures: number;
        fatal?: string;
        results: { title: string; state: string; ms: number; err?: string }[];
      };
      for (const t of r.results) {
        console.log(`${t.state === 'passed' ? '✔' : '✖'} ${t.title} (${t.ms} ms)`);
        if (t.err) console.log('    ' + t.err.split('\n').slice(0, 8).join('\n    '));
      }
      if (r.fatal) console.log('suite failed to load:\n    ' + r.fatal.split('\n').slice(0, 8).join('\n    '));
      const failed = r.failures || (r.fatal ? 1 : 0);
      console.log(`in-host suite: codeAutomationExit(${code}) after ${Date.now() - t0} ms`);
      if (failed) console.log(`  run folder: ${runDir}\n  server log: ${server.log}\n  extension host console: ${hostLog}`);
      console.log(`in-host: ${r.passes} passed, ${failed} failed`);
      exit = code === 0 && failed === 0 ? 0 : 1;
    } else {
      await page.screenshot({ path: path.join(runDir, 'failure.png') }).catch(() => undefined);
      console.log(`in-host suite produced no results (codeAutomationExit: ${code}) after ${Date.now() - t0} ms`);
      console.log(`  screenshot: ${path.join(runDir, 'failure.png')}\n  server log: ${server.log}\n  extension host console: ${hostLog}`);
      console.log('in-host: 0 passed, 1 failed');
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return exit;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    console.log('in-host: 0 passed, 1 failed');
    process.exit(1);
  },
);
