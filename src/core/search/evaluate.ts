// Runs a parsed query over the store's segments. Each term narrows a per-segment byte mask: interned fields
// are matched once per distinct value (a lookup table), then the id columns are scanned; unique fields are
// matched on their bytes in place; flags are compared as packed codes.

import { FLAG_MASKS, FLAG_SHIFTS, IDENTITY_KINDS, type InternedField } from '../load/indexSchema';
import { encodeUnique } from '../load/uniqueBytes';
import type { Dictionary } from '../store/dictionary';
import type { Segment } from '../store/segment';
import { FREE_TEXT_INTERNED, FREE_TEXT_UNIQUE, QUERY_FIELDS, SERVICE_HOST_SUFFIX, type FieldTarget } from './fields';
import { compilePattern, matchBytes, matchString, type Pattern } from './pattern';
import type { Query, QueryTerm } from './query';

/** What the evaluator reads. */
export interface SearchContext {
  segments: readonly Segment[];
  dictionaries: Record<InternedField, Dictionary>;
}

/** Tests local event `i` of a segment. */
type EventTest = (segment: Segment, i: number) => boolean;

/** A term compiled once per query: whole-segment decision, or per-event test. */
interface CompiledTerm {
  negate: boolean;
  /** Optional quick answer for a whole segment: true/false for all its events, or undefined to test each. */
  segmentAnswer?: (segment: Segment) => boolean | undefined;
  test: EventTest;
}

const FLAG_CODES_BY_NAME: Record<string, Record<string, number>> = {
  level: { none: 0, account: 1, bucket: 2, object: 3 },
  category: { none: 0, management: 1, data: 2, insight: 3 },
  readOnly: { none: 0, false: 1, true: 2 },
  identityKind: Object.fromEntries(IDENTITY_KINDS.map((kind, code) => [kind, code])),
};

function internedTest(fields: readonly InternedField[], patterns: Pattern[], context: SearchContext): EventTest {
  const tables = fields.map((field) => {
    const table = context.dictionaries[field].matchTable((_value, lower) => patterns.some((pattern) => matchString(lower, pattern)));
    table[0] = 0;
    return table;
  });
  if (fields.length === 1) {
    const [field] = fields;
    const [table] = tables;
    return (segment, i) => table[segment.interned[field][i]] === 1;
  }
  return (segment, i) => {
    for (let f = 0; f < fields.length; f++) if (tables[f][segment.interned[fields[f]][i]] === 1) return true;
    return false;
  };
}

function uniqueTest(field: 'eventID' | 'requestID' | 'objectKey', patterns: Pattern[]): EventTest {
  return (segment, i) => {
    const column = segment.unique[field];
    const start = column.offsets[i];
    const end = column.offsets[i + 1];
    for (const pattern of patterns) if (matchBytes(column.bytes, start, end, pattern)) return true;
    return false;
  };
}

/** Exact eventID lookup: compare packed bytes directly (UUIDs are 17 bytes, no decoding). */
function exactUniqueTest(field: 'eventID' | 'requestID', values: string[]): EventTest {
  const encoded = values.map((value) => encodeUnique(value));
  return (segment, i) => {
    const column = segment.unique[field];
    const start = column.offsets[i];
    const length = column.offsets[i + 1] - start;
    for (const bytes of encoded) {
      if (bytes.length !== length) continue;
      let equal = true;
      for (let k = 0; k < length && equal; k++) equal = column.bytes[start + k] === bytes[k];
      if (equal) return true;
    }
    return false;
  };
}

function flagTest(flag: keyof typeof FLAG_CODES_BY_NAME, values: string[]): EventTest {
  const allowed = new Uint8Array(16);
  for (const value of values) allowed[FLAG_CODES_BY_NAME[flag][value.toLowerCase()]] = 1;
  const shift = FLAG_SHIFTS[flag as keyof typeof FLAG_SHIFTS];
  const mask = FLAG_MASKS[flag as keyof typeof FLAG_MASKS];
  return (segment, i) => allowed[(segment.flags[i] >> shift) & mask] === 1;
}

function fieldValues(field: string, values: string[]): string[] {
  if (field !== 'source') return values;
  // `source:s3` is the short service name of s3.amazonaws.com.
  return values.flatMap((value) => (value.includes('.') || value.includes('*') ? [value] : [value, value + SERVICE_HOST_SUFFIX]));
}

function compileField(target: FieldTarget, field: string, values: string[], context: SearchContext): Omit<CompiledTerm, 'negate'> {
  const mode = QUERY_FIELDS[field].mode;
  const patterns = fieldValues(field, values).map((value) => compilePattern(value, mode));
  switch (target.kind) {
    case 'interned':
      return { test: internedTest(target.fields, patterns, context) };
    case 'unique': {
      const exact = target.field !== 'objectKey' && values.every((value) => !value.includes('*'));
      return { test: exact ? exactUniqueTest(target.field as 'eventID' | 'requestID', values) : uniqueTest(target.field, patterns) };
    }
    case 'flag':
      return { test: flagTest(target.flag, values) };
    case 'file': {
      const answer = (segment: Segment) => patterns.some((pattern) => matchString(segment.file.toLowerCase(), pattern));
      return { segmentAnswer: answer, test: (segment) => answer(segment) };
    }
    case 'time':
      throw new Error('time terms are compiled separately');
  }
}

function compileFreeText(values: string[], context: SearchContext): Omit<CompiledTerm, 'negate'> {
  const patterns = values.map((value) => compilePattern(value, 'contains'));
  const interned = internedTest(FREE_TEXT_INTERNED, patterns, context);
  const uniqueFields = FREE_TEXT_UNIQUE.filter((field) => field !== 'eventID' || values.every((value) => /^[0-9a-f-]{8,36}$/i.test(value)));
  const unique = uniqueFields.map((field) => uniqueTest(field, patterns));
  return { test: (segment, i) => interned(segment, i) || unique.some((test) => test(segment, i)) };
}

function compileTerm(term: QueryTerm, context: SearchContext): CompiledTerm {
  if (term.kind === 'time') {
    const { time } = term;
    const test: EventTest = term.bound === 'after' ? (segment, i) => segment.eventTime[i] >= time : (segment, i) => segment.eventTime[i] < time;
    return { negate: term.negate, test };
  }
  if (term.kind === 'text') return { negate: term.negate, ...compileFreeText(term.values, context) };
  return { negate: term.negate, ...compileField(QUERY_FIELDS[term.field].target, term.field, term.values, context) };
}

/** Ids of the events matching every term, ascending. */
export function evaluateQuery(query: Query, context: SearchContext): Uint32Array {
  const terms = query.terms.map((term) => compileTerm(term, context));
  let total = 0;
  for (const segment of context.segments) total += segment.count;
  const ids = new Uint32Array(total);
  let found = 0;
  for (const segment of context.segments) {
    const active: CompiledTerm[] = [];
    let segmentExcluded = false;
    for (const term of terms) {
      const answer = term.segmentAnswer?.(segment);
      if (answer === undefined) active.push(term);
      else if (answer === term.negate) segmentExcluded = true;
    }
    if (segmentExcluded) continue;
    const mask = new Uint8Array(segment.count).fill(1);
    for (const term of active) {
      const { test, negate } = term;
      for (let i = 0; i < segment.count; i++) if (mask[i] === 1 && test(segment, i) === negate) mask[i] = 0;
    }
    for (let i = 0; i < segment.count; i++) if (mask[i] === 1) ids[found++] = segment.base + i;
  }
  return ids.slice(0, found);
}
