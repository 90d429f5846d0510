// The record a hover is over, and the field under the cursor, when the record is one of aws cloudtrail
// lookup-events' entries: there the record is JSON inside the string CloudTrailEvent, so the path of the cursor
// inside that string is found by decoding the string up to the cursor.
// https://docs.aws.amazon.com/cli/latest/reference/cloudtrail/lookup-events.html
import type { RawRecord } from '../types';
import { jsonPathAt } from './locateAtOffset';

const EMBEDDED_KEY = 'CloudTrailEvent';
const EMBEDDED_KEY_PATTERN = /"CloudTrailEvent"\s*:\s*"/;
/** Longest JSON string escape (\uXXXX): a prefix cut inside one is shortened by at most this much. */
const LONGEST_ESCAPE = 6;

/** A record's JSON; lookup-events wrap it in a string (CloudTrailEvent), which is parsed once more. */
export function parseRecordText(json: string): RawRecord | undefined {
  try {
    let value: unknown = JSON.parse(json);
    if (typeof value === 'string') value = JSON.parse(value);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as RawRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** True when the hover's path leads into a lookup-events entry's CloudTrailEvent string. */
export function isEmbeddedRecordPath(record: RawRecord, path: readonly (string | number)[]): boolean {
  return path[0] === EMBEDDED_KEY && typeof record[EMBEDDED_KEY] === 'string';
}

/**
 * The record inside a lookup-events entry's CloudTrailEvent string and the path of the field at `offset`
 * (characters from the start of `entryText`); undefined when the offset is not inside that string.
 */
export function embeddedFieldAt(entryText: string, offset: number): { record: RawRecord; path: (string | number)[] } | undefined {
  const key = EMBEDDED_KEY_PATTERN.exec(entryText);
  if (!key) return undefined;
  const literalStart = key.index + key[0].length - 1;
  const literalEnd = endOfString(entryText, literalStart);
  const inLiteral = offset - literalStart;
  if (inLiteral <= 0 || offset >= literalEnd) return undefined;
  const literal = entryText.slice(literalStart, literalEnd);
  const record = parseRecordText(literal);
  if (!record) return undefined;
  // The decoded prefix of the string up to the cursor is the inner JSON up to the cursor; a cut escape is dropped.
  const prefix = literal.slice(0, inLiteral);
  let decoded: string | undefined;
  for (let cut = 0; decoded === undefined && cut <= LONGEST_ESCAPE; cut++) decoded = parseStringLiteral(`${prefix.slice(0, prefix.length - cut)}"`);
  if (decoded === undefined) return undefined;
  const inner = Buffer.from(JSON.parse(literal) as string, 'utf8');
  return { record, path: jsonPathAt(inner, Buffer.byteLength(decoded, 'utf8')) };
}

function parseStringLiteral(literal: string): string | undefined {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}

/** Index just past the closing quote of the JSON string opening at `quote`. */
function endOfString(text: string, quote: number): number {
  let i = quote + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}
