// The host benchmark's side inside the extension host (loaded through extensionTestsPath by test/e2e/benchHost.ts):
// opens the folder CTLENS_BENCH_FOLDER with the Open command, as a person would, and measures the time until the
// Events view's top-level groups show the final counts, and the event-loop delay of the extension host meanwhile
// (perf_hooks.monitorEventLoopDelay: every extension shares this loop, so its delay is what the editor waits).
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
  /** The longest gaps between two ticks of a 5 ms interval, with when they began (ms after the command): where to look in a profile. */
  longestBlocks: { ms: number; at: number }[];
  /** The longest garbage collections meanwhile (a pause of the whole host that no slicing of the work avoids). */
  longestGcMs: { ms: number; kind: string }[];
}

/** The figures benchHost.ts prints; written as JSON to CTLENS_BENCH_RESULTS. */
export interface HostLoadResult extends LoopWatch {
  /** From the open command to the tree's final counts. */
  ms: number;
  /** From the open command to the command's end (the load joined the store). */
  commandMs: number;
  /** From the open command to the index cache's entries written; the event loop is watched until SETTLE_WATCH_MS after. */
  flushedMs: number;
  /** From the open command to the end of the event loop's watch. */
  watchedMs: number;
  /** What the tree's top-level groups add up to. */
  treeEvents: number;
  /** The extension's own line about the load (LogSet.lastLoad), when this build logs one. */
  loadLine?: string;
  /** The same folder opened again after Close All, its index in the cache (issue 14's warm reopen, target ≤ 1.5 s), watched until the tree's counts. */
  warm?: { ms: number; loadLine?: string } & LoopWatch;
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
  const collections: { ms: number; kind: string }[] = [];
  const gcWatch = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      collections.push({ ms: entry.duration, kind: GC_KINDS[(entry as unknown as { detail: { kind: number } }).detail.kind] ?? 'other' });
  });
  gcWatch.observe({ entryTypes: ['gc'] });
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const started = performance.now();
  delay.enable();
  const blocks: { ms: number; at: number }[] = [];
  let lastTick = started;
  const ticker = setInterval(() => {
    const now = performance.now();
    if (now - lastTick > 2 * RESOLUTION_MS) blocks.push({ ms: now - lastTick, at: lastTick - started });
    lastTick = now;
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
        longestBlocks: blocks.sort((x, y) => y.ms - x.ms).slice(0, 5),
        longestGcMs: collections.sort((x, y) => y.ms - x.ms).slice(0, 5),
      };
    },
  };
}

export async function run(): Promise<void> {
  const folder = process.env.CTLENS_BENCH_FOLDER;
  const resultsFile = process.env.CTLENS_BENCH_RESULTS;
  const records = Number(process.env.CTLENS_BENCH_RECORDS);
  const events = Number(process.env.CTLENS_BENCH_EVENTS);
  if (!folder || !resultsFile || !Number.isFinite(records) || !Number.isFinite(events)) throw new Error('CTLENS_BENCH_* are not set');
  try {
    const a = await api();
    // The Events view must be on screen, so the workbench asks for its rows as a person's would.
    await vscode.commands.executeCommand('cloudtrailLens.events.focus');
    const profile = process.env.CTLENS_BENCH_PROFILE ? await startProfile() : undefined;
    const watch = watchLoop();
    const started = watch.started;
    const opened = vscode.commands.executeCommand('cloudtrailLens.openPath', vscode.Uri.file(folder));
    // Polling the store's size is cheap; the rows are asked for once it holds every record.
    await until('every record in the store', () => a.store.size === records, 600_000);
    await opened;
    const commandMs = performance.now() - started;
    const rows = await children(a.tree);
    const treeEvents = rows.reduce((sum, row) => sum + (countOfDescription(row.description) ?? 0), 0);
    const ms = performance.now() - started;
    // The load's work goes on after the counts (the index cache's entries, the trails rebuilt from the logs, the
    // other views): the editor waits for it as much, so the watch goes on until it has settled.
    await (a as unknown as { logs: { flushCache(): Promise<void> } }).logs.flushCache();
    const flushedMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_WATCH_MS));
    const watchedMs = performance.now() - started;
    const loop = watch.stop();
    if (profile) fs.writeFileSync(process.env.CTLENS_BENCH_PROFILE as string, JSON.stringify(await profile()));
    const result: HostLoadResult = {
      ms,
      commandMs,
      flushedMs,
      watchedMs,
      ...loop,
      treeEvents,
      loadLine: (a as unknown as { logs?: { lastLoad?: { line: string } } }).logs?.lastLoad?.line,
    };
    if (treeEvents !== events) result.error = `the tree's groups add up to ${treeEvents} events, the CLI counts ${events}`;
    else result.warm = await reopen(folder, records, events, process.env.CTLENS_BENCH_PROFILE_WARM);
    fs.writeFileSync(resultsFile, JSON.stringify(result, null, 2));
  } catch (error) {
    fs.writeFileSync(resultsFile, JSON.stringify({ error: String((error as Error).stack ?? error) }));
  }
}

/** Closes every log, waits for the index cache's writes, and times opening `folder` again until the tree's final counts. */
async function reopen(folder: string, records: number, events: number, profileFile?: string): Promise<HostLoadResult['warm']> {
  const a = await api();
  const logs = (a as unknown as { logs: { flushCache(): Promise<void>; lastLoad?: { line: string } } }).logs;
  await vscode.commands.executeCommand('cloudtrailLens.closeAll');
  await logs.flushCache();
  const profile = profileFile ? await startProfile() : undefined;
  const watch = watchLoop();
  const opened = vscode.commands.executeCommand('cloudtrailLens.openPath', vscode.Uri.file(folder));
  await until('every record in the store again', () => a.store.size === records, 600_000);
  await opened;
  const rows = await children(a.tree);
  const ms = performance.now() - watch.started;
  const loop = watch.stop();
  if (profile && profileFile) fs.writeFileSync(profileFile, JSON.stringify(await profile()));
  const treeEvents = rows.reduce((sum, row) => sum + (countOfDescription(row.description) ?? 0), 0);
  if (treeEvents !== events) throw new Error(`reopened, the tree's groups add up to ${treeEvents} events, the CLI counts ${events}`);
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
