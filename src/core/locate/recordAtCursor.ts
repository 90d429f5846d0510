// The record a hover is over, and the field under the cursor, when the record is an entry that holds it as a JSON
// string (aws cloudtrail lookup-events' CloudTrailEvent, a CloudWatch Logs event's message: embeddedRecords.ts), so
// the path of the cursor inside that string is found by decoding the string up to the cursor.
// https://docs.aws.amazon.com/cli/latest/reference/cloudtrail/lookup-events.html
import { EMBEDDED_RECORD_KEYS } from '../load/embeddedRecords';
import type { RawRecord } from '../types';
import { jsonPathAt } from './locateAtOffset';

const EMBEDDED_KEY_PATTERN = new RegExp(`"(?:${EMBEDDED_RECORD_KEYS.join('|')})"\\s*:\\s*"`);
/** Longest JSON string escape (\uXXXX): a prefix cut inside one is shortened by at most this much. */
const LONGEST_ESCAPE = 6;

/** A record's JSON; an entry that wraps it in a string (CloudTrailEvent, message) is parsed once more. */
export function parseRecordText(json: string): RawRecord | undefined {
  try {
    let value: unknown = JSON.parse(json);
    if (typeof value === 'string') value = JSON.parse(value);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as RawRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** True when the hover's path leads into the string of an entry that holds its record as JSON. */
export function isEmbeddedRecordPath(record: RawRecord, path: readonly (string | number)[]): boolean {
  const key = path[0];
  return (EMBEDDED_RECORD_KEYS as readonly unknown[]).includes(key) && typeof record[key as string] === 'string';
}

/**
 * The record inside an entry's CloudTrailEvent or message string and the path of the field at `offset`
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
