// The host benchmark's side inside the extension host (loaded through extensionTestsPath by test/e2e/benchHost.ts):
// in each round, times `ctlens stats` on the folder CTLENS_BENCH_FOLDER, opens the folder with the Open command, as a
// person would, the index cache emptied first, and measures the time until the Events view's top-level groups show
// the final counts and the event-loop delay of the extension host meanwhile (perf_hooks.monitorEventLoopDelay: every
// extension shares this loop, so its delay is what the editor waits); then closes every log and times the folder's
// warm reopen through the cache.
import { execFile } from 'child_process';
import * as fs from 'fs';
import { Session } from 'inspector';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'perf_hooks';
import * as vscode from 'vscode';
import { countOfDescription } from '../cliStats';
import { api, children, until } from '../suite/util';

/** What the event loop did while watched: its delay, its longest blocks and garbage collections. */
export interface LoopWatch {
  maxDelayMs: number;
  p99DelayMs: number;
  /** The longest gaps between two ticks of a 5 ms interval: where to look in a profile, and what the thread did meanwhile. */
  longestBlocks: LoopBlock[];
  /** The longest garbage collections meanwhile (a pause of the whole host that no slicing of the work avoids). */
  longestGcMs: { ms: number; kind: string }[];
}

/**
 * A gap between two ticks: when it began (ms after the command), the garbage collections in it, and, where Linux tells
 * (/proc/thread-self/schedstat), how long the host's thread ran on a processor and how long it waited for one: a gap
 * the thread spent waiting is the other processes' and threads' (the load's workers, the window's renderer), not a
 * step of its own.
 */
export interface LoopBlock {
  ms: number;
  at: number;
  gcMs: number;
  onCpuMs?: number;
  waitingMs?: number;
}

/** The host thread's time on a processor and waiting in a run queue, in ms (sched-stats.rst); undefined elsewhere. */
function schedulerTimes(): { onCpuMs: number; waitingMs: number } | undefined {
  try {
    const [onCpu, waiting] = fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return Number.isFinite(onCpu) && Number.isFinite(waiting) ? { onCpuMs: onCpu / 1e6, waitingMs: waiting / 1e6 } : undefined;
  } catch {
    return undefined;
  }
}

/** One load of the folder in the host, until the tree's final counts. */
export interface HostLoad extends LoopWatch {
  /** From the open command to the tree's final counts. */
  ms: number;
  /** The extension's own line about the load (LogSet.lastLoad). */
  loadLine?: string;
}

/** A cold load, and the work it leaves after the counts. */
export interface ColdLoad extends HostLoad {
  /** From the open command to the command's end (the load joined the store). */
  commandMs: number;
  /** From the open command to the index cache's entries written; the event loop is watched until SETTLE_WATCH_MS after. */
  flushedMs: number;
  /** From the open command to the end of the event loop's watch. */
  watchedMs: number;
}

/**
 * A round: `ctlens stats` on the folder, then the folder opened in the host with the index cache empty (cold), then
 * again after Close All through the cache (issue 14's warm reopen, target ≤ 1.5 s). The CLI and the host take turns
 * so that a round's ratio compares runs made within the same minute (this machine's speed drifts by a third).
 */
export interface HostRound {
  cliMs: number;
  cold: ColdLoad;
  warm: HostLoad;
}

/** The figures benchHost.ts prints; written as JSON to CTLENS_BENCH_RESULTS. */
export interface HostLoadResult {
  rounds: HostRound[];
  error?: string;
}

const RESOLUTION_MS = 5;
/** How long the event loop is still watched once the cache's entries are written (the trails' rebuild, the views). */
const SETTLE_WATCH_MS = 3000;
const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};

