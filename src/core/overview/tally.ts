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
  const last = segment.transferAt + segment.transferCount;
  const rowBase = segment.base - segment.at;
  let t = segment.transferAt;
  for (let k = from; k < to && t < last; k++) {
    const row = ids[k] - rowBase;
    while (t < last && events[t] < row) t++;
    if (t < last && events[t] === row) visit(k, t);
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

/** What a walk needs of a whole segment, worked out once (a loaded segment never changes): the filter-less overview reads only the key columns. */
interface WholeSegment {
  /** Rows of the events with an errorCode, and of those that moved bytes (with their bytes). */
  errored: Uint32Array;
  moved: Uint32Array;
  movedOut: Float64Array;
  movedIn: Float64Array;
  /** [first, last, noTime] of its events. */
  range: Float64Array;
}

const wholeSegments = new WeakMap<Segment, WholeSegment>();
/**
 * Events a segment has before its whole is kept (five arrays): a smaller one is walked like any run. Kept for every
 * segment, they made the first overview of 10,000 files of 100 events hold 2.1 KB more per file.
 */
const WHOLE_SEGMENT_MIN_EVENTS = 1024;

function wholeSegment(segment: Segment): WholeSegment {
  let whole = wholeSegments.get(segment);
  if (whole === undefined) {
    const every = new Uint32Array(segment.count);
    for (let i = 0; i < segment.count; i++) every[i] = segment.base + i;
    const errored = new Uint32Array(segment.count);
    const range = Float64Array.of(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0);
    const rowBase = segment.base - segment.at;
    foldTimes(segment.eventTime, every, 0, segment.count, rowBase, range);
    const { transfer, transferAt, transferCount } = segment;
    const last = transferAt + transferCount;
    whole = {
      errored: errored.slice(0, collectErrored(segment.interned.errorCode, every, 0, segment.count, rowBase, errored)),
      moved: transfer.events.slice(transferAt, last),
      movedOut: transfer.bytesOut.slice(transferAt, last).map(bytes),
      movedIn: transfer.bytesIn.slice(transferAt, last).map(bytes),
      range,
    };
    wholeSegments.set(segment, whole);
  }
  return whole;
}

/** The rows of the events of one run that had an error or moved bytes (with their bytes), found once for every dimension. */
class RunScratch {
  errored: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  moved: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  /** Bytes out and in of each moved event (a count not given is 0). */
  movedOut: Float64Array<ArrayBufferLike> = new Float64Array(0);
  movedIn: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private erroredBuffer = new Uint32Array(1024);
  private movedBuffer = new Uint32Array(1024);
  private entriesBuffer = new Uint32Array(1024);
  private outBuffer = new Float64Array(1024);
  private inBuffer = new Float64Array(1024);

  /** Fills the lists for `ids[from..to)` and folds their times into `range`; the whole of a large segment comes from its cache. */
  fill(segment: Segment, ids: Uint32Array, from: number, to: number, withBytes: boolean, range: Float64Array): void {
    if (to - from === segment.count && segment.count >= WHOLE_SEGMENT_MIN_EVENTS) {
      // Ids ascend without repeats, so a run as long as its segment is all of it.
      const whole = wholeSegment(segment);
      range[0] = Math.min(range[0], whole.range[0]);
      range[1] = Math.max(range[1], whole.range[1]);
      range[2] += whole.range[2];
      this.errored = whole.errored;
      this.moved = withBytes ? whole.moved : this.movedBuffer.subarray(0, 0);
      this.movedOut = whole.movedOut;
      this.movedIn = whole.movedIn;
      return;
    }
    const rowBase = segment.base - segment.at;
    foldTimes(segment.eventTime, ids, from, to, rowBase, range);
    if (this.erroredBuffer.length < to - from) this.erroredBuffer = new Uint32Array(to - from);
    this.errored = this.erroredBuffer.subarray(0, collectErrored(segment.interned.errorCode, ids, from, to, rowBase, this.erroredBuffer));
    const transfers = withBytes ? Math.min(to - from, segment.transferCount) : 0;
    if (this.movedBuffer.length < transfers) {
      this.movedBuffer = new Uint32Array(transfers);
      this.entriesBuffer = new Uint32Array(transfers);
      this.outBuffer = new Float64Array(transfers);
      this.inBuffer = new Float64Array(transfers);
    }
    const moved = transfers === 0 ? 0 : collectMoved(segment, ids, from, to, this.movedBuffer, this.entriesBuffer);
    for (let n = 0; n < moved; n++) {
      this.outBuffer[n] = bytes(segment.transfer.bytesOut[this.entriesBuffer[n]]);
      this.inBuffer[n] = bytes(segment.transfer.bytesIn[this.entriesBuffer[n]]);
    }
    this.moved = this.movedBuffer.subarray(0, moved);
    this.movedOut = this.outBuffer.subarray(0, moved);
    this.movedIn = this.inBuffer.subarray(0, moved);
  }
}

// The loops below are small functions of typed arrays so that V8 compiles each tight (a closure over the walk's
// state was three times slower at a million events).

/** The rows of the run's events with an errorCode, into `into`; event `ids[k]` is at row `ids[k] - rowBase`. */
function collectErrored(errorCodes: ArrayLike<number>, ids: Uint32Array, from: number, to: number, rowBase: number, into: Uint32Array): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const row = ids[k] - rowBase;
    if (errorCodes[row] !== 0) into[count++] = row;
  }
  return count;
}

