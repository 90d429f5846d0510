// Entry point VS Code loads through `extensionTestsPath`: runs the in-host mocha suite inside the extension host
// (the same contract as @vscode/test-electron's runner). The workbench then calls window.codeAutomationExit(code),
// which test/e2e/runInhost.ts catches. Per-test results go to the JSON file named by CTLENS_E2E_RESULTS (the
// environment of code-server reaches its extension host).
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

interface Result {
  title: string;
  state: 'passed' | 'failed';
  ms: number;
  err?: string;
}

export function run(): Promise<void> {
  const resultsFile = process.env.CTLENS_E2E_RESULTS;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  const grep = process.env.CTLENS_E2E_GREP;
  if (grep) mocha.grep(grep);
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  }
  const results: Result[] = [];
  const write = (failures: number, fatal?: string) => {
    if (!resultsFile) return;
    fs.writeFileSync(
      resultsFile,
      JSON.stringify(
        {
          passes: results.filter((r) => r.state === 'passed').length,
          failures,
          fatal,
          results,
        },
        null,
        2,
      ),
    );
  };
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        write(failures);
        if (failures > 0) reject(new Error(`${failures} in-host tests failed`));
        else resolve();
      });
      runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', ms: t.duration ?? 0 }));
      runner.on('fail', (t, err) =>
        results.push({
          title: t.fullTitle(),
          state: 'failed',
          ms: t.duration ?? 0,
          err: String((err && err.stack) || err),
        }),
      );
    } catch (e) {
      write(1, String((e as Error).stack || e));
      reject(e);
    }
  });
}
