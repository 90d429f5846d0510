// Preloaded with `node --require dist/bench-exit-usage.js` into every process the whole-process benchmark runs (ctlens
// and DuckDB alike): at exit it writes the process's resource usage, CPU of all its threads and peak RSS, to the file
// named by CTLENS_BENCH_USAGE_FILE. Measuring in the process itself needs no `time` binary, which a fresh machine may lack.

import { readFileSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

export const USAGE_FILE_VARIABLE = 'CTLENS_BENCH_USAGE_FILE';

/** What the preload writes: milliseconds of CPU and kilobytes of peak resident memory. */
export interface ExitUsage {
  userMs: number;
  systemMs: number;
  maxRssKb: number;
}

/**
 * Peak resident memory of this process's own memory since it started (Linux: VmHWM). getrusage's maxRSS is not it: it
 * keeps the peak of the process before its exec, which for a spawned child is the fork of its parent. Spawned by a
 * bench holding 500 MB, a Node process of 40 MB reported 516 MB so (2026-12-02), and the bench's DuckDB rows read 184 MB
 * whatever DuckDB held.
 */
function peakRssKb(maxRss: number): number {
  try {
    const peak = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return peak === null ? maxRss : Number(peak[1]);
  } catch {
    return maxRss;
  }
}

const usageFile = process.env[USAGE_FILE_VARIABLE];
// Worker threads run the preload too (they inherit execArgv); only the main thread's exit ends the process.
if (usageFile !== undefined && isMainThread) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const report: ExitUsage = { userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, maxRssKb: peakRssKb(usage.maxRSS) };
    writeFileSync(usageFile, JSON.stringify(report));
  });
}
