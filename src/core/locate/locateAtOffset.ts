// What is under the cursor: the record containing a character offset and the JSON path to the innermost
// value there, e.g. ['userIdentity', 'sessionContext', 'sessionIssuer', 'arn'].

import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, isJsonWhitespace, OPEN_BRACE, OPEN_BRACKET, QUOTE } from '../load/jsonBytes';
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

/** Offset past the string whose opening quote is at `quoteAt` (the end of the bytes when unterminated). */
function stringEnd(bytes: Uint8Array, quoteAt: number): number {
  let pos = quoteAt + 1;
  while (pos < bytes.length && bytes[pos] !== QUOTE) pos += bytes[pos] === BACKSLASH ? 2 : 1;
  return Math.min(pos + 1, bytes.length);
}

/** Offset past a number or literal starting at `start` (at least one byte, so the scan always moves on). */
function scalarEnd(bytes: Uint8Array, start: number): number {
  let pos = start + 1;
  while (pos < bytes.length) {
    const byte = bytes[pos];
    if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || byte === COLON || isJsonWhitespace(byte)) break;
    pos++;
  }
  return pos;
}

function keyText(bytes: Uint8Array, quoteAt: number, end: number): string {
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + quoteAt, end - quoteAt).toString('utf8')) as string;
  } catch {
    return Buffer.from(bytes.buffer, bytes.byteOffset + quoteAt + 1, Math.max(0, end - quoteAt - 2)).toString('utf8');
  }
}

/**
 * One open object or array on the way to the target. `step` is the key or index of the member or element the scan
 * is inside, null between them; `awaitingKey` tells an object's key position from its value position.
 */
interface Frame {
  isObject: boolean;
  step: string | number | null;
  index: number;
  awaitingKey: boolean;
}

function pathOf(frames: readonly Frame[]): (string | number)[] {
  const path: (string | number)[] = [];
  for (const frame of frames) {
    if (frame.step === null) break;
    path.push(frame.step);
  }
  return path;
}

/**
 * Path of keys and indexes to the innermost value of a JSON text (bytes) containing byte `target`; on a key (or
 * between a key and its value) the path ends with that key. One forward scan up to the target, so a hover stays
 * linear in the record however deep it nests; text that is not valid JSON (being edited) still gets a best path.
 */
export function jsonPathAt(bytes: Uint8Array, target: number): (string | number)[] {
  const frames: Frame[] = [];
  let pos = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (pos < bytes.length) {
    const byte = bytes[pos];
    if (isJsonWhitespace(byte)) {
      if (pos >= target) return pathOf(frames);
      pos++;
      continue;
    }
    const frame = frames.at(-1);
    if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      frames.pop();
      if (pos >= target) return pathOf(frames);
      const parent = frames.at(-1);
      if (parent !== undefined) parent.step = null;
      pos++;
      continue;
    }
    if (byte === COMMA || byte === COLON) {
      if (frame !== undefined && byte === COMMA) {
        frame.step = null;
        frame.index++;
        frame.awaitingKey = frame.isObject;
      }
      if (pos >= target) return pathOf(frames);
      pos++;
      continue;
    }
    if (frame !== undefined && frame.isObject && frame.awaitingKey) {
      const end = byte === QUOTE ? stringEnd(bytes, pos) : scalarEnd(bytes, pos);
      frame.step = keyText(bytes, pos, end);
      frame.awaitingKey = false;
      if (target < end) return pathOf(frames);
      pos = end;
      continue;
    }
    if (frame !== undefined && !frame.isObject) frame.step = frame.index;
    if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (pos >= target) return pathOf(frames);
      frames.push({ isObject: byte === OPEN_BRACE, step: null, index: 0, awaitingKey: byte === OPEN_BRACE });
      pos++;
      continue;
    }
    const end = byte === QUOTE ? stringEnd(bytes, pos) : scalarEnd(bytes, pos);
    if (target < end) return pathOf(frames);
    if (frame !== undefined) frame.step = null;
    pos = end;
  }
  return [];
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
