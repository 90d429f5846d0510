// npm run bench:host [folder] [--rounds N]: the extension host while a big folder loads (issue 14). Times `node
// dist/cli.js stats` on the folder once for its counts, then opens a real VS Code (code-server + chromium, as the
// in-host suite runs) and runs N rounds (default 3), each of: `ctlens stats` on the folder, the folder opened with the
// index cache emptied (Clear Index Cache) until the Events view's final counts, and its warm reopen through the cache
// after Close All. It prints each round and the medians: the cold load's ratio to the CLI run just before it (target
// ≤ 1.2), the extension host's event-loop delay from the command until the load's work after it has settled (the
// index cache written, then 3 s), max and p99 (target: max ≤ 100 ms), and the warm reopen's time (target ≤ 1.5 s).
// Not part of npm test. CTLENS_BENCH_PROFILE=<file.cpuprofile> also writes a CPU profile of the extension host during
// each round's cold load (file.cpuprofile, file-2.cpuprofile…), CTLENS_BENCH_PROFILE_WARM=<file.cpuprofile> during
// each warm reopen.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { launchBrowser, newRunDir, ROOT, startServer, workbenchUrl } from './harness';
import type { HostLoadResult, HostRound, LoopBlock, LoopWatch } from './benchHost/loadInHost';

const DEFAULT_FOLDER = path.join(ROOT, 'bench-data', 'set-seed42-events1000000');
const TARGET_RATIO = 1.2;
const TARGET_MAX_DELAY_MS = 100;
const TARGET_WARM_S = 1.5;

const DEFAULT_ROUNDS = 3;

