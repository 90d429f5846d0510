// Record ranges of an editor document, in character offsets: computed once per document version, then every
// hover looks up its record by binary search.

import { ConsoleCsvReader, parseCsvRows } from '../load/consoleCsv';
import { skipWhitespace } from '../load/jsonBytes';
import { findRecordSpans, looksLikeConsoleCsv } from '../load/recordSpans';
import type { InputFormat } from '../types';
import { byteToCharOffsets } from './offsets';

/** Ranges [starts[i], ends[i]) of the records of a text (i = record index), in character offsets, in text order. */
export interface RecordRanges {
  format: InputFormat | null;
  count: number;
  starts: Uint32Array;
  ends: Uint32Array;
}

/** The records of a text (any input shape the loader reads) as character ranges. */
export function recordRanges(text: string): RecordRanges {
  const bytes = Buffer.from(text, 'utf8');
  const first = skipWhitespace(bytes, 0);
  let format: InputFormat | null;
  let byteStarts: ArrayLike<number>;
  let byteEnds: ArrayLike<number>;
  if (bytes[first] !== 0x7b && bytes[first] !== 0x5b && first < bytes.length && looksLikeConsoleCsv(bytes, first)) {
    const [header, ...rows] = parseCsvRows(bytes, first);
    format = new ConsoleCsvReader(header?.cells ?? []).recognised ? 'console-csv' : null;
    byteStarts = rows.map((row) => row.start);
    byteEnds = rows.map((row) => row.end);
  } else {
    const spans = findRecordSpans(bytes);
    format = spans.format;
    byteStarts = spans.starts;
    byteEnds = spans.ends;
  }
  const count = byteStarts.length;
  if (bytes.length === text.length) {
    return { format, count, starts: Uint32Array.from(byteStarts), ends: Uint32Array.from(byteEnds) };
  }
  const interleaved = new Float64Array(count * 2);
  for (let i = 0; i < count; i++) {
    interleaved[2 * i] = byteStarts[i];
    interleaved[2 * i + 1] = byteEnds[i];
  }
  const chars = byteToCharOffsets(bytes, interleaved);
  const starts = new Uint32Array(count);
  const ends = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    starts[i] = chars[2 * i];
    ends[i] = chars[2 * i + 1];
  }
  return { format, count, starts, ends };
}