/** Starts watching the event loop (monitorEventLoopDelay, a 5 ms ticker, GC entries); `stop` tells what it saw. */
function watchLoop(): { started: number; stop(): LoopWatch } {
  const collections: { ms: number; kind: string; start: number }[] = [];
  const gcWatch = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      collections.push({
        ms: entry.duration,
        kind: GC_KINDS[(entry as unknown as { detail: { kind: number } }).detail.kind] ?? 'other',
        start: entry.startTime,
      });
  });
  gcWatch.observe({ entryTypes: ['gc'] });
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const started = performance.now();
  delay.enable();
  const blocks: (LoopBlock & { start: number })[] = [];
  let lastTick = started;
  let lastTimes = schedulerTimes();
  const ticker = setInterval(() => {
    const now = performance.now();
    const times = schedulerTimes();
    if (now - lastTick > 2 * RESOLUTION_MS) {
      const block: LoopBlock & { start: number } = { ms: now - lastTick, at: lastTick - started, gcMs: 0, start: lastTick };
      if (times && lastTimes) {
        block.onCpuMs = times.onCpuMs - lastTimes.onCpuMs;
        block.waitingMs = times.waitingMs - lastTimes.waitingMs;
      }
      blocks.push(block);
    }
    lastTick = now;
    lastTimes = times;
  }, RESOLUTION_MS);
  return {
    started,
    stop: () => {
      delay.disable();
      clearInterval(ticker);
      gcWatch.disconnect();
      return {
        maxDelayMs: delay.max / 1e6,
        p99DelayMs: delay.percentile(99) / 1e6,
        longestBlocks: blocks
          .sort((x, y) => y.ms - x.ms)
          .slice(0, 5)
          .map(({ start, ...block }) => {
            const end = start + block.ms;
            const overlap = (gc: { ms: number; start: number }) => Math.max(0, Math.min(end, gc.start + gc.ms) - Math.max(start, gc.start));
            return { ...block, gcMs: collections.reduce((sum, gc) => sum + overlap(gc), 0) };
          }),
        longestGcMs: collections
          .sort((x, y) => y.ms - x.ms)
          .slice(0, 5)
          .map(({ ms, kind }) => ({ ms, kind })),
      };
    },
  };
}

interface BenchLogs {
  flushCache(): Promise<void>;
  lastLoad?: { line: string };
}

/** The bench's settings, from the environment benchHost.ts gives the server. */
function benchSettings() {
  const env = process.env;
  const settings = {
    folder: env.CTLENS_BENCH_FOLDER ?? '',
    resultsFile: env.CTLENS_BENCH_RESULTS ?? '',
    records: Number(env.CTLENS_BENCH_RECORDS),
    events: Number(env.CTLENS_BENCH_EVENTS),
    rounds: Number(env.CTLENS_BENCH_ROUNDS),
    node: env.CTLENS_BENCH_NODE ?? '',
    cli: env.CTLENS_BENCH_CLI ?? '',
  };
  const { folder, resultsFile, records, events, rounds, node, cli } = settings;
  if (!folder || !resultsFile || !node || !cli || ![records, events, rounds].every(Number.isSafeInteger))
    throw new Error('CTLENS_BENCH_* are not set');
  return settings;
}

/** `ctlens stats` on the folder, run by the Node users run it with (not the host's): its wall time. */
function timeCli(node: string, cli: string, folder: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) =>
    execFile(node, [cli, 'stats', folder], { maxBuffer: 256 << 20 }, (error) => {
      // Exit 1: some input had problems; the run is timed all the same.
      if (error && error.code !== 1) reject(error);
      else resolve(performance.now() - started);
    }),
  );
}

export async function run(): Promise<void> {
  const settings = benchSettings();
  const result: HostLoadResult = { rounds: [] };
  try {
    const a = await api();
    const logs = (a as unknown as { logs: BenchLogs }).logs;
    // The Events view must be on screen, so the workbench asks for its rows as a person's would.
    await vscode.commands.executeCommand('cloudtrailLens.events.focus');
    for (let round = 0; round < settings.rounds; round++) {
      if (round > 0) {
        await vscode.commands.executeCommand('cloudtrailLens.closeAll');
        await logs.flushCache();
        await vscode.commands.executeCommand('cloudtrailLens.clearIndexCache');
      }
      const cliMs = await timeCli(settings.node, settings.cli, settings.folder);
      const cold = await coldLoad(a, logs, settings, profileOfRound(process.env.CTLENS_BENCH_PROFILE, round));
      const warm = await reopen(a, logs, settings, profileOfRound(process.env.CTLENS_BENCH_PROFILE_WARM, round));
      result.rounds.push({ cliMs, cold, warm });
    }
  } catch (error) {
    result.error = String((error as Error).stack ?? error);
  }
  fs.writeFileSync(settings.resultsFile, JSON.stringify(result, null, 2));
}

