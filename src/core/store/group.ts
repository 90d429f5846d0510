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
import type { Dictionary } from './dictionary';
import type { Segment } from './segment';
import { sortSteps } from './steps';

/** Fields events can be grouped by. */
export type GroupField = InternedField | 'level' | 'category' | 'readOnly' | 'identityKind' | 'isS3' | 'file';

/** One value of the grouped field. */
export interface GroupBucket {
  /** The value as text; null for events without it. */
  value: string | null;
  count: number;
  /** Events of the group with an errorCode. */
  errors: number;
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

function isInterned(field: GroupField): field is InternedField {
  return (INTERNED_FIELDS as readonly string[]).includes(field);
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
  const interned = isInterned(field);
  const flag = field === 'file' || interned ? undefined : FLAG_FIELDS[field];
  // Ids come in runs of one segment (ascending ids, a segment after another): each run reads its segment's columns
  // in a tight loop, with the field decided once per run (per event, grouping a million events by level took 160 ms).
  let k = 0;
  let nextYield = IDS_PER_STEP;
  while (k < ids.length) {
    if (k >= nextYield) {
      nextYield = k + IDS_PER_STEP;
      yield;
    }
    const found = source.locate(ids[k]);
    if (found === undefined) {
      keys[k++] = -1;
      continue;
    }
    const { segment } = found;
    const { base } = segment;
    const end = base + segment.count;
    const from = k;
    while (k < ids.length && ids[k] >= base && ids[k] < end) k++;
    const errorColumn = segment.interned.errorCode;
    for (let r = from; r < k; r++) hasError[r] = errorColumn[ids[r] - base] === 0 ? 0 : 1;
    if (interned) {
      const column = segment.interned[field];
      for (let r = from; r < k; r++) keys[r] = column[ids[r] - base];
    } else if (flag !== undefined) {
      const { shift, mask } = flag;
      const flags = segment.flags;
      for (let r = from; r < k; r++) keys[r] = (flags[ids[r] - base] >> shift) & mask;
    } else {
      let fileKey = fileKeys.get(segment.file);
      if (fileKey === undefined) {
        fileKey = fileNames.length;
        fileNames.push(segment.file);
        fileKeys.set(segment.file, fileKey);
      }
      keys.fill(fileKey, from, k);
    }
  }
  // Every key space is bounded (dictionary size, 16 flag codes, file count), so counting uses typed arrays.
  const keySpace = interned ? source.dictionaries[field].size : field === 'file' ? fileNames.length : 16;
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
    const value = interned
      ? key === 0
        ? null
        : source.dictionaries[field].values[key]
      : field === 'file'
        ? fileNames[key]
        : FLAG_FIELDS[field].label(key);
    buckets.push({
      value: value === null ? null : String(value),
      count: counts[key],
      errors: errors[key],
      ids: grouped.subarray(starts[key], starts[key + 1]),
    });
  }
  return yield* sortSteps(buckets, byCountThenValue, BUCKETS_PER_STEP);
}

/**
 * Largest group first; ties by value, code unit by code unit (localeCompare took seconds on the 300,000 distinct
 * values a hostile log can hold; a tree that shows values alphabetically sorts its own page of them).
 */
function byCountThenValue(a: GroupBucket, b: GroupBucket): number {
  if (a.count !== b.count) return b.count - a.count;
  const left = String(a.value);
  const right = String(b.value);
  return left < right ? -1 : left > right ? 1 : 0;
}
