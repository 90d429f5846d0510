// What is under the cursor: the record containing a character offset and the JSON path to the innermost
// value there, e.g. ['userIdentity', 'sessionContext', 'sessionIssuer', 'arn'].

import { forEachElement, forEachMember, skipValue, skipWhitespace } from '../load/jsonBytes';
import { recordRanges, type RecordRanges } from './recordRanges';

/** The record at an offset and the path inside it (character offsets of the given text). */
export interface Location {
  recordIndex: number;
  start: number;
  end: number;
  path: (string | number)[];
}

function findRecord(ranges: RecordRanges, offset: number): number {
  let low = 0;
  let high = ranges.count - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (offset < ranges.starts[middle]) high = middle - 1;
    else if (offset >= ranges.ends[middle]) low = middle + 1;
    else return middle;
  }
  return -1;
}

/** Path of keys and indexes to the innermost value of a JSON text (bytes) containing byte `target`. */
export function jsonPathAt(bytes: Uint8Array, target: number): (string | number)[] {
  const path: (string | number)[] = [];
  let pos = skipWhitespace(bytes, 0);
  for (;;) {
    const first = bytes[pos];
    let inner = -1;
    if (first === 0x7b) {
      forEachMember(bytes, pos, (keyStart, keyEnd, valueStart) => {
        const valueEnd = skipValue(bytes, valueStart);
        if (inner < 0 && target >= keyStart - 1 && target < valueEnd) {
          path.push(JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + keyStart - 1, keyEnd - keyStart + 2).toString('utf8')) as string);
          inner = target >= valueStart ? valueStart : -2;
        }
        return valueEnd;
      });
    } else if (first === 0x5b) {
      let index = 0;
      forEachElement(bytes, pos, (elementStart, elementEnd) => {
        if (inner < 0 && target >= elementStart && target < elementEnd) {
          path.push(index);
          inner = elementStart;
        }
        index++;
      });
    }
    if (inner < 0) return path;
    pos = inner;
  }
}

/**
 * The record containing character `offset` of `text` and the JSON path there; null outside every record.
 * Pass `ranges` from recordRanges(text) to avoid rescanning a large document on every call.
 */
export function locateAtOffset(text: string, offset: number, ranges: RecordRanges = recordRanges(text)): Location | null {
  const recordIndex = findRecord(ranges, offset);
  if (recordIndex < 0) return null;
  const start = ranges.starts[recordIndex];
  const end = ranges.ends[recordIndex];
  const recordText = text.slice(start, end);
  const bytes = Buffer.from(recordText, 'utf8');
  let path: (string | number)[] = [];
  if (ranges.format !== 'console-csv') {
    try {
      path = jsonPathAt(bytes, Buffer.byteLength(recordText.slice(0, offset - start), 'utf8'));
    } catch {
      // A record that is not valid JSON (being edited) still has a location, just no path.
    }
  }
  return { recordIndex, start, end, path };
}
