// One walk over a set of event ids, counting per key of one or more dimensions: events, errors and S3 bytes, into
// typed arrays indexed by key. Ids ascend, like the segments, so the walk visits each segment once, with a run of ids.

import type { Segment } from '../store/segment';
import type { Dimension, OverviewSource } from './dimensions';

/** Per key of one dimension: events, events with an errorCode, S3 bytes (NaN counted as 0) and events that gave bytes. */
export interface KeyTally {
  counts: Float64Array;
  errors: Float64Array;
  bytesOut: Float64Array;
  bytesIn: Float64Array;
  transfers: Float64Array;
}

/** The tallies of a walk, and what it saw of the events' times. */
export interface Tally {
  keys: KeyTally[];
  /** Events among the ids that are loaded. */
  events: number;
  /** Earliest and latest eventTime (NaN when no event has one). */
  first: number;
  last: number;
  /** Events without a time. */
  noTime: number;
}

/** Calls `visit(segment, from, to)` for each run `ids[from..to)` inside one segment; ids no loaded segment holds are skipped. */
export function forEachRun(source: OverviewSource, ids: Uint32Array, visit: (segment: Segment, from: number, to: number) => void): void {
  const { segments } = source;
  let s = 0;
  let k = 0;
  while (k < ids.length && s < segments.length) {
    const segment = segments[s];
    const end = segment.base + segment.count;
    if (ids[k] >= end) s++;
    else if (ids[k] < segment.base) k++;
    else {
      let to = k + 1;
      while (to < ids.length && ids[to] < end) to++;
      visit(segment, k, to);
      k = to;
      s++;
    }
  }
}

/** Calls `visit(k, t)` for each id `ids[k]` of the run that moved bytes, `t` being its entry in the segment's transfer column. */
export function forEachTransfer(segment: Segment, ids: Uint32Array, from: number, to: number, visit: (k: number, t: number) => void): void {
  const { events } = segment.transfer;
  if (events.length === 0) return;
  let t = 0;
  for (let k = from; k < to && t < events.length; k++) {
    const local = ids[k] - segment.base;
    while (t < events.length && events[t] < local) t++;
    if (events[t] === local) visit(k, t);
  }
}

function emptyTally(keySpace: number): KeyTally {
  return {
    counts: new Float64Array(keySpace),
    errors: new Float64Array(keySpace),
    bytesOut: new Float64Array(keySpace),
    bytesIn: new Float64Array(keySpace),
    transfers: new Float64Array(keySpace),
  };
}

const bytes = (count: number): number => (Number.isNaN(count) ? 0 : count);

/** Counts `ids` per key of each dimension in one walk, with their time range. */
export function tally(source: OverviewSource, ids: Uint32Array, dimensions: readonly Dimension[]): Tally {
  const keys = dimensions.map((dimension) => emptyTally(dimension.keySpace));
  let events = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let noTime = 0;
  forEachRun(source, ids, (segment, from, to) => {
    const { base, eventTime } = segment;
    const errorCodes = segment.interned.errorCode;
    events += to - from;
    for (let k = from; k < to; k++) {
      const time = eventTime[ids[k] - base];
      if (Number.isNaN(time)) noTime++;
      else {
        if (time < first) first = time;
        if (time > last) last = time;
      }
    }
    const columns = dimensions.map((dimension) => dimension.keysOf(segment));
    for (let d = 0; d < dimensions.length; d++) {
      const column = columns[d];
      const { counts, errors } = keys[d];
      for (let k = from; k < to; k++) {
        const i = ids[k] - base;
        const key = column[i];
        counts[key]++;
        if (errorCodes[i] !== 0) errors[key]++;
      }
    }
    const { bytesOut, bytesIn } = segment.transfer;
    forEachTransfer(segment, ids, from, to, (k, t) => {
      const i = ids[k] - base;
      for (let d = 0; d < dimensions.length; d++) {
        const key = columns[d][i];
        const into = keys[d];
        into.bytesOut[key] += bytes(bytesOut[t]);
        into.bytesIn[key] += bytes(bytesIn[t]);
        into.transfers[key]++;
      }
    });
  });
  return events - noTime === 0 ? { keys, events, first: Number.NaN, last: Number.NaN, noTime } : { keys, events, first, last, noTime };
}

/** Counts each group of ids (a key per group, e.g. the origin principals of session lineage) as `tally` counts a key. */
export function tallyGroups(source: OverviewSource, groups: readonly { ids: Uint32Array }[]): KeyTally {
  const into = emptyTally(groups.length);
  groups.forEach((group, key) => {
    forEachRun(source, group.ids, (segment, from, to) => {
      const errorCodes = segment.interned.errorCode;
      into.counts[key] += to - from;
      for (let k = from; k < to; k++) if (errorCodes[group.ids[k] - segment.base] !== 0) into.errors[key]++;
      forEachTransfer(segment, group.ids, from, to, (_k, t) => {
        into.bytesOut[key] += bytes(segment.transfer.bytesOut[t]);
        into.bytesIn[key] += bytes(segment.transfer.bytesIn[t]);
        into.transfers[key]++;
      });
    });
  });
  return into;
}
