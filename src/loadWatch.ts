// How long a load took and how long it blocked the extension host meanwhile: the host runs every extension, so a
// load that blocks it freezes hovers, completions and other extensions' views too. LogSet logs one line per load.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { LoadResult } from './core';
import { formatCount } from './core';

/** How often the event loop's delay is sampled during a load (milliseconds; monitorEventLoopDelay's resolution). */
const LOOP_DELAY_RESOLUTION_MS = 5;
const NANOSECONDS_PER_MS = 1e6;

/** What one load cost: its time from the request to the store's change, and how long the extension host was blocked. */
export interface LoadReport {
  events: number;
  files: number;
  seconds: number;
  /** Files whose index came from the index cache (not read and parsed again). */
  fromCache: number;
  /** The longest and the 99th-percentile delay of the host's event loop meanwhile (perf_hooks.monitorEventLoopDelay). */
  maxDelayMs: number;
  p99DelayMs: number;
  /**
   * The line logged: "Loaded 1,000,000 events from 200 files (200 from the index cache) in 1.4 s; host event loop:
   * max 62 ms, p99 21 ms (…)".
   */
  line: string;
}

/**
 * Times a load and watches the extension host's event loop meanwhile: the host runs every extension, so a load that
 * blocks it for long freezes hovers, completions and other extensions' views too.
 */
export class LoadWatch {
  private readonly started = performance.now();
  private readonly delay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });

  constructor() {
    this.delay.enable();
  }

  /** Ends the watch once the event loop has turned, so a block the load ended with is sampled too. */
  async stop(result: LoadResult, what: string): Promise<LoadReport> {
    await new Promise((resolve) => setTimeout(resolve, 2 * LOOP_DELAY_RESOLUTION_MS));
    this.delay.disable();
    const seconds = (performance.now() - this.started) / 1000;
    // Without a sample (a load shorter than one resolution) the histogram holds no delay.
    const sampled = this.delay.count > 0;
    const maxDelayMs = sampled ? this.delay.max / NANOSECONDS_PER_MS : 0;
    const p99DelayMs = sampled ? this.delay.percentile(99) / NANOSECONDS_PER_MS : 0;
    const events = result.files.reduce((sum, loaded) => sum + loaded.index.count, 0);
    const files = result.files.length;
    const fromCache = result.fromCache ?? 0;
    const cached = fromCache === 0 ? '' : ` (${formatCount(fromCache)} from the index cache)`;
    const line =
      `Loaded ${formatCount(events)} events from ${formatCount(files)} file${files === 1 ? '' : 's'}${cached} in ${seconds.toFixed(1)} s; ` +
      `host event loop: max ${Math.round(maxDelayMs)} ms, p99 ${Math.round(p99DelayMs)} ms (${what})`;
    return { events, files, fromCache, seconds, maxDelayMs, p99DelayMs, line };
  }
}
