// Runs a parsed query over the store's segments. Each term narrows a per-segment byte mask in one tight loop
// over typed arrays (columns looked up once per segment, not per event): interned fields are matched once per
// distinct value into a lookup table, unique fields are matched on their bytes in place, flags as packed codes.

import { FLAG_MASKS, FLAG_SHIFTS, FLAG_VALUE_CODES, flagOtherOperation, type InternedField, type UniqueField } from '../load/indexSchema';
import { LOGGED_UNDER_ANOTHER_NAME } from '../s3/operation';
import { encodeUnique } from '../load/uniqueBytes';
import type { Dictionary } from '../store/dictionary';
import type { Segment } from '../store/segment';
import { FREE_TEXT_INTERNED, FREE_TEXT_UNIQUE, queryField, SERVICE_HOST_SUFFIX, type DerivedField, type QueryField } from './fields';
import { foldCase } from './fold';
import { compilePattern, matchBytes, matchString, type Pattern } from './pattern';
import type { Query, QueryTerm } from './query';
import { FLAG_LENS_TESTS, HIDE_LENSES, isNoiseLens, type LensSettings, type NoiseLens } from '../noise/lenses';

/** The events of a derived term (origin:, session:), worked out beforehand; undefined when nobody could. */
export type DerivedTerms = (field: DerivedField, values: readonly string[]) => ReadonlySet<number> | undefined;

/** What the evaluator reads. */
export interface SearchContext {
  segments: readonly Segment[];
  dictionaries: Record<InternedField, Dictionary>;
  derived?: DerivedTerms;
  lenses?: LensSettings;
}

/** A derived term used where nobody worked out its events. */
export class UnresolvedTermError extends Error {
  constructor(readonly field: DerivedField) {
    super(`${field}: needs session lineage, which is not available here`);
  }
}

/**
 * A term compiled once per query. `hits` marks (1) the events of a segment that match; the evaluator then keeps
 * or drops them in the mask according to negation. Only events still in the mask need testing.
 */
type SegmentMatcher = (segment: Segment, mask: Uint8Array, hits: Uint8Array) => void;

interface CompiledTerm {
  negate: boolean;
  match: SegmentMatcher;
}

function internedMatcher(fields: readonly InternedField[], patterns: Pattern[], context: SearchContext): SegmentMatcher {
  const tables = fields.map((field) => {
    const table = context.dictionaries[field].matchTable((_value, lower) => patterns.some((pattern) => matchString(lower, pattern)));
    table[0] = 0;
    return table;
  });
  // Fields whose table matches nothing cannot contribute: skip their columns entirely.
  const useful = fields.map((field, f) => ({ field, table: tables[f] })).filter(({ table }) => table.includes(1));
  return (segment, mask, hits) => {
    for (const { field, table } of useful) {
      const column = segment.interned[field];
      const at = segment.at;
      for (let i = 0; i < segment.count; i++) if (mask[i] === 1 && table[column[at + i]] === 1) hits[i] = 1;
    }
  };
}

/**
 * `name:` also finds the operations CloudTrail logs under another eventName (`name:ListObjectsV2` finds ListObjects
 * events whose request had list-type 2): an event matches when its eventName is the one logged and the index flags
 * it as the other operation.
 */
function otherOperationMatcher(patterns: Pattern[], context: SearchContext): SegmentMatcher | null {
  const loggedNames = LOGGED_UNDER_ANOTHER_NAME.filter((entry) => patterns.some((pattern) => matchString(foldCase(entry.operation), pattern))).map(
    (entry) => foldCase(entry.eventName),
  );
  if (loggedNames.length === 0) return null;
  const table = context.dictionaries.eventName.matchTable((_value, lower) => loggedNames.includes(lower));
  table[0] = 0;
  if (!table.includes(1)) return null;
  return (segment, mask, hits) => {
    const column = segment.interned.eventName;
    const flags = segment.flags;
    const at = segment.at;
    for (let i = 0; i < segment.count; i++) if (mask[i] === 1 && table[column[at + i]] === 1 && flagOtherOperation(flags[at + i])) hits[i] = 1;
  };
}