/** forEachTransfer as a loop: the rows of the run's events in the transfer column, and their entries. */
function collectMoved(segment: Segment, ids: Uint32Array, from: number, to: number, moved: Uint32Array, entries: Uint32Array): number {
  const { events } = segment.transfer;
  const last = segment.transferAt + segment.transferCount;
  const rowBase = segment.base - segment.at;
  let count = 0;
  let t = segment.transferAt;
  for (let k = from; k < to && t < last; k++) {
    const row = ids[k] - rowBase;
    while (t < last && events[t] < row) t++;
    if (t < last && events[t] === row) {
      moved[count] = row;
      entries[count++] = t;
    }
  }
  return count;
}

function countKeys(column: ArrayLike<number>, ids: Uint32Array, from: number, to: number, rowBase: number, counts: Float64Array): void {
  for (let k = from; k < to; k++) counts[column[ids[k] - rowBase]]++;
}

function countAll(column: ArrayLike<number>, at: number, count: number, counts: Float64Array): void {
  for (let row = at; row < at + count; row++) counts[column[row]]++;
}

function countAt(column: ArrayLike<number>, rows: Uint32Array, into: Float64Array): void {
  for (let n = 0; n < rows.length; n++) into[column[rows[n]]]++;
}

function addBytes(column: ArrayLike<number>, { moved, movedOut, movedIn }: RunScratch, { bytesOut, bytesIn, transfers }: KeyTally): void {
  for (let n = 0; n < moved.length; n++) {
    const key = column[moved[n]];
    bytesOut[key] += movedOut[n];
    bytesIn[key] += movedIn[n];
    transfers[key]++;
  }
}

/** Earliest and latest time of a run, and its events without one, folded into `range` [first, last, noTime]. */
function foldTimes(eventTime: Float64Array, ids: Uint32Array, from: number, to: number, rowBase: number, range: Float64Array): void {
  let [first, last, noTime] = range;
  for (let k = from; k < to; k++) {
    const time = eventTime[ids[k] - rowBase];
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

/** Counts `ids` per key of each dimension in one walk, with their time range; S3 bytes too unless `withBytes` is false (a timeline needs none). */
export function tally(source: OverviewSource, ids: Uint32Array, dimensions: readonly Dimension[], withBytes = true): Tally {
  const keys = dimensions.map((dimension) => emptyTally(dimension.keySpace));
  const range = Float64Array.of(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0);
  const scratch = new RunScratch();
  let events = 0;
  forEachRun(source, ids, (segment, from, to) => {
    events += to - from;
    scratch.fill(segment, ids, from, to, withBytes, range);
    for (let d = 0; d < dimensions.length; d++) {
      const column = dimensions[d].keysOf(segment);
      if (to - from === segment.count) countAll(column, segment.at, segment.count, keys[d].counts);
      else countKeys(column, ids, from, to, segment.base - segment.at, keys[d].counts);
      countAt(column, scratch.errored, keys[d].errors);
      addBytes(column, scratch, keys[d]);
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
      const rowBase = segment.base - segment.at;
      for (let k = from; k < to; k++) if (errorCodes[group.ids[k] - rowBase] !== 0) into.errors[key]++;
      forEachTransfer(segment, group.ids, from, to, (_k, t) => {
        into.bytesOut[key] += bytes(segment.transfer.bytesOut[t]);
        into.bytesIn[key] += bytes(segment.transfer.bytesIn[t]);
        into.transfers[key]++;
      });
    });
  });
  return into;
}
