// The top-N tables of the overview: the values of a field among a set of events with the most events (or the most
// S3 bytes), each with its errors and bytes. Bytes are S3's own counts, additionalEventData.bytesTransferredOut/In
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-understanding-s3-entries.html).

import { dimensionOf, type OverviewField, type OverviewSource } from './dimensions';
import { FirstKeys } from './firstKeys';
import { tally, tallyGroups, type KeyTally } from './tally';

/** What a table is ranked by: events, or S3 bytes out (downloads) or in (uploads). */
export type TopSort = 'count' | 'bytesOut' | 'bytesIn';

/** One value of a table. */
export interface TopRow {
  value: string;
  count: number;
  /** Events with an errorCode. */
  errors: number;
  /** S3 bytes, summed over the events that give them (a count a record does not give adds nothing). */
  bytesOut: number;
  bytesIn: number;
  /** Events that gave S3 byte counts. */
  transfers: number;
}

/** A table: how many distinct values the events have, how many have none, and the first rows. */
export interface TopValues {
  distinct: number;
  /** Events without a value of the field (no bucket, no errorCode…), in no row. */
  withoutValue: number;
  rows: TopRow[];
}

/** A table to compute: the field, how many rows (default 10; Infinity for all), ranked by what (default count). */
export interface TopOptions {
  by: OverviewField;
  n?: number;
  sortBy?: TopSort;
}

/** Rows of a table by default. */
export const DEFAULT_TOP_ROWS = 10;

/** Ranks `a` before `b`: more of the sort measure, then more events, then the value in code-unit order. */
function ranksBefore(tallied: KeyTally, sortBy: TopSort, label: (key: number) => string): (a: number, b: number) => boolean {
  const measure = sortBy === 'count' ? tallied.counts : tallied[sortBy];
  return (a, b) => {
    if (measure[a] !== measure[b]) return measure[a] > measure[b];
    if (tallied.counts[a] !== tallied.counts[b]) return tallied.counts[a] > tallied.counts[b];
    return label(a) < label(b);
  };
}

/**
 * The table of a tally: values with events, ranked. A table ranked by bytes lists only the values whose events gave
 * byte counts (the others moved nothing S3 counted).
 */
export function rankTally(tallied: KeyTally, label: (key: number) => string | null, options: Omit<TopOptions, 'by'>): TopValues {
  const sortBy = options.sortBy ?? 'count';
  const n = Math.max(0, options.n ?? DEFAULT_TOP_ROWS);
  const text = (key: number) => label(key) as string;
  const first = new FirstKeys(n, ranksBefore(tallied, sortBy, text));
  let distinct = 0;
  let withoutValue = 0;
  for (let key = 0; key < tallied.counts.length; key++) {
    if (tallied.counts[key] === 0) continue;
    if (label(key) === null) {
      withoutValue += tallied.counts[key];
      continue;
    }
    distinct++;
    if (sortBy === 'count' || tallied.transfers[key] > 0) first.offer(key);
  }
  const rows = first.ranked().map((key) => ({
    value: text(key),
    count: tallied.counts[key],
    errors: tallied.errors[key],
    bytesOut: tallied.bytesOut[key],
    bytesIn: tallied.bytesIn[key],
    transfers: tallied.transfers[key],
  }));
  return { distinct, withoutValue, rows };
}

/** The top values of one field among `ids` (ascending event ids). */
export function topValues(source: OverviewSource, ids: Uint32Array, options: TopOptions): TopValues {
  const dimension = dimensionOf(source, options.by);
  return rankTally(tally(source, ids, [dimension]).keys[0], dimension.label, options);
}

/**
 * The top groups among precomputed groups of ids (value → ascending ids), e.g. the origin principals session lineage
 * works out (`originGroups`): each group counted like a value of a field.
 */
export function topGroups(
  source: OverviewSource,
  groups: readonly { value: string | null; ids: Uint32Array }[],
  options: Omit<TopOptions, 'by'>,
): TopValues {
  return rankTally(tallyGroups(source, groups), (key) => groups[key].value, options);
}
