// Runs a Node script as a child process, as a user runs it, and measures what the user feels: wall time from spawn to
// exit, CPU time of all its threads (user + system) and peak RSS, each the median of several runs. CPU and RSS come
// from the preload bench/exitUsage.ts, so every measured program (ctlens, DuckDB) is measured the same way.

import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { USAGE_FILE_VARIABLE, type ExitUsage } from './exitUsage';

export interface ProcessRun {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  exitCode: number;
  /** The child's standard output when captured, else ''. */
  stdout: string;
}

export interface ProcessMeasure {
  /** Medians of wall, CPU and peak RSS over the runs (each its own median). */
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  runs: ProcessRun[];
}

export interface ProcessOptions {
  runs: number;
  /** Keep standard output (small outputs: stats JSON, DuckDB's counts); otherwise it goes to /dev/null. */
  captureStdout: boolean;
  /** Exit codes that are no failure (ctlens exits 1 when an input had problems but still prints). */
  okExitCodes?: readonly number[];
}

/** The preload beside the running bundle (dist/bench-exit-usage.js next to dist/bench.js). */
export const EXIT_USAGE_PRELOAD = path.join(__dirname, 'bench-exit-usage.js');

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function runOnce(
  script: string,
  args: readonly string[],
  nodeFlags: readonly string[],
  options: Omit<ProcessOptions, 'runs'>,
): Promise<ProcessRun> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'ctlens-bench-'));
  const usageFile = path.join(scratch, 'usage.json');
  const devNull = openSync('/dev/null', 'w');
  try {
    const start = performance.now();
    const child = spawn(process.execPath, [...nodeFlags, '--require', EXIT_USAGE_PRELOAD, script, ...args], {
      env: { ...process.env, [USAGE_FILE_VARIABLE]: usageFile },
      stdio: ['ignore', options.captureStdout ? 'pipe' : devNull, 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    const exitCode = await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve(code ?? -1));
    });
    const wallMs = performance.now() - start;
    if (!(options.okExitCodes ?? [0]).includes(exitCode))
      throw new Error(`${path.basename(script)} ${args.join(' ')} exited ${exitCode}: ${Buffer.concat(stderr).toString('utf8').trim().slice(-2000)}`);
    const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as ExitUsage;
    return {
      wallMs,
      cpuMs: usage.userMs + usage.systemMs,
      peakRssMb: usage.maxRssKb / 1024,
      exitCode,
      stdout: Buffer.concat(stdout).toString('utf8'),
    };
  } finally {
    closeSync(devNull);
    rmSync(scratch, { recursive: true, force: true });
  }
}

function measureOf(runs: ProcessRun[]): ProcessMeasure {
  return {
    wallMs: median(runs.map((run) => run.wallMs)),
    cpuMs: median(runs.map((run) => run.cpuMs)),
    peakRssMb: median(runs.map((run) => run.peakRssMb)),
    runs,
  };
}

/** Runs `node [nodeFlags] script args` `options.runs` times, one after the other, and returns the medians. */
export async function measureProcess(
  script: string,
  args: readonly string[],
  options: ProcessOptions,
  nodeFlags: readonly string[] = [],
): Promise<ProcessMeasure> {
  const runs: ProcessRun[] = [];
  for (let k = 0; k < options.runs; k++) runs.push(await runOnce(script, args, nodeFlags, options));
  return measureOf(runs);
}

/** A program to measure: `node script args` with `options`. */
export interface ProcessSpec {
  script: string;
  args: readonly string[];
  options: Omit<ProcessOptions, 'runs'>;
}

/** Two programs measured against each other: each one's medians, and the median of the ratios of the pairs run together. */
export interface PairMeasure {
  first: ProcessMeasure;
  second: ProcessMeasure;
  wallRatio: number;
  cpuRatio: number;
}

/**
 * Runs `first` then `second`, `runs` times (first, second, first, second…), so that each ratio compares runs made
 * a few seconds apart. This machine's speed drifts by a third within minutes: measured as all runs of one program
 * and then all of the other, a million events in 10,000 small files came to 1.07 of DuckDB's wall time where runs of
 * the same build took 9.45, 8.01, 7.06 and 6.87 s in four runs within about a minute, each followed by another build's
 * (2026-12-02).
 */
export async function measureAlternately(first: ProcessSpec, second: ProcessSpec, runs: number): Promise<PairMeasure> {
  const firstRuns: ProcessRun[] = [];
  const secondRuns: ProcessRun[] = [];
  for (let k = 0; k < runs; k++) {
    firstRuns.push(await runOnce(first.script, first.args, [], first.options));
    secondRuns.push(await runOnce(second.script, second.args, [], second.options));
  }
  return {
    first: measureOf(firstRuns),
    second: measureOf(secondRuns),
    wallRatio: median(firstRuns.map((run, k) => run.wallMs / secondRuns[k].wallMs)),
    cpuRatio: median(firstRuns.map((run, k) => run.cpuMs / secondRuns[k].cpuMs)),
  };
}