function uniqueMatcher(field: UniqueField, patterns: Pattern[]): SegmentMatcher {
  return (segment, mask, hits) => {
    const { bytes, offsets } = segment.unique[field];
    const at = segment.at;
    for (let i = 0; i < segment.count; i++) {
      if (mask[i] === 0 || hits[i] === 1) continue;
      const start = offsets[at + i];
      const end = offsets[at + i + 1];
      if (start === end) continue;
      for (const pattern of patterns) {
        if (matchBytes(bytes, start, end, pattern)) {
          hits[i] = 1;
          break;
        }
      }
    }
  };
}

/** A packed UUID: the lower- or upper-case tag of uniqueBytes.ts and 16 bytes (text starting with a tag byte is escaped). */
const UUID_PACKED_LENGTH = 17;

function isPackedUuid(bytes: Uint8Array, start: number, length: number): boolean {
  return length === UUID_PACKED_LENGTH && (bytes[start] === 0x01 || bytes[start] === 0x02);
}

/**
 * Exact eventID/requestID lookup, case-insensitive like every other term (eventIDs are UUIDs, written in either
 * case). A UUID is stored as a case tag and 16 bytes: those compare directly, ignoring the tag; anything else is
 * matched as a whole-value pattern.
 */
function exactUniqueMatcher(field: UniqueField, values: string[]): SegmentMatcher {
  const wanted = values.map((value) => ({ packed: encodeUnique(foldCase(value)), pattern: compilePattern(value, 'whole') }));
  return (segment, mask, hits) => {
    const { bytes, offsets } = segment.unique[field];
    const at = segment.at;
    for (let i = 0; i < segment.count; i++) {
      if (mask[i] === 0) continue;
      const start = offsets[at + i];
      const length = offsets[at + i + 1] - start;
      if (length === 0) continue;
      const storedUuid = isPackedUuid(bytes, start, length);
      for (const { packed, pattern } of wanted) {
        if (!storedUuid) {
          if (matchBytes(bytes, start, start + length, pattern)) hits[i] = 1;
          continue;
        }
        if (!isPackedUuid(packed, 0, packed.length)) continue;
        let k = 1;
        while (k < length && bytes[start + k] === packed[k]) k++;
        if (k === length) hits[i] = 1;
      }
    }
  };
}

function flagMatcher(flag: keyof typeof FLAG_VALUE_CODES, values: string[]): SegmentMatcher {
  const allowed = new Uint8Array(16);
  const codes = FLAG_VALUE_CODES[flag];
  for (const word of values.map(foldCase)) if (Object.hasOwn(codes, word)) allowed[codes[word]] = 1;
  const shift = FLAG_SHIFTS[flag];
  const bits = FLAG_MASKS[flag];
  return (segment, mask, hits) => {
    const flags = segment.flags;
    const at = segment.at;
    for (let i = 0; i < segment.count; i++) if (mask[i] === 1 && allowed[(flags[at + i] >> shift) & bits] === 1) hits[i] = 1;
  };
}

/**
 * `noise:<lens>` marks the events a lens would hide; `noise:hide` marks the events none of the machine-noise lenses
 * would (so `noise:hide` in a filter hides them). The monitoring lens matches the principal against the user's patterns.
 */
function noiseMatcher(values: string[], context: SearchContext): SegmentMatcher {
  const words = values.map(foldCase);
  const hide = words.includes('hide');
  const lenses = new Set<NoiseLens>(hide ? HIDE_LENSES : []);
  for (const word of words) if (isNoiseLens(word)) lenses.add(word);
  const flagTests = [...lenses].flatMap((lens) => (lens === 'monitoring' ? [] : [FLAG_LENS_TESTS[lens]]));
  const monitoringPatterns = lenses.has('monitoring')
    ? (context.lenses?.monitoringPrincipals ?? []).map((value) => compilePattern(value, 'contains'))
    : [];
  const monitoring = monitoringPatterns.length === 0 ? null : internedMatcher(['principal'], monitoringPatterns, context);
  return (segment, mask, hits) => {
    const flags = segment.flags;
    const at = segment.at;
    for (let i = 0; i < segment.count; i++) {
      if (mask[i] === 0) continue;
      for (const test of flagTests) {
        if (test(flags[at + i])) {
          hits[i] = 1;
          break;
        }
      }
    }
    monitoring?.(segment, mask, hits);
    if (!hide) return;
    // Only `hide`: the events marked above are the noise; the term keeps the others.
    for (let i = 0; i < segment.count; i++) if (mask[i] === 1) hits[i] ^= 1;
  };
}

