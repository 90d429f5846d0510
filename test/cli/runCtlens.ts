// Runs the CLI compiled beside the tests (out/src/cli.js), or another build of it, and reads its JSON lines.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from '../core/engineFixtures';

export const COMPILED_CLI = path.join(REPO_ROOT, 'out/src/cli.js');

export function ctlens(args: string[], cli = COMPILED_CLI): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The JSON objects printed one per line (a pretty-printed --json document is not JSON lines). */
export function jsonLines(stdout: string) {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{"'))
    .map((line) => JSON.parse(line));
}
