// Preloaded with `node --require dist/bench-exit-usage.js` into every process the whole-process benchmark runs (ctlens
// and DuckDB alike): at exit it writes the process's resource usage, CPU of all its threads and peak RSS, to the file
// named by CTLENS_BENCH_USAGE_FILE. Measuring in the process itself needs no `time` binary, which a fresh machine may lack.

import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

export const USAGE_FILE_VARIABLE = 'CTLENS_BENCH_USAGE_FILE';

/** What the preload writes: milliseconds of CPU and kilobytes of peak resident memory. */
export interface ExitUsage {
  userMs: number;
  systemMs: number;
  maxRssKb: number;
}

const usageFile = process.env[USAGE_FILE_VARIABLE];
// Worker threads run the preload too (they inherit execArgv); only the main thread's exit ends the process.
if (usageFile !== undefined && isMainThread) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const report: ExitUsage = { userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, maxRssKb: usage.maxRSS };
    writeFileSync(usageFile, JSON.stringify(report));
  });
}
