// Activity over time: a set of events counted per time bin, split into series by a field (the S3 level by default
// in the overview), with the errors of each bin. Two walks over the ids: the first finds the time range and the
// largest values, the second bins.

import { binCount, binStartOf, formatBinWidth, MAX_BINS, pickBinWidth } from './binWidths';
import { FirstKeys } from './firstKeys';
import { dimensionOf, type Dimension, type OverviewField, type OverviewSource } from './dimensions';
import { forEachRun, tally, type Tally } from './tally';
import { formatCount } from '../formatCount';

/** What splits the timeline into series, the bin width (picked from the span when absent), and the most series. */
export interface TimelineOptions {
  by: OverviewField;
  binMs?: number;
  /** The most values with a series of their own (default 8); the rest share OTHERS_SERIES. */
  maxSeries?: number;
}

/** Events counted per bin: `counts[s][b]` is the events of series `keys[s]` in bin `b`, which starts at `start + b * binMs`. */
export interface Timeline {
  binMs: number;
  /** The width's name, "1h", "15m". */
  binName: string;
  /** Start of the first bin and end of the last (ms since the epoch, UTC); both 0 when no event has a time. */
  start: number;
  end: number;
  bins: number;
  /** Series, largest first, then OTHERS_SERIES when there were more values than maxSeries. */
  keys: string[];
  counts: Float64Array[];
  /** Events with an errorCode per bin. */
  errors: Float64Array;
  /** Events per bin, every series. */
  totals: Float64Array;
  /** Events without a time (in no bin). */
  noTime: number;
}

/** Series of the events without a value of the field (no bucket, no principal). */
export const NO_VALUE_SERIES = '(none)';
/** Series of the values past maxSeries. */
export const OTHERS_SERIES = '(others)';
/** Series of a timeline by default. */
export const DEFAULT_MAX_SERIES = 8;

/** Thrown when the bin width asked for would give more than MAX_BINS bins over the events' span. */
export class TooManyBinsError extends RangeError {
  constructor(
    readonly binMs: number,
    readonly bins: number,
  ) {
    super(
      `${formatBinWidth(binMs)} bins over this time span would be ${formatCount(bins)} bins (at most ${formatCount(MAX_BINS)}): pick a wider bin`,
    );
  }
}

/** The timeline of `ids` (ascending event ids), from a first walk: its time range and the events per key of the series field. */
export function timelineFromTally(
  source: OverviewSource,
  ids: Uint32Array,
  dimension: Dimension,
  keyCounts: Float64Array,
  { first, last, noTime }: Pick<Tally, 'first' | 'last' | 'noTime'>,
  options: TimelineOptions,
): Timeline {
  if (options.binMs !== undefined && !(Number.isInteger(options.binMs) && options.binMs > 0))
    throw new RangeError(`a bin width is a whole number of milliseconds above 0, not ${options.binMs}`);
  const binMs = options.binMs ?? (Number.isNaN(first) ? pickBinWidth(0, 0) : pickBinWidth(first, last));
  if (Number.isNaN(first))
    return {
      binMs,
      binName: formatBinWidth(binMs),
      start: 0,
      end: 0,
      bins: 0,
      keys: [],
      counts: [],
      errors: new Float64Array(0),
      totals: new Float64Array(0),
      noTime,
    };
  const bins = binCount(first, last, binMs);
  if (bins > MAX_BINS) throw new TooManyBinsError(binMs, bins);
  const start = binStartOf(first, binMs);

  const label = (key: number) => dimension.label(key) ?? NO_VALUE_SERIES;
  const largest = new FirstKeys(Math.max(1, options.maxSeries ?? DEFAULT_MAX_SERIES), (a, b) =>
    keyCounts[a] !== keyCounts[b] ? keyCounts[a] > keyCounts[b] : label(a) < label(b),
  );
  let present = 0;
  for (let key = 0; key < keyCounts.length; key++) {
    if (keyCounts[key] === 0) continue;
    present++;
    largest.offer(key);
  }
  const named = largest.ranked();
  const keys = named.map(label);
  if (present > named.length) keys.push(OTHERS_SERIES);
  const seriesOfKey = new Int32Array(dimension.keySpace).fill(keys.length - 1);
  named.forEach((key, series) => (seriesOfKey[key] = series));

  // One array, series after series, filled by a tight loop per run, then cut into one array per series.
  const cells = new Float64Array(keys.length * bins);
  const errors = new Float64Array(bins);
  forEachRun(source, ids, (segment, from, to) =>
    binRun(segment.eventTime, dimension.keysOf(segment), segment.interned.errorCode, ids, from, to, segment.base - segment.at, {
      start,
      binMs,
      bins,
      seriesOfKey,
      cells,
      errors,
    }),
  );
  const counts = keys.map((_key, series) => cells.slice(series * bins, (series + 1) * bins));
  const totals = new Float64Array(bins);
  for (const series of counts) for (let bin = 0; bin < bins; bin++) totals[bin] += series[bin];
  return { binMs, binName: formatBinWidth(binMs), start, end: start + bins * binMs, bins, keys, counts, errors, totals, noTime };
}

interface Binning {
  start: number;
  binMs: number;
  bins: number;
  seriesOfKey: Int32Array;
  cells: Float64Array;
  errors: Float64Array;
}

function binRun(
  eventTime: Float64Array,
  column: ArrayLike<number>,
  errorCodes: ArrayLike<number>,
  ids: Uint32Array,
  from: number,
  to: number,
  rowBase: number,
  { start, binMs, bins, seriesOfKey, cells, errors }: Binning,
): void {
  for (let k = from; k < to; k++) {
    const row = ids[k] - rowBase;
    const time = eventTime[row];
    if (Number.isNaN(time)) continue;
    const bin = Math.floor((time - start) / binMs);
    cells[seriesOfKey[column[row]] * bins + bin]++;
    if (errorCodes[row] !== 0) errors[bin]++;
  }
}

/** Events of `ids` (ascending event ids) per time bin, split by a field. */
export function timeline(source: OverviewSource, ids: Uint32Array, options: TimelineOptions): Timeline {
  const dimension = dimensionOf(source, options.by);
  const tallied = tally(source, ids, [dimension], false);
  return timelineFromTally(source, ids, dimension, tallied.keys[0].counts, tallied, options);
}
