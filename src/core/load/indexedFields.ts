// Index-time parsing reads only the top-level fields the index needs, straight from the record's bytes:
// JSON.parse of whole records (responseElements, tlsDetails, long requestParameters…) is most of the cost of
// indexing, and a re-read on demand gives surfaces the full record anyway.
//
// The list is the union of what extractEvent reads and what the domain's index-time functions read
// (classifyEvent in src/core/s3, identityKey in src/core/identity). test/core/load/indexedFields.test.ts checks
// on every real data set that both give the same answers on the partial record as on the full one.

import { bytesEqualAscii, forEachMember, JSON_BYTES, skipValue } from './jsonBytes';

export const INDEXED_RECORD_FIELDS = [
  'eventVersion',
  'eventTime',
  'eventName',
  'eventSource',
  'eventType',
  'eventCategory',
  'managementEvent',
  'readOnly',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'recipientAccountId',
  'eventID',
  'requestID',
  'userIdentity',
  'requestParameters',
  'resources',
  'sessionCredentialFromConsole',
] as const;

/** A lookup-events entry wraps the record in this string field; such elements are parsed whole. */
export const LOOKUP_EVENT_FIELD = 'CloudTrailEvent';

const WANTED = [...INDEXED_RECORD_FIELDS, LOOKUP_EVENT_FIELD];
const WANTED_BY_LENGTH = new Map<number, string[]>();
for (const key of WANTED) WANTED_BY_LENGTH.set(key.length, [...(WANTED_BY_LENGTH.get(key.length) ?? []), key]);

function wantedKey(bytes: Uint8Array, keyStart: number, keyEnd: number): string | undefined {
  const candidates = WANTED_BY_LENGTH.get(keyEnd - keyStart);
  if (candidates === undefined) return undefined;
  for (const key of candidates) if (bytesEqualAscii(bytes, keyStart, keyEnd, key)) return key;
  return undefined;
}

function decodeValue(bytes: Buffer, start: number, end: number): unknown {
  const first = bytes[start];
  if (first === JSON_BYTES.QUOTE) {
    const escaped = bytes.indexOf(JSON_BYTES.BACKSLASH, start + 1);
    if (escaped < 0 || escaped >= end) return bytes.toString('utf8', start + 1, end - 1);
  }
  if (first === 0x74 && end - start === 4) return true;
  if (first === 0x66 && end - start === 5) return false;
  if (first === 0x6e && end - start === 4) return null;
  return JSON.parse(bytes.toString('utf8', start, end));
}

/**
 * The indexed top-level fields of the object at bytes [start, end), or null when it is a lookup-events entry
 * (parse it whole). Throws JsonScanError/SyntaxError on malformed JSON.
 */
export function parseIndexedFields(bytes: Buffer, start: number, end: number): Record<string, unknown> | null {
  const record: Record<string, unknown> = {};
  let wrapped = false;
  forEachMember(
    bytes,
    start,
    (keyStart, keyEnd, valueStart) => {
      const key = wantedKey(bytes, keyStart, keyEnd);
      if (key === undefined) return -1;
      const valueEnd = skipValue(bytes, valueStart, end);
      if (key === LOOKUP_EVENT_FIELD) wrapped = true;
      else record[key] = decodeValue(bytes, valueStart, valueEnd);
      return valueEnd;
    },
    end,
  );
  return wrapped ? null : record;
}