function timeMatcher(bound: 'after' | 'before', time: number): SegmentMatcher {
  return (segment, mask, hits) => {
    const times = segment.eventTime;
    const at = segment.at;
    for (let i = 0; i < segment.count; i++) {
      if (mask[i] === 1 && (bound === 'after' ? times[at + i] >= time : times[at + i] < time)) hits[i] = 1;
    }
  };
}

function fieldValues(field: string, values: string[]): string[] {
  if (field !== 'source') return values;
  // `source:s3` is the short service name of s3.amazonaws.com.
  return values.flatMap((value) => (value.includes('.') || value.includes('*') ? [value] : [value, value + SERVICE_HOST_SUFFIX]));
}

function compileField({ target, mode }: QueryField, field: string, values: string[], context: SearchContext): SegmentMatcher {
  const patterns = fieldValues(field, values).map((value) => compilePattern(value, mode));
  switch (target.kind) {
    case 'interned': {
      const matcher = internedMatcher(target.fields, patterns, context);
      const other = field === 'name' ? otherOperationMatcher(patterns, context) : null;
      return other === null
        ? matcher
        : (segment, mask, hits) => {
            matcher(segment, mask, hits);
            other(segment, mask, hits);
          };
    }
    case 'unique': {
      const exact = target.field !== 'objectKey' && values.every((value) => !value.includes('*'));
      return exact ? exactUniqueMatcher(target.field, values) : uniqueMatcher(target.field, patterns);
    }
    case 'flag':
      return flagMatcher(target.flag, values);
    case 'noise':
      return noiseMatcher(values, context);
    case 'file':
      return (segment, mask, hits) => {
        if (patterns.some((pattern) => matchString(foldCase(segment.file), pattern))) hits.set(mask);
      };
    case 'time':
      throw new Error('time terms carry their parsed time and are compiled by compileTerm');
    case 'derived': {
      const ids = context.derived?.(target.field, values);
      if (ids === undefined) throw new UnresolvedTermError(target.field);
      return (segment, mask, hits) => {
        for (let i = 0; i < segment.count; i++) if (mask[i] === 1 && ids.has(segment.base + i)) hits[i] = 1;
      };
    }
  }
}

function compileFreeText(values: string[], context: SearchContext): SegmentMatcher {
  const patterns = values.map((value) => compilePattern(value, 'contains'));
  const matchers = [internedMatcher(FREE_TEXT_INTERNED, patterns, context), ...FREE_TEXT_UNIQUE.map((field) => uniqueMatcher(field, patterns))];
  return (segment, mask, hits) => {
    for (const matcher of matchers) matcher(segment, mask, hits);
  };
}

function compileTerm(term: QueryTerm, context: SearchContext): CompiledTerm {
  if (term.kind === 'time') return { negate: term.negate, match: timeMatcher(term.bound, term.time) };
  if (term.kind === 'text') return { negate: term.negate, match: compileFreeText(term.values, context) };
  const field = queryField(term.field);
  if (field === undefined) throw new Error(`unknown query field ${JSON.stringify(term.field)}: parseQuery rejects it`);
  return { negate: term.negate, match: compileField(field, term.field, term.values, context) };
}

/** Ids of the events matching every term, ascending. */
export function evaluateQuery(query: Query, context: SearchContext): Uint32Array {
  const terms = query.terms.map((term) => compileTerm(term, context));
  let total = 0;
  let largest = 0;
  for (const segment of context.segments) {
    total += segment.count;
    largest = Math.max(largest, segment.count);
  }
  const ids = new Uint32Array(total);
  const mask = new Uint8Array(largest);
  const hits = new Uint8Array(largest);
  let found = 0;
  for (const segment of context.segments) {
    const count = segment.count;
    mask.fill(1, 0, count);
    for (const term of terms) {
      hits.fill(0, 0, count);
      term.match(segment, mask, hits);
      const keep = term.negate ? 0 : 1;
      for (let i = 0; i < count; i++) if (hits[i] !== keep) mask[i] = 0;
    }
    for (let i = 0; i < count; i++) if (mask[i] === 1) ids[found++] = segment.base + i;
  }
  return ids.slice(0, found);
}
