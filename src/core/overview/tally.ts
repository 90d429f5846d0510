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

/** The events of one run that had an error or moved bytes, as local indexes (and transfer entries), found once for every dimension. */
class RunScratch {
  errored = new Uint32Array(1024);
  erroredCount = 0;
  moved = new Uint32Array(1024);
  transferEntries = new Uint32Array(1024);
  movedCount = 0;

  fill(segment: Segment, ids: Uint32Array, from: number, to: number): void {
    if (this.errored.length < to - from) this.errored = new Uint32Array(to - from);
    this.erroredCount = collectErrored(segment.interned.errorCode, ids, from, to, segment.base, this.errored);
    const transfers = Math.min(to - from, segment.transfer.events.length);
    if (this.moved.length < transfers) {
      this.moved = new Uint32Array(transfers);
      this.transferEntries = new Uint32Array(transfers);
    }
    this.movedCount = 0;
    forEachTransfer(segment, ids, from, to, (k, t) => {
      this.moved[this.movedCount] = ids[k] - segment.base;
      this.transferEntries[this.movedCount++] = t;
    });
  }
}

// The loops below are small functions of typed arrays so that V8 compiles each tight (a closure over the walk's
// state was three times slower at a million events).

function collectErrored(errorCodes: ArrayLike<number>, ids: Uint32Array, from: number, to: number, base: number, into: Uint32Array): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const i = ids[k] - base;
    if (errorCodes[i] !== 0) into[count++] = i;
  }
  return count;
}

function countKeys(column: ArrayLike<number>, ids: Uint32Array, from: number, to: number, base: number, counts: Float64Array): void {
  for (let k = from; k < to; k++) counts[column[ids[k] - base]]++;
}

function countAt(column: ArrayLike<number>, locals: Uint32Array, count: number, into: Float64Array): void {
  for (let n = 0; n < count; n++) into[column[locals[n]]]++;
}

function addBytes(column: ArrayLike<number>, scratch: RunScratch, transfer: Segment['transfer'], into: KeyTally): void {
  for (let n = 0; n < scratch.movedCount; n++) {
    const key = column[scratch.moved[n]];
    const t = scratch.transferEntries[n];
    into.bytesOut[key] += bytes(transfer.bytesOut[t]);
    into.bytesIn[key] += bytes(transfer.bytesIn[t]);
    into.transfers[key]++;
  }
}

/** Earliest and latest time of a run, and its events without one, folded into `range` [first, last, noTime]. */
function foldTimes(eventTime: Float64Array, ids: Uint32Array, from: number, to: number, base: number, range: Float64Array): void {
  let [first, last, noTime] = range;
  for (let k = from; k < to; k++) {
    const time = eventTime[ids[k] - base];
    if (Number.isNaN(time)) noTime++;
    else {
      if (time < first) first = time;
      if (time > last) last = time;
    }
  }
  range[0] = first;
  range[1] = last;
  range[2] = noTime;
}

/** Counts `ids` per key of each dimension in one walk, with their time range. */
export function tally(source: OverviewSource, ids: Uint32Array, dimensions: readonly Dimension[]): Tally {
  const keys = dimensions.map((dimension) => emptyTally(dimension.keySpace));
  const range = Float64Array.of(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0);
  const scratch = new RunScratch();
  let events = 0;
  forEachRun(source, ids, (segment, from, to) => {
    events += to - from;
    foldTimes(segment.eventTime, ids, from, to, segment.base, range);
    scratch.fill(segment, ids, from, to);
    for (let d = 0; d < dimensions.length; d++) {
      const column = dimensions[d].keysOf(segment);
      countKeys(column, ids, from, to, segment.base, keys[d].counts);
      countAt(column, scratch.errored, scratch.erroredCount, keys[d].errors);
      addBytes(column, scratch, segment.transfer, keys[d]);
    }
  });
  const [first, last, noTime] = range;
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
