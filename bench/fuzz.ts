// `npm run fuzz [-- --only NAME,NAME] [--unit]`: every hostile case of issue 8 (bench/hostileCases.ts) at the
// issue's sizes (1M bad records, a 10 MB object key, gzip bombs of 5 GiB of inflated text…), each run as a child
// process whose wall time and peak RSS are printed against the bounds (10 s, 1 GiB on a 2-core machine), with a
// peer tool doing the comparable work on the same file beside it. Exits 1 when a case is over a bound, hangs or
// exits 3 (internal error). `--unit` runs the unit suite's small sizes instead (a quick smoke run).
// Internal: `fuzz.js --probe NAME ARGS…` is how an engine probe runs in its own process.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { GOOD_LOG, HOSTILE_CASES, runCase, runProbe, type Run, type RunOutput, type Stats } from './hostileCases';

const WALL_BOUND_SECONDS = 10;
const RSS_BOUND_MB = 1024;
/** A run still going after this is a hang: it is killed and reported OVER. */
const HANG_SECONDS = 180;
const GNU_TIME = '/usr/bin/time';
const CLI = path.join(__dirname, 'cli.js');

interface Measured extends RunOutput {
  wallSeconds: number;
  /** Peak resident set size in MB, or NaN when it could not be read (a hang killed before GNU time reports). */
  peakRssMb: number;
}

/** Peak RSS of a live process in kB, from /proc (the fallback when GNU time is missing). */
function highWaterMarkKb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? NaN : Number(match[1]);
  } catch {
    return NaN;
  }
}

/** Runs a command to its end (or the hang limit), timing it and reading its peak RSS with GNU time -v or /proc. */
function measure(command: string[], workDir: string): Promise<Measured> {
  const timeFile = path.join(workDir, `time-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
  const viaTime = existsSync(GNU_TIME);
  const argv = viaTime ? [GNU_TIME, '-v', '-o', timeFile, ...command] : command;
  const started = performance.now();
  return new Promise((resolve) => {
    // Its own process group, so a hang is killed with whatever GNU time started.
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let polledKb = NaN;
    let timedOut = false;
    // `ctlens events` over many records prints a lot; the checks count lines, so keep up to a quarter GiB.
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdoutBytes < 256 * 1024 * 1024) stdout.push(chunk);
      stdoutBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const poll = viaTime ? undefined : setInterval(() => (polledKb = Math.max(polledKb || 0, highWaterMarkKb(child.pid ?? 0))), 50);
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-(child.pid ?? 0), 'SIGKILL');
    }, HANG_SECONDS * 1000);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      if (poll !== undefined) clearInterval(poll);
      const wallSeconds = (performance.now() - started) / 1000;
      let peakKb = polledKb;
      let exit = status;
      if (viaTime && existsSync(timeFile)) {
        const report = readFileSync(timeFile, 'utf8');
        peakKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(report)?.[1] ?? NaN);
        // GNU time exits with the command's status; a command killed by a signal shows in its report.
        const killed = /Command terminated by signal (\d+)/.exec(report);
        if (killed !== null) exit = null;
      }
      resolve({
        status: exit,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut,
        wallSeconds,
        peakRssMb: peakKb / 1024,
      });
    });
  });
}

function commandOf(run: Run): string[] {
  return run.kind === 'cli' ? [process.execPath, CLI, ...run.args] : [process.execPath, process.argv[1], '--probe', run.probe, ...run.args];
}

interface Row {
  name: string;
  exit: string;
  wall: string;
  rss: string;
  verdict: 'OK' | 'OVER';
  checks: string;
  peer: string;
}

function cells(row: Row): string[] {
  return [row.name, row.exit, row.wall, row.rss, `≤ ${WALL_BOUND_SECONDS} s, ≤ ${RSS_BOUND_MB} MB`, row.verdict, row.checks, row.peer];
}

function printTable(rows: Row[]): void {
  const header = ['case', 'exit', 'wall s', 'peak RSS MB', 'bound', 'verdict', 'checks', 'peer (wall s, RSS MB)'];
  const table = [header, ...rows.map(cells)];
  const widths = header.map((_, column) => Math.max(...table.map((line) => line[column].length)));
  for (const line of table)
    console.log(
      line
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    );
}

async function fuzzCase(hostile: (typeof HOSTILE_CASES)[number], good: Stats, unit: boolean): Promise<{ row: Row; failures: string[] }> {
  const folder = mkdtempSync(path.join(tmpdir(), `ctlens-fuzz-${hostile.name}-`));
  try {
    const built = await hostile.build(folder, unit ? hostile.unitSize : hostile.fullSize);
    let primary: Measured | undefined;
    const { failures } = await runCase(built, good, async (run, step) => {
      const measured = await measure(commandOf(run), folder);
      if (step === 0) primary = measured;
      return measured;
    });
    const peer = built.peer === undefined ? undefined : await measure(built.peer.command, folder);
    const first = primary!;
    const over = first.timedOut || first.status === 3 || first.wallSeconds > WALL_BOUND_SECONDS || !(first.peakRssMb <= RSS_BOUND_MB);
    const crashed = failures.some((failure) => / exit 3,|timed out/.test(failure));
    return {
      row: {
        name: hostile.name,
        exit: first.timedOut ? 'hang' : String(first.status ?? first.signal),
        wall: first.wallSeconds.toFixed(2),
        rss: Number.isNaN(first.peakRssMb) ? '?' : first.peakRssMb.toFixed(0),
        verdict: over || crashed ? 'OVER' : 'OK',
        checks: failures.length === 0 ? 'pass' : `${failures.length} failed`,
        peer: peer === undefined ? '' : `${built.peer!.label}: ${peer.wallSeconds.toFixed(2)} s, ${peer.peakRssMb.toFixed(0)} MB`,
      },
      failures,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--probe') {
    await runProbe(argv[1], argv.slice(2));
    return;
  }
  const unit = argv.includes('--unit');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? new Set(argv[onlyAt + 1]?.split(',')) : undefined;
  const cases = HOSTILE_CASES.filter((hostile) => only === undefined || only.has(hostile.name));
  if (!existsSync(GNU_TIME)) console.log(`(${GNU_TIME} missing: peak RSS polled from /proc/PID/status VmHWM every 50 ms)`);
  const alone = await measure([process.execPath, CLI, 'stats', GOOD_LOG], tmpdir());
  const good = JSON.parse(alone.stdout) as Stats;
  const rows: Row[] = [];
  const failed: string[] = [];
  for (const hostile of cases) {
    process.stderr.write(`fuzz: ${hostile.name} (${unit ? hostile.unitSize : hostile.fullSize})…\n`);
    const { row, failures } = await fuzzCase(hostile, good, unit);
    rows.push(row);
    failed.push(...failures.map((failure) => `${hostile.name}: ${failure.slice(0, 300)}`));
  }
  printTable(rows);
  if (failed.length > 0) console.log(`\nFailed checks:\n${failed.map((failure) => `  ${failure}`).join('\n')}`);
  const over = rows.filter((row) => row.verdict === 'OVER');
  console.log(
    `\n${rows.length - over.length} of ${rows.length} cases within bounds${over.length > 0 ? `; OVER: ${over.map((row) => row.name).join(', ')}` : ''}.`,
  );
  process.exitCode = over.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 3;
});