/** The folder and the number of rounds of the command line. */
function benchArguments(): { folder: string; rounds: number } {
  const args = process.argv.slice(2);
  const at = args.indexOf('--rounds');
  const rounds = at < 0 ? DEFAULT_ROUNDS : Number(args[at + 1]);
  if (!Number.isSafeInteger(rounds) || rounds < 1) throw new Error('--rounds needs a whole number of at least 1');
  const rest = at < 0 ? args : [...args.slice(0, at), ...args.slice(at + 2)];
  return { folder: path.resolve(rest[0] ?? DEFAULT_FOLDER), rounds };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const seconds = (ms: number, digits = 1) => `${(ms / 1000).toFixed(digits)} s`;

function cliStats(folder: string): { ms: number; records: number; events: number } {
  const started = performance.now();
  let out: string;
  try {
    out = execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'stats', folder, '--json'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  } catch (error) {
    // exit 1: some input had problems; what loaded is still printed
    out = String((error as { stdout?: string }).stdout ?? '');
  }
  const ms = performance.now() - started;
  const stats = JSON.parse(out) as { events: number; uniqueEvents?: number };
  return { ms, records: stats.events, events: stats.uniqueEvents ?? stats.events };
}

/** "142 ms at 3.68 s (on a CPU 40 ms, waiting for one 95 ms, GC 12 ms)". */
function describeBlock({ ms, at, gcMs, onCpuMs, waitingMs }: LoopBlock): string {
  const parts = [
    ...(onCpuMs === undefined || waitingMs === undefined ? [] : [`on a CPU ${onCpuMs.toFixed(0)} ms`, `waiting for one ${waitingMs.toFixed(0)} ms`]),
    `GC ${gcMs.toFixed(0)} ms`,
  ];
  return `${ms.toFixed(0)} ms at ${(at / 1000).toFixed(2)} s (${parts.join(', ')})`;
}

function printLoop({ longestBlocks, longestGcMs }: LoopWatch): void {
  if (longestBlocks.length > 0) console.log(`  longest blocks: ${longestBlocks.map(describeBlock).join(', ')}`);
  if (longestGcMs.length > 0)
    console.log(`  longest garbage collections: ${longestGcMs.map(({ ms, kind }) => `${ms.toFixed(0)} ms (${kind})`).join(', ')}`);
}

function printRound(round: HostRound, k: number): void {
  const { cliMs, cold, warm } = round;
  console.log(
    `round ${k + 1}: CLI ${seconds(cliMs)}; host ${seconds(cold.ms)} to the tree's final counts (command done after ${seconds(cold.commandMs)}, the index cache written after ${seconds(cold.flushedMs)}): ${(cold.ms / cliMs).toFixed(2)} of the CLI`,
  );
  console.log(
    `  host event loop, from the command to ${seconds(cold.watchedMs)}: max ${cold.maxDelayMs.toFixed(0)} ms, p99 ${cold.p99DelayMs.toFixed(0)} ms`,
  );
  printLoop(cold);
  if (cold.loadLine) console.log(`  extension's log: ${cold.loadLine}`);
  console.log(
    `  warm reopen (Close All, then the folder again through the index cache): ${seconds(warm.ms, 2)}, event loop max ${warm.maxDelayMs.toFixed(0)} ms, p99 ${warm.p99DelayMs.toFixed(0)} ms${warm.loadLine ? `; ${warm.loadLine}` : ''}`,
  );
  printLoop(warm);
}

async function main(): Promise<number> {
  const { folder, rounds } = benchArguments();
  if (!fs.existsSync(folder)) throw new Error(`${folder} does not exist (bench-data is made by npm run bench)`);
  const cli = cliStats(folder);
  console.log(
    `CLI: node dist/cli.js stats: ${seconds(cli.ms)} for ${cli.records.toLocaleString('en-US')} records (its counts, and the files in the page cache)`,
  );
  const runDir = newRunDir('bench-host');
  const resultsFile = path.join(runDir, 'bench-host.json');
  // An empty folder outside any git repository: the built-in git extension would otherwise run git in the host
  // meanwhile (a spawn from a host holding a million events blocked it for 100-180 ms, none of it this extension's).
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ctlens-bench-host-'));
  const removeWorkspace = () => fs.rmSync(workspace, { recursive: true, force: true });
  // Removed in the finally below once VS Code has stopped, or at exit if the run ends before it (a server or browser
  // that fails to start, a signal: harness.ts's own exit handler has stopped the servers by then).
  process.on('exit', removeWorkspace);
  const server = await startServer({
    runDir,
    env: {
      CTLENS_BENCH_FOLDER: folder,
      CTLENS_BENCH_RESULTS: resultsFile,
      CTLENS_BENCH_RECORDS: String(cli.records),
      CTLENS_BENCH_EVENTS: String(cli.events),
      CTLENS_BENCH_ROUNDS: String(rounds),
      CTLENS_BENCH_NODE: process.execPath,
      CTLENS_BENCH_CLI: path.join(ROOT, 'dist', 'cli.js'),
      ...(process.env.CTLENS_BENCH_PROFILE ? { CTLENS_BENCH_PROFILE: path.resolve(process.env.CTLENS_BENCH_PROFILE) } : {}),
      ...(process.env.CTLENS_BENCH_PROFILE_WARM ? { CTLENS_BENCH_PROFILE_WARM: path.resolve(process.env.CTLENS_BENCH_PROFILE_WARM) } : {}),
    },
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const done = new Promise<number>((resolve) => void page.exposeFunction('codeAutomationExit', resolve));
    await page.goto(workbenchUrl(server, { folder: workspace, devPath: ROOT, testsPath: path.join(__dirname, 'benchHost', 'loadInHost.js') }));
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 15 * 60_000))]);
  } finally {
    await browser.close();
    await server.stop();
    removeWorkspace();
  }
  if (!fs.existsSync(resultsFile)) throw new Error(`no results from the extension host; see ${server.log}`);
  const host = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as HostLoadResult;
  host.rounds.forEach(printRound);
  if (host.error) console.log(`error: ${host.error}`);
  if (host.rounds.length === 0) return 1;
  const ratios = host.rounds.map(({ cliMs, cold }) => cold.ms / cliMs);
  console.log(
    `host / CLI, median of ${host.rounds.length} rounds: ${median(ratios).toFixed(2)} (rounds ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}; target ≤ ${TARGET_RATIO})`,
  );
  const maxDelays = host.rounds.map(({ cold }) => cold.maxDelayMs);
  console.log(
    `host event loop during the loads: max ${Math.max(...maxDelays).toFixed(0)} ms (rounds ${maxDelays.map((ms) => ms.toFixed(0)).join(', ')}; target ≤ ${TARGET_MAX_DELAY_MS} ms), p99 median ${median(host.rounds.map(({ cold }) => cold.p99DelayMs)).toFixed(0)} ms`,
  );
  const warm = host.rounds.map(({ warm }) => warm.ms);
  console.log(
    `warm reopen, median: ${seconds(median(warm), 2)} (rounds ${warm.map((ms) => seconds(ms, 2)).join(', ')}; target ≤ ${TARGET_WARM_S} s)`,
  );
  return host.error ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
