// Grouping event ids by one field: counts, error counts, and the ids of each group so a tree can page
// through a group of a million events lazily (subarray, no copy).

import {
  FLAG_MASKS,
  FLAG_SHIFTS,
  flagCategory,
  flagIdentityKind,
  flagLevel,
  flagReadOnly,
  INTERNED_FIELDS,
  type InternedField,
} from '../load/indexSchema';
import { compareCodeUnits } from '../compareCodeUnits';
import type { Dictionary } from './dictionary';
import type { Segment } from './segment';
import { sortSteps } from './steps';

/** Fields events can be grouped by. */
export type GroupField = InternedField | 'level' | 'category' | 'readOnly' | 'identityKind' | 'isS3' | 'file';
/** Fields events can be counted by (a file's count is its segment's). */
export type CountField = Exclude<GroupField, 'file'>;

/** How many events have one value of a field. */
export interface GroupCount {
  /** The value as text; null for events without it. */
  value: string | null;
  count: number;
  /** Events of the group with an errorCode. */
  errors: number;
}

/** One value of the grouped field, with its events. */
export interface GroupBucket extends GroupCount {
  /** The group's event ids, ascending when the input ids were. */
  ids: Uint32Array;
}

/** What grouping reads from the store. */
export interface GroupSource {
  locate(id: number): { segment: Segment; i: number } | undefined;
  dictionaries: Record<InternedField, Dictionary>;
}

const FLAG_FIELDS = {
  level: { shift: FLAG_SHIFTS.level, mask: FLAG_MASKS.level, label: (code: number) => flagLevel(code << FLAG_SHIFTS.level) },
  category: { shift: FLAG_SHIFTS.category, mask: FLAG_MASKS.category, label: (code: number) => flagCategory(code << FLAG_SHIFTS.category) },
  readOnly: { shift: FLAG_SHIFTS.readOnly, mask: FLAG_MASKS.readOnly, label: (code: number) => flagReadOnly(code << FLAG_SHIFTS.readOnly) },
  identityKind: {
    shift: FLAG_SHIFTS.identityKind,
    mask: FLAG_MASKS.identityKind,
    label: (code: number) => flagIdentityKind(code << FLAG_SHIFTS.identityKind),
  },
  isS3: { shift: FLAG_SHIFTS.isS3, mask: FLAG_MASKS.isS3, label: (code: number) => code === 1 },
} as const;
const FLAG_KEY_SPACE = 16;

function isInterned(field: GroupField): field is InternedField {
  return (INTERNED_FIELDS as readonly string[]).includes(field);
}

/** Where a segment keeps a field's key of each event: `(column[i] >> shift) & mask` (an interned id, or a flag code). */
function keyColumn(segment: Segment, field: CountField): { column: Uint16Array | Uint32Array; shift: number; mask: number } {
  if (isInterned(field)) return { column: segment.interned[field], shift: 0, mask: 0x7fff_ffff };
  const { shift, mask } = FLAG_FIELDS[field];
  return { column: segment.flags, shift, mask };
}

/** The value of `key` of a counted field, as text (null for events without it). */
function valueOfKey(field: CountField, key: number, source: GroupSource): string | null {
  const value = isInterned(field) ? (key === 0 ? null : source.dictionaries[field].values[key]) : FLAG_FIELDS[field].label(key);
  return value === null ? null : String(value);
}

/**
 * The end of the run of ids from `k` that are in the segment of ids[k] (ascending ids come a segment after another),
 * with that segment; undefined for an id no longer loaded.
 */
function runAt(ids: Uint32Array, k: number, source: GroupSource): { segment: Segment; end: number } | undefined {
  const found = source.locate(ids[k]);
  if (found === undefined) return undefined;
  const { segment } = found;
  const { base } = segment;
  const last = base + segment.count;
  let end = k + 1;
  while (end < ids.length && ids[end] >= base && ids[end] < last) end++;
  return { segment, end };
}

/**
 * Counts `ids` by `field`, with error counts, without listing each value's ids (what `ctlens stats` prints); sorted
 * like group's buckets. Grouping four fields of a million events for their counts took 125 ms, most of it sorting the
 * ids into their groups.
 */
export function countEvents(ids: Uint32Array, field: CountField, source: GroupSource): GroupCount[] {
  const keySpace = isInterned(field) ? source.dictionaries[field].size : FLAG_KEY_SPACE;
  const counts = new Uint32Array(keySpace);
  const errors = new Uint32Array(keySpace);
  for (let k = 0; k < ids.length;) {
    const run = runAt(ids, k, source);
    if (run === undefined) {
      k++;
      continue;
    }
    const { segment, end } = run;
    const { column, shift, mask } = keyColumn(segment, field);
    countRun(ids, k, end, segment.base - segment.at, column, shift, mask, segment.interned.errorCode, counts, errors);
    k = end;
  }
  const found: GroupCount[] = [];
  for (let key = 0; key < keySpace; key++)
    if (counts[key] > 0) found.push({ value: valueOfKey(field, key, source), count: counts[key], errors: errors[key] });
  return found.sort(byCountThenValue);
}

/**
 * Counts the keys of `ids[k…end)`, events of one segment (event `ids[k]` at row `ids[k] - rowBase` of its columns), and
 * of those with an errorCode. Its own function, so that countEvents' optimised code, made again as each field brings another property name, shares
 * nothing with this loop: four counts of a million events took 57 ms with it inline, 25 ms apart.
 */
