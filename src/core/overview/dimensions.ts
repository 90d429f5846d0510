// What the overview counts events by: an interned field (its global dictionary ids are the keys) or a fact packed in
// the flags (a handful of codes). Either way each event has a small integer key, so counting is typed-array work.

import { FLAG_MASKS, FLAG_SHIFTS, flagCategory, flagIdentityKind, flagIsS3, flagLevel, flagReadOnly, type InternedField } from '../load/indexSchema';
import type { Dictionary } from '../store/dictionary';
import type { Segment } from '../store/segment';

/** What the overview reads from the store. */
export interface OverviewSource {
  /** Segments in ascending order of their ids (the store's order). */
  segments: readonly Segment[];
  dictionaries: Record<InternedField, Dictionary>;
}

/** Facts of the flags the overview counts by. */
type FlagFact = 'level' | 'category' | 'readOnly' | 'identityKind';

/**
 * Words the overview counts by: the interned fields by their names and by the query language's words for them
 * (name, source, ip…), and the flag facts. `level` is the S3 level, or 'other' for events of other services.
 */
export const OVERVIEW_FIELDS = {
  eventName: 'eventName',
  name: 'eventName',
  eventSource: 'eventSource',
  source: 'eventSource',
  awsRegion: 'awsRegion',
  region: 'awsRegion',
  sourceIPAddress: 'sourceIPAddress',
  ip: 'sourceIPAddress',
  userAgent: 'userAgent',
  agent: 'userAgent',
  errorCode: 'errorCode',
  error: 'errorCode',
  recipientAccountId: 'recipientAccountId',
  recipient: 'recipientAccountId',
  principal: 'principal',
  accessKeyId: 'accessKeyId',
  key: 'accessKeyId',
  account: 'account',
  bucket: 'bucket',
  level: 'level',
  category: 'category',
  readOnly: 'readOnly',
  readonly: 'readOnly',
  identityKind: 'identityKind',
  identity: 'identityKind',
} as const satisfies Record<string, InternedField | FlagFact>;

/** A word the overview counts by (see OVERVIEW_FIELDS). */
export type OverviewField = keyof typeof OVERVIEW_FIELDS;

/** True for a word of OVERVIEW_FIELDS (a user's `--by`). */
export function isOverviewField(word: string): word is OverviewField {
  return Object.hasOwn(OVERVIEW_FIELDS, word);
}

/** The S3 level series of `level` (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html). */
export const LEVEL_KEYS = ['account', 'bucket', 'object', 'S3 (level unknown)', 'other'] as const;

/** Each event's key (at the event's row of its segment's columns), the number of keys, and each key's value (null: the event has none). */
export interface Dimension {
  keySpace: number;
  keysOf(segment: Segment): ArrayLike<number>;
  label(key: number): string | null;
}

/**
 * A flag fact's keys, by row of the segments' columns: one array per column group (its flags), each segment's rows
 * computed the first time it is asked for (the flags of a loaded file never change).
 */
function flagKeys(code: (flags: number) => number): (segment: Segment) => Uint8Array {
  const cache = new WeakMap<Uint16Array, Uint8Array>();
  const done = new WeakSet<Segment>();
  return (segment) => {
    const { flags, at, count } = segment;
    let keys = cache.get(flags);
    if (keys === undefined) {
      keys = new Uint8Array(flags.length);
      cache.set(flags, keys);
    }
    if (!done.has(segment)) {
      for (let row = at; row < at + count; row++) keys[row] = code(flags[row]);
      done.add(segment);
    }
    return keys;
  };
}

const levelKey = (flags: number): number => {
  const level = flagLevel(flags);
  if (level !== null) return LEVEL_KEYS.indexOf(level);
  return flagIsS3(flags) ? LEVEL_KEYS.indexOf('S3 (level unknown)') : LEVEL_KEYS.indexOf('other');
};

function flagCode(fact: Exclude<FlagFact, 'level'>): (flags: number) => number {
  return (flags) => (flags >> FLAG_SHIFTS[fact]) & FLAG_MASKS[fact];
}

const FLAG_LABELS: Record<Exclude<FlagFact, 'level'>, (code: number) => string | null> = {
  category: (code) => flagCategory(code << FLAG_SHIFTS.category),
  readOnly: (code) => {
    const readOnly = flagReadOnly(code << FLAG_SHIFTS.readOnly);
    return readOnly === null ? null : String(readOnly);
  },
  identityKind: (code) => flagIdentityKind(code << FLAG_SHIFTS.identityKind),
};

const FLAG_DIMENSIONS: Record<FlagFact, Dimension> = {
  level: { keySpace: LEVEL_KEYS.length, keysOf: flagKeys(levelKey), label: (key) => LEVEL_KEYS[key] },
  category: { keySpace: FLAG_MASKS.category + 1, keysOf: flagKeys(flagCode('category')), label: FLAG_LABELS.category },
  readOnly: { keySpace: FLAG_MASKS.readOnly + 1, keysOf: flagKeys(flagCode('readOnly')), label: FLAG_LABELS.readOnly },
  identityKind: { keySpace: FLAG_MASKS.identityKind + 1, keysOf: flagKeys(flagCode('identityKind')), label: FLAG_LABELS.identityKind },
};

/** The dimension of a word: its keys and their values. */
export function dimensionOf(source: OverviewSource, by: OverviewField): Dimension {
  const field = OVERVIEW_FIELDS[by];
  if (Object.hasOwn(FLAG_DIMENSIONS, field)) return FLAG_DIMENSIONS[field as FlagFact];
  const dictionary = source.dictionaries[field as InternedField];
  return {
    keySpace: dictionary.size,
    keysOf: (segment) => segment.interned[field as InternedField],
    label: (key) => (key === 0 ? null : dictionary.values[key]),
  };
}
