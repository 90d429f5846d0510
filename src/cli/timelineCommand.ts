// `ctlens timeline`: events over time, one JSON line per bin (empty bins too, so a chart of them is continuous),
// from the same core function as the overview's chart.

import type { EventStore, TimelineOptions } from '../core';
import type { LineWriter } from './output';
import { terminalJson } from './terminalText';

/** Prints one line per bin: start, end, counts per series, errors. Returns how many events have no time (in no bin). */
export async function printTimeline(store: EventStore, ids: Uint32Array, options: TimelineOptions, out: LineWriter): Promise<number> {
  const timeline = store.timeline(ids, options);
  for (let bin = 0; bin < timeline.bins && !out.isClosed; bin++) {
    const start = timeline.start + bin * timeline.binMs;
    // Without a prototype: a value named __proto__ is a series like any other.
    const counts: Record<string, number> = Object.create(null);
    timeline.keys.forEach((key, series) => (counts[key] = timeline.counts[series][bin]));
    const line = { start: new Date(start).toISOString(), end: new Date(start + timeline.binMs).toISOString(), counts, errors: timeline.errors[bin] };
    await out.line(terminalJson(line));
  }
  return timeline.noTime;
}