function countRun(
  ids: Uint32Array,
  from: number,
  end: number,
  rowBase: number,
  column: Uint16Array | Uint32Array,
  shift: number,
  mask: number,
  errorColumn: Uint16Array | Uint32Array,
  counts: Uint32Array,
  errors: Uint32Array,
): void {
  for (let k = from; k < end; k++) {
    const row = ids[k] - rowBase;
    const key = (column[row] >> shift) & mask;
    counts[key]++;
    if (errorColumn[row] !== 0) errors[key]++;
  }
}

/**
 * Writes at `keys[k]`, for k in [from, end), the key of event `ids[k]` of one segment, `(column[row] >> shift) & mask`
 * (row as in countRun): its own function for the reason countRun is.
 */
function keysOfRun(
  ids: Uint32Array,
  from: number,
  end: number,
  rowBase: number,
  column: Uint16Array | Uint32Array,
  shift: number,
  mask: number,
  keys: Int32Array,
): void {
  for (let k = from; k < end; k++) keys[k] = (column[ids[k] - rowBase] >> shift) & mask;
}

/** Writes at `hasError[k]`, for k in [from, end), 1 when event `ids[k]` of one segment has an errorCode (row as in countRun). */
function errorsOfRun(
  ids: Uint32Array,
  from: number,
  end: number,
  rowBase: number,
  errorColumn: Uint16Array | Uint32Array,
  hasError: Uint8Array,
): void {
  for (let k = from; k < end; k++) hasError[k] = errorColumn[ids[k] - rowBase] === 0 ? 0 : 1;
}

/** Ids grouped between two yields of groupEventsSteps: grouping a million events by level took 52-86 ms at once. */
const IDS_PER_STEP = 1 << 16;
/**
 * Keys made into buckets, or buckets sorted, between two yields: made and sorted at once, the principals of 10,000
 * small files (a million events) took 800–870 ms.
 */
const BUCKETS_PER_STEP = 4096;

/**
 * Groups `ids` by `field`; buckets sorted by count, largest first. In steps of about IDS_PER_STEP ids
 * (core/store/steps.ts runs them at once or in slices).
 */
export function* groupEventsSteps(ids: Uint32Array, field: GroupField, source: GroupSource): Generator<void, GroupBucket[]> {
  const keys = new Int32Array(ids.length);
  const hasError = new Uint8Array(ids.length);
  const fileNames: string[] = [];
  const fileKeys = new Map<string, number>();
  // Ids come in runs of one segment: each run reads its segment's columns in a tight loop, with the field decided
  // once per run (per event, grouping a million events by level took 160 ms).
  let k = 0;
  let nextYield = IDS_PER_STEP;
  while (k < ids.length) {
    if (k >= nextYield) {
      nextYield = k + IDS_PER_STEP;
      yield;
    }
    const run = runAt(ids, k, source);
    if (run === undefined) {
      keys[k++] = -1;
      continue;
    }
    const { segment, end } = run;
    const rowBase = segment.base - segment.at;
    errorsOfRun(ids, k, end, rowBase, segment.interned.errorCode, hasError);
    if (field === 'file') {
      let fileKey = fileKeys.get(segment.file);
      if (fileKey === undefined) {
        fileKey = fileNames.length;
        fileNames.push(segment.file);
        fileKeys.set(segment.file, fileKey);
      }
      keys.fill(fileKey, k, end);
    } else {
      const { column, shift, mask } = keyColumn(segment, field);
      keysOfRun(ids, k, end, rowBase, column, shift, mask, keys);
    }
    k = end;
  }
  // Every key space is bounded (dictionary size, 16 flag codes, file count), so counting uses typed arrays.
  const keySpace = isInterned(field) ? source.dictionaries[field].size : field === 'file' ? fileNames.length : FLAG_KEY_SPACE;
  const counts = new Uint32Array(keySpace);
  const errors = new Uint32Array(keySpace);
  yield;
  for (let k = 0; k < ids.length; k++) {
    if (keys[k] < 0) continue;
    counts[keys[k]]++;
    errors[keys[k]] += hasError[k];
  }
  yield;
  // Counting sort: the ids of all groups in one array, grouped by key and ascending inside each group; every
  // bucket is a view of its part (a million distinct values cost no million small arrays).
  const starts = new Uint32Array(keySpace + 1);
  for (let key = 0; key < keySpace; key++) starts[key + 1] = starts[key] + counts[key];
  const grouped = new Uint32Array(starts[keySpace]);
  const next = starts.slice(0, keySpace);
  for (let k = 0; k < ids.length; k++) if (keys[k] >= 0) grouped[next[keys[k]]++] = ids[k];
  const buckets: GroupBucket[] = [];
  for (let key = 0; key < keySpace; key++) {
    if (key % BUCKETS_PER_STEP === BUCKETS_PER_STEP - 1) yield;
    if (counts[key] === 0) continue;
    buckets.push({
      value: field === 'file' ? fileNames[key] : valueOfKey(field, key, source),
      count: counts[key],
      errors: errors[key],
      ids: grouped.subarray(starts[key], starts[key + 1]),
    });
  }
  return yield* sortSteps(buckets, byCountThenValue, BUCKETS_PER_STEP);
}

/**
 * Largest group first; ties by value, code unit by code unit (compareCodeUnits; a tree that shows values
 * alphabetically sorts its own page of them).
 */
function byCountThenValue(a: GroupCount, b: GroupCount): number {
  if (a.count !== b.count) return b.count - a.count;
  return compareCodeUnits(String(a.value), String(b.value));
}
