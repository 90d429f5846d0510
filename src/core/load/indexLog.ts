// Decompressed log bytes → compact FileIndex. Records are parsed from their byte ranges a few at a time (a batch
// with invalid JSON is parsed again record by record), so one broken record costs one diagnostic, not the whole
// file, and no file-sized object graph is ever built.

import type { InputFormat, RawRecord } from '../types';
import { ConsoleCsvReader, parseCsvRows } from './consoleCsv';
import { lineColumnAt, type FileDiagnostics } from './diagnostics';
import { extractEvent } from './extractEvent';
import { FileIndexBuilder } from './fileIndexBuilder';
import type { FileIndex } from './indexSchema';
import { findJsonSyntaxError } from './jsonSyntaxError';
import { findRecordSpans, looksLikeConsoleCsv, type RecordSpans } from './recordSpans';
import { skipWhitespace } from './jsonBytes';

/** What indexing one decompressed log produced. */
export interface IndexedLog {
  /** Recognised shape, or null when the text is not a CloudTrail input at all. */
  format: InputFormat | null;
  index: FileIndex;
}

/** A CloudTrail record has at least one of these (userIdentity alone is a fragment, not an event). */
const RECORD_KEYS = ['eventName', 'eventSource', 'eventTime'];

/** A parsed element is a record when it carries at least one CloudTrail record field. */
function isRecordLike(value: unknown): value is RawRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key of RECORD_KEYS) if (key in value) return true;
  return false;
}

/** The parsed value is a lookup-events entry: the record is its CloudTrailEvent string, parsed again. */
function unwrapLookupEvent(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>).CloudTrailEvent === 'string') {
    return JSON.parse((value as Record<string, string>).CloudTrailEvent);
  }
  return value;
}

/** The record held in bytes [start, end) of a JSON log (lookup-events entries unwrapped). May throw SyntaxError. */
function parseRecordAt(bytes: Buffer, start: number, end: number): unknown {
  return unwrapLookupEvent(JSON.parse(bytes.toString('utf8', start, end)));
}

function reportSyntax(bytes: Buffer, offset: number, message: string, diagnostics: FileDiagnostics, recordIndex?: number): void {
  const { line, column } = lineColumnAt(bytes, offset);
  const endsEarly = message.startsWith('unterminated') || skipWhitespace(bytes, offset) >= bytes.length;
  const where = recordIndex === undefined ? '' : ` in record ${recordIndex}`;
  const detail = message.startsWith('unterminated') ? `${message} that starts here` : message;
  const text = `${diagnostics.file}:${line}:${column}: invalid JSON${where}: ${detail}${endsEarly ? ' (the text ends before it closes: truncated file?)' : ''}.`;
  if (recordIndex === undefined) diagnostics.add('invalid-json', text, { line, column, offset });
  else diagnostics.addRecordProblem('invalid-json', text, { line, column, offset, recordIndex }, 'error');
}

/** Records parsed per JSON.parse call where records are array elements (fewer, larger calls cost less). */
const RECORDS_PER_PARSE = 32;

/**
 * The parsed values of records [first, last] when they are consecutive elements of one JSON array (only commas and
 * whitespace between them), parsed as one array; null when one of them is not valid JSON, so that each is then
 * parsed (and reported) on its own.
 */
function parseElements(bytes: Buffer, spans: RecordSpans, first: number, last: number): unknown[] | null {
  if (last === first) return null;
  try {
    const values: unknown = JSON.parse(`[${bytes.toString('utf8', spans.starts[first], spans.ends[last])}]`);
    return Array.isArray(values) && values.length === last - first + 1 ? values : null;
  } catch {
    return null;
  }
}

