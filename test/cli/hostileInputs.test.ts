// Issue 8's hostile inputs, each built small in a temp folder beside a real log and run through the bundled CLI
// (npm run build) or an engine probe, each in a child process so that a hang fails the case instead of the suite.
// The checks are bench/hostileCases.ts's verifyCase: exit status (never 3), diagnostic codes, every event of the
// good log present once, and the case's own check. Wall time and memory at full size: `npm run fuzz`.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GOOD_LOG, HOSTILE_CASES, REPO_ROOT, runCase, type Run, type RunOutput, type Stats } from '../../bench/hostileCases';

const BUNDLED_CLI = path.join(REPO_ROOT, 'dist/cli.js');
/** This suite's compiled copy of the case builders, which also holds the probes' entry. */
const CASES_MODULE = path.join(__dirname, '../../bench/hostileCases.js');
/** A case step that runs longer than this is a hang (the slowest small case takes a few seconds when fixed). */
const STEP_TIMEOUT_MS = 30_000;

function execute(run: Run): Promise<RunOutput> {
  const args =
    run.kind === 'cli'
      ? [BUNDLED_CLI, ...run.args]
      : ['-e', `require(${JSON.stringify(CASES_MODULE)}).runProbe(process.argv[1], process.argv.slice(2))`, run.probe, ...run.args];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, STEP_TIMEOUT_MS);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), timedOut });
    });
  });
}

describe('hostile inputs through the bundled CLI (issue 8)', { concurrency: 2 }, () => {
  const folders: string[] = [];
  let good: Stats;

  before(async () => {
    assert.ok(existsSync(BUNDLED_CLI), `${BUNDLED_CLI} is missing: run npm run build first`);
    const alone = await execute({ kind: 'cli', args: ['stats', GOOD_LOG] });
    assert.equal(alone.status, 0, alone.stderr);
    good = JSON.parse(alone.stdout) as Stats;
    assert.ok(good.events > 0);
  });

  after(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  for (const hostile of HOSTILE_CASES) {
    it(`${hostile.name}: ${hostile.issue}`, { timeout: 4 * STEP_TIMEOUT_MS }, async () => {
      const folder = mkdtempSync(path.join(tmpdir(), `ctlens-hostile-${hostile.name}-`));
      folders.push(folder);
      const built = await hostile.build(folder, hostile.unitSize);
      const { failures } = await runCase(built, good, execute);
      assert.deepEqual(failures, []);
    });
  }
});