/** Where the round's profile goes: the file named, its name numbered after the first round (a.cpuprofile, a-2.cpuprofile…). */
function profileOfRound(file: string | undefined, round: number): string | undefined {
  return file === undefined || round === 0 ? file : file.replace(/(\.cpuprofile)?$/, `-${round + 1}$1`);
}

type Settings = ReturnType<typeof benchSettings>;
type Api = Awaited<ReturnType<typeof api>>;

/** What the tree's top-level groups add up to, checked against the CLI's count. */
async function treeCounts(a: Api, events: number, when: string): Promise<void> {
  const rows = await children(a.tree);
  const treeEvents = rows.reduce((sum, row) => sum + (countOfDescription(row.description) ?? 0), 0);
  if (treeEvents !== events) throw new Error(`${when}, the tree's groups add up to ${treeEvents} events, the CLI counts ${events}`);
}

/** Opens the folder (the index cache empty) and times it until the tree's final counts, then watches the work after. */
async function coldLoad(a: Api, logs: BenchLogs, { folder, records, events }: Settings, profileFile?: string): Promise<ColdLoad> {
  const profile = profileFile ? await startProfile() : undefined;
  const watch = watchLoop();
  const started = watch.started;
  const opened = vscode.commands.executeCommand('cloudtrailLens.openPath', vscode.Uri.file(folder));
  // Polling the store's size is cheap; the rows are asked for once it holds every record.
  await until('every record in the store', () => a.store.size === records, 600_000);
  await opened;
  const commandMs = performance.now() - started;
  await treeCounts(a, events, 'opened');
  const ms = performance.now() - started;
  // The load's work goes on after the counts (the index cache's entries, the trails rebuilt from the logs, the
  // other views): the editor waits for it as much, so the watch goes on until it has settled.
  await logs.flushCache();
  const flushedMs = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, SETTLE_WATCH_MS));
  const watchedMs = performance.now() - started;
  const loop = watch.stop();
  if (profile && profileFile) fs.writeFileSync(profileFile, JSON.stringify(await profile()));
  return { ms, commandMs, flushedMs, watchedMs, ...loop, loadLine: logs.lastLoad?.line };
}

/** Closes every log, waits for the index cache's writes, and times opening the folder again until the tree's final counts. */
async function reopen(a: Api, logs: BenchLogs, { folder, records, events }: Settings, profileFile?: string): Promise<HostLoad> {
  await vscode.commands.executeCommand('cloudtrailLens.closeAll');
  await logs.flushCache();
  const profile = profileFile ? await startProfile() : undefined;
  const watch = watchLoop();
  const opened = vscode.commands.executeCommand('cloudtrailLens.openPath', vscode.Uri.file(folder));
  await until('every record in the store again', () => a.store.size === records, 600_000);
  await opened;
  await treeCounts(a, events, 'reopened');
  const ms = performance.now() - watch.started;
  const loop = watch.stop();
  if (profile && profileFile) fs.writeFileSync(profileFile, JSON.stringify(await profile()));
  return { ms, ...loop, loadLine: logs.lastLoad?.line };
}

/** A CPU profile of the extension host (CTLENS_BENCH_PROFILE names the .cpuprofile file): to find what blocks it. */
async function startProfile(): Promise<() => Promise<unknown>> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 1000 });
  await post('Profiler.start');
  return async () => {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    session.disconnect();
    return profile;
  };
}