function indexJson(bytes: Buffer, diagnostics: FileDiagnostics): IndexedLog {
  const spans = findRecordSpans(bytes);
  const builder = new FileIndexBuilder(spans.starts.length);
  if (spans.problem !== undefined) {
    diagnostics.add(spans.problem.code, `${diagnostics.file}: ${spans.problem.message}; not a CloudTrail log.`);
  }
  const inArray = spans.format === 'records' || spans.format === 'lookup-events' || spans.format === 'record-array';
  let nonRecords = 0;
  const nonRecordIndexes: number[] = [];
  let batch: unknown[] | null = null;
  let batchStart = 0;
  for (let i = 0; i < spans.starts.length; i++) {
    const start = spans.starts[i];
    const end = spans.ends[i];
    if (inArray && i % RECORDS_PER_PARSE === 0) {
      batchStart = i;
      batch = parseElements(bytes, spans, i, Math.min(spans.starts.length, i + RECORDS_PER_PARSE) - 1);
    }
    let value: unknown;
    try {
      value = batch === null ? parseRecordAt(bytes, start, end) : unwrapLookupEvent(batch[i - batchStart]);
    } catch (error) {
      const problem = findJsonSyntaxError(bytes, start, end);
      if (problem !== null) reportSyntax(bytes, problem.offset, problem.message, diagnostics, i);
      else {
        const { line, column } = lineColumnAt(bytes, start);
        diagnostics.addRecordProblem(
          'invalid-json',
          `${diagnostics.file}:${line}:${column}: record ${i}: CloudTrailEvent is not valid JSON (${(error as Error).message}).`,
          { line, column, offset: start, recordIndex: i },
          'error',
        );
      }
      continue;
    }
    if (!isRecordLike(value)) {
      nonRecords++;
      nonRecordIndexes.push(i);
      continue;
    }
    builder.add(extractEvent(value, i, start, end, diagnostics));
  }
  if (nonRecords > 0 && builder.size === 0 && spans.format !== 'records' && spans.format !== 'lookup-events') {
    diagnostics.add(
      'not-cloudtrail',
      `${diagnostics.file}: valid JSON, but none of its ${nonRecords} values is a CloudTrail record (no eventName, eventSource or eventTime).`,
    );
  } else {
    for (const recordIndex of nonRecordIndexes) {
      const { line, column } = lineColumnAt(bytes, spans.starts[recordIndex]);
      diagnostics.addRecordProblem(
        'invalid-record',
        `${diagnostics.file}:${line}:${column}: record ${recordIndex} is not a CloudTrail record object.`,
        { line, column, recordIndex, offset: spans.starts[recordIndex] },
      );
    }
  }
  if (spans.syntaxError !== undefined) reportSyntax(bytes, spans.syntaxError.offset, spans.syntaxError.message, diagnostics);
  return { format: spans.format, index: builder.finish() };
}

function indexCsv(bytes: Buffer, start: number, diagnostics: FileDiagnostics): IndexedLog {
  const [header, ...rows] = parseCsvRows(bytes, start);
  const reader = new ConsoleCsvReader(header?.cells ?? []);
  const builder = new FileIndexBuilder(rows.length);
  rows.forEach((row, i) => {
    let record: RawRecord;
    try {
      record = reader.record(row.cells);
    } catch (error) {
      const { line, column } = lineColumnAt(bytes, row.start);
      diagnostics.addRecordProblem(
        'invalid-csv',
        `${diagnostics.file}:${line}:${column}: row ${i + 1}: the event JSON cell is not valid JSON (${(error as Error).message}).`,
        { line, column, recordIndex: i },
        'error',
      );
      return;
    }
    builder.add(extractEvent(record, i, row.start, row.end, diagnostics));
  });
  return { format: 'console-csv', index: builder.finish() };
}

/** Indexes the decompressed bytes of one log. Never throws: problems go to `diagnostics`. */
export function indexLogBytes(bytes: Buffer, diagnostics: FileDiagnostics): IndexedLog {
  const start = skipWhitespace(bytes, 0);
  const first = bytes[start];
  if (first !== 0x7b && first !== 0x5b && start < bytes.length && looksLikeConsoleCsv(bytes, start)) return indexCsv(bytes, start, diagnostics);
  return indexJson(bytes, diagnostics);
}

/** The record of one event given its file's decompressed bytes and format (used to re-read one event). */
export function recordFromBytes(bytes: Buffer, format: InputFormat, start: number, end: number): unknown {
  if (format !== 'console-csv') return parseRecordAt(bytes, start, end);
  const headerStart = skipWhitespace(bytes, 0);
  const newline = bytes.indexOf(0x0a, headerStart);
  const [header] = parseCsvRows(bytes, headerStart, newline < 0 ? bytes.length : newline);
  const [row] = parseCsvRows(bytes, start, end);
  return new ConsoleCsvReader(header?.cells ?? []).record(row?.cells ?? []);
}
