// npm run bench:host [folder]: the extension host while a big folder loads (issue 14). Times `node dist/cli.js stats`
// on the folder, then opens it in a real VS Code (code-server + chromium, as the in-host suite runs) and prints the
// time from the Open command to the Events view's final counts, its ratio to the CLI's time (the mean of a run before
// VS Code and one after; target ≤ 1.2), and the extension host's event-loop delay from the command until the load's
// work after it has settled (the index cache written, then 3 s), max and p99 (target: max ≤ 100 ms); then closes every
// log and opens the folder again, its index now in the cache, and prints that warm reopen's time (target ≤ 1.5 s).
// Not part of npm test. CTLENS_BENCH_PROFILE=<file.cpuprofile> also writes a CPU profile of the extension host during
// the load, CTLENS_BENCH_PROFILE_WARM=<file.cpuprofile> one during the warm reopen.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { launchBrowser, newRunDir, ROOT, startServer, workbenchUrl } from './harness';
import type { HostLoadResult, LoopWatch } from './benchHost/loadInHost';

const DEFAULT_FOLDER = path.join(ROOT, 'bench-data', 'set-seed42-events1000000');
const TARGET_RATIO = 1.2;
const TARGET_MAX_DELAY_MS = 100;
const TARGET_WARM_S = 1.5;

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

function printLoop({ longestBlocks, longestGcMs }: LoopWatch): void {
  if (longestBlocks.length > 0)
    console.log(`  longest blocks: ${longestBlocks.map(({ ms, at }) => `${ms.toFixed(0)} ms at ${(at / 1000).toFixed(2)} s`).join(', ')}`);
  if (longestGcMs.length > 0)
    console.log(`  longest garbage collections: ${longestGcMs.map(({ ms, kind }) => `${ms.toFixed(0)} ms (${kind})`).join(', ')}`);
}

async function main(): Promise<number> {
  const folder = path.resolve(process.argv[2] ?? DEFAULT_FOLDER);
  if (!fs.existsSync(folder)) throw new Error(`${folder} does not exist (bench-data is made by npm run bench)`);
  const cli = cliStats(folder);
  console.log(`CLI: node dist/cli.js stats: ${(cli.ms / 1000).toFixed(1)} s for ${cli.records.toLocaleString('en-US')} records`);
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
  if (host.error) console.log(`error: ${host.error}`);
  if (host.ms === undefined) return 1;
  // This machine's timings vary by a third from run to run: the CLI runs again after VS Code, and the ratio is to
  // the mean of its two runs.
  const cliAfter = cliStats(folder);
  const cliMs = (cli.ms + cliAfter.ms) / 2;
  console.log(`CLI again, after VS Code: ${(cliAfter.ms / 1000).toFixed(1)} s (mean ${(cliMs / 1000).toFixed(1)} s)`);
  const ratio = host.ms / cliMs;
  console.log(
    `host: open command to the tree's final counts: ${(host.ms / 1000).toFixed(1)} s (command done after ${(host.commandMs / 1000).toFixed(1)} s, the index cache written after ${(host.flushedMs / 1000).toFixed(1)} s)`,
  );
  console.log(`ratio host / CLI's mean: ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO})`);
  console.log(
    `host event loop, from the command to ${(host.watchedMs / 1000).toFixed(1)} s: max ${host.maxDelayMs.toFixed(0)} ms, p99 ${host.p99DelayMs.toFixed(0)} ms (target: max ≤ ${TARGET_MAX_DELAY_MS} ms)`,
  );
  printLoop(host);
  if (host.loadLine) console.log(`extension's log: ${host.loadLine}`);
  if (host.warm) {
    console.log(
      `warm reopen (Close All, then open the folder again through the index cache): ${(host.warm.ms / 1000).toFixed(2)} s to the tree's final counts (target ≤ ${TARGET_WARM_S} s), event loop max ${host.warm.maxDelayMs.toFixed(0)} ms, p99 ${host.warm.p99DelayMs.toFixed(0)} ms${host.warm.loadLine ? `; ${host.warm.loadLine}` : ''}`,
    );
    printLoop(host.warm);
  }
  return host.error ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
