// Decompressed log bytes → compact FileIndex. Records are parsed from their byte ranges a few at a time (a batch
// with invalid JSON is parsed again record by record), so one broken record costs one diagnostic, not the whole
// file, and no file-sized object graph is ever built. Only the few diagnostics kept per problem are described and
// located, so a file of a million bad records costs about what a file of a million good ones does.

import type { InputFormat, RawRecord } from '../types';
import { ConsoleCsvReader, forEachCsvRow, parseCsvRows } from './consoleCsv';
import type { FileDiagnostics } from './diagnostics';
import { describeType, extractEvent, type FieldLocator } from './extractEvent';
import { FileIndexBuilder } from './fileIndexBuilder';
import { MAX_KEPT_CALLS_PER_FILE, MAX_LINKS_PER_FILE } from './keptCalls';
import { INTERNED_FIELDS, type FileIndex } from './indexSchema';
import { findJsonSyntaxError, RecordJsonParser, type ParseOutcome, type SyntaxProblem } from './jsonSyntaxError';
import { EMBEDDED_RECORDS } from './embeddedRecords';
import { findRecordSpans, isContainerFormat, looksLikeConsoleCsv, type RecordSpans } from './recordSpans';
import { bytesEqualAscii, memberOffsets, OPEN_BRACE, skipWhitespace } from './jsonBytes';
import { formatCount } from '../formatCount';
import type { LoadTables } from './stringTables';
import { readsIssuing, readsWhole, recordReader, type RecordReader } from './recordReader';

type ParseFailure = Extract<ParseOutcome, { ok: false }>;

/** What indexing one decompressed log produced. */
export interface IndexedLog {
  /** Recognised shape, or null when the text is not a CloudTrail input at all. */
  format: InputFormat | null;
  index: FileIndex;
}

/** A CloudTrail record has at least one of these (userIdentity alone is a fragment, not an event). */
const RECORD_KEYS = ['eventName', 'eventSource', 'eventTime'];

function isObject(value: unknown): value is RawRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A parsed element is a record when it carries at least one CloudTrail record field. */
function isRecordLike(value: unknown): value is RawRecord {
  if (!isObject(value)) return false;
  for (const key of RECORD_KEYS) if (Object.hasOwn(value, key)) return true;
  return false;
}

/**
 * The member of an entry that holds its record as a JSON string, and the string; null for anything else (a record
 * itself is never unwrapped). EMBEDDED_RECORDS says which entries these are.
 */
function embeddedRecord(value: unknown): { key: string; alwaysRecord: boolean; text: string } | null {
  if (!isObject(value) || isRecordLike(value)) return null;
  for (const { key, alwaysRecord } of EMBEDDED_RECORDS) {
    const text = value[key];
    if (typeof text === 'string') return { key, alwaysRecord, text };
  }
  return null;
}

/** The record held in bytes [start, end) of a JSON log (lookup-events entries unwrapped). May throw SyntaxError. */
function parseRecordAt(bytes: Buffer, start: number, end: number): unknown {
  const value: unknown = JSON.parse(bytes.toString('utf8', start, end));
  const inner = embeddedRecord(value);
  return inner === null ? value : JSON.parse(inner.text);
}

/** The text of an invalid-JSON diagnostic, saying when the text ends before the value closes. */
function syntaxDetail(bytes: Buffer, problem: SyntaxProblem, recordIndex?: number): string {
  const unterminated = problem.message.startsWith('unterminated');
  const endsEarly = unterminated || skipWhitespace(bytes, problem.offset) >= bytes.length;
  const where = recordIndex === undefined ? '' : ` in record ${recordIndex}`;
  const detail = unterminated ? `${problem.message} that starts here` : problem.message;
  return `invalid JSON${where}: ${detail}${endsEarly ? ' (the text ends before it closes: truncated file?)' : ''}.`;
}

/** Reports record `recordIndex`, whose bytes are not JSON, saying where and why when the report is kept. */
function reportUnparsable(bytes: Buffer, spans: RecordSpans, recordIndex: number, outcome: ParseFailure, diagnostics: FileDiagnostics): void {
  if (!diagnostics.countRecordProblem('invalid-json')) return;
  const start = spans.starts[recordIndex];
  const problem = outcome.problem ?? findJsonSyntaxError(bytes, start, spans.ends[recordIndex]);
  if (problem !== null) {
    diagnostics.addAt('invalid-json', syntaxDetail(bytes, problem, recordIndex), { offset: problem.offset, recordIndex });
  } else {
    // Valid JSON that JSON.parse still refused: too large to become one string.
    diagnostics.addAt('invalid-json', `record ${recordIndex} could not be parsed (${outcome.error}).`, { offset: start, recordIndex });
  }
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

/**
 * The parsed values of `records`, each of which the reader found to be one JSON object alone (so that joined by commas
 * they are an array of as many), parsed as one array; null when there are fewer than two.
 */
function parseVouched(bytes: Buffer, spans: RecordSpans, records: readonly number[]): unknown[] | null {
  if (records.length < 2) return null;
  const texts = records.map((i) => bytes.toString('utf8', spans.starts[i], spans.ends[i]));
  try {
    const values: unknown = JSON.parse(`[${texts.join(',')}]`);
    return Array.isArray(values) && values.length === records.length ? values : null;
  } catch {
    // Too large to become one string: each is parsed on its own.
    return null;
  }
}

/**
 * Where fields of a JSON record are written: their keys, found by scanning the record's bytes (a field inside a
 * lookup-events CloudTrailEvent string has no place of its own in the file, and its problem points at the entry).
 */
function jsonFieldLocator(bytes: Buffer): FieldLocator {
  return (fields, start, end) => memberOffsets(bytes, start, end, fields);
}

/** A CSV row has no position per field: its problems point at the row. */
const csvFieldLocator: FieldLocator = () => new Map();

function reportOverridden(spans: RecordSpans, diagnostics: FileDiagnostics): void {
  for (const { key, offset, records } of spans.overridden ?? []) {
    const lost = records === 0 ? '' : `, and its ${records} record${records === 1 ? ' is' : 's are'} not loaded`;
    diagnostics.addAt(
      'duplicate-key',
      `"${key}" appears again later in the same object; as in JSON.parse and jq, the last one wins${lost}.`,
      { offset },
      'warning',
    );
  }
}

/**
 * How `indexLogBytes` reads records: `json-parse` parses each whole, and `reader-after-spans` finds every record's range
 * before reading even a log as CloudTrail writes it, as the tests compare.
 */
export type RecordReading = 'reader' | 'reader-after-spans' | 'json-parse';

/** The records of one JSON text as they are indexed, a group of RECORDS_PER_PARSE at a time. */
class JsonIndexing {
  private readonly builder: FileIndexBuilder;
  private readonly locateField: FieldLocator;
  private readonly parser = new RecordJsonParser();
  private readonly nonRecordIndexes: number[] = [];
  /** Per record of a group, per interned field: the reader's numbers of its values (written by placeRead). */
  readonly numbers = new Uint32Array(RECORDS_PER_PARSE * INTERNED_FIELDS.length);

  constructor(
    private readonly bytes: Buffer,
    private readonly spans: RecordSpans,
    private readonly diagnostics: FileDiagnostics,
    expectedCount: number,
    tables: LoadTables | undefined,
  ) {
    this.builder = new FileIndexBuilder(expectedCount, tables);
    this.locateField = jsonFieldLocator(bytes);
  }

  /**
   * Indexes records [first, last]: `read` holds those the reader made (null for the others), `batch` the parsed values
   * of some others, by their place in the group or, with `batched`, by their place in it. The rest are parsed here.
   */
  addGroup(first: number, last: number, read: readonly (RawRecord | null)[] | null, batch: unknown[] | null, batched: number[] | null): void {
    const { bytes, spans, diagnostics, parser, builder, locateField, numbers } = this;
    for (let i = first; i <= last; i++) {
      const start = spans.starts[i];
      const end = spans.ends[i];
      const record = read === null ? null : read[i - first];
      if (record !== null) {
        if (record.eventName !== undefined || record.eventSource !== undefined || record.eventTime !== undefined)
          builder.add(extractEvent(record, i, start, end, diagnostics, locateField), numbers, (i - first) * INTERNED_FIELDS.length);
        else this.nonRecordIndexes.push(i);
        continue;
      }
      const inBatch = batch === null ? -1 : batched === null ? i - first : batched.indexOf(i);
      let parsed: unknown;
      if (batch !== null && inBatch >= 0) parsed = batch[inBatch];
      else {
        const outcome = parser.parseBytes(bytes, start, end);
        if (!outcome.ok && spans.timestamped === true && bytes[start] !== OPEN_BRACE) {
          this.nonRecordIndexes.push(i);
          continue;
        }
        if (!outcome.ok) {
          reportUnparsable(bytes, spans, i, outcome, diagnostics);
          continue;
        }
        parsed = outcome.value;
      }
      const inner = embeddedRecord(parsed);
      let value = parsed;
      if (inner !== null) {
        const outcome = parser.parseText(inner.text);
        if (!outcome.ok && !inner.alwaysRecord && !inner.text.trimStart().startsWith('{')) {
          this.nonRecordIndexes.push(i);
          continue;
        }
        if (!outcome.ok) {
          diagnostics.addRecordProblem(
            'invalid-json',
            `record ${i}: ${inner.key} is not valid JSON (${outcome.error}).`,
            { offset: start, recordIndex: i },
            'error',
          );
          continue;
        }
        value = outcome.value;
      }
      if (!isRecordLike(value)) {
        this.nonRecordIndexes.push(i);
        continue;
      }
      builder.add(extractEvent(value, i, start, end, diagnostics, locateField));
    }
  }

  finish(): IndexedLog {
    const { spans, diagnostics, nonRecordIndexes } = this;
    // A log or lookup-events output is CloudTrail's shape whatever its records hold; anything else (CloudWatch Logs
    // events too, of any log group) is not a CloudTrail log when none of its values is a record.
    if (nonRecordIndexes.length > 0 && this.builder.size === 0 && spans.format !== 'records' && spans.format !== 'lookup-events') {
      diagnostics.add(
        'not-cloudtrail',
        `${diagnostics.file}: valid JSON, but none of its ${nonRecordIndexes.length} values is a CloudTrail record (no eventName, eventSource or eventTime).`,
      );
    } else {
      for (const recordIndex of nonRecordIndexes) {
        diagnostics.addRecordProblem('invalid-record', `record ${recordIndex} is not a CloudTrail record object.`, {
          offset: spans.starts[recordIndex],
          recordIndex,
        });
      }
    }
    if (spans.syntaxError !== undefined)
      diagnostics.addAt('invalid-json', syntaxDetail(this.bytes, spans.syntaxError), { offset: spans.syntaxError.offset });
    return { format: spans.format, index: finishIndex(this.builder, diagnostics) };
  }
}

/**
 * Puts record `i`, as the reader just made it, in its group: in `read` (a credential-issuing call as the reader makes it
 * again with its issuing schema), or (null there) among those `whole` lists to parse whole; its interned values'
 * numbers go to its row of `numbers`.
 */
function placeRead(
  record: RawRecord | null,
  i: number,
  read: (RawRecord | null)[],
  whole: number[],
  reader: RecordReader,
  numbers: Uint32Array,
): void {
  if (record === null) {
    read.push(null);
    return;
  }
  reader.numbersOfLast(numbers, read.length * INTERNED_FIELDS.length);
  const placed = readsWhole(record) ? null : readsIssuing(record) ? reader.readIssuing() : record;
  if (placed === null) whole.push(i);
  read.push(placed);
}

function indexJson(bytes: Buffer, diagnostics: FileDiagnostics, tables: LoadTables | undefined, reading: RecordReading): IndexedLog {
  const reader = reading === 'json-parse' ? null : recordReader();
  if (reader !== null && reading === 'reader') {
    const mark = diagnostics.mark();
    const read = indexCanonical(bytes, diagnostics, tables, reader);
    if (read !== null) return read;
    diagnostics.rollback(mark);
  }
  const spans = findRecordSpans(bytes);
  const indexing = new JsonIndexing(bytes, spans, diagnostics, spans.starts.length, tables);
  if (spans.problem !== undefined) {
    diagnostics.add(spans.problem.code, `${diagnostics.file}: ${spans.problem.message}; not a CloudTrail log.`);
  }
  reportOverridden(spans, diagnostics);
  const inArray = isContainerFormat(spans.format) || spans.format === 'record-array';
  const groupReader = spans.format === 'lookup-events' || spans.format === 'cloudwatch-logs' ? null : reader;
  groupReader?.begin(bytes);
  const count = spans.starts.length;
  const read: (RawRecord | null)[] = [];
  const whole: number[] = [];
  try {
    for (let first = 0; first < count; first += RECORDS_PER_PARSE) {
      const last = Math.min(count, first + RECORDS_PER_PARSE) - 1;
      if (groupReader !== null) {
        read.length = 0;
        whole.length = 0;
        for (let i = first; i <= last; i++)
          placeRead(groupReader.read(spans.starts[i], spans.ends[i]), i, read, whole, groupReader, indexing.numbers);
        indexing.addGroup(first, last, read, parseVouched(bytes, spans, whole), whole);
      } else indexing.addGroup(first, last, null, inArray ? parseElements(bytes, spans, first, last) : null, null);
    }
  } finally {
    groupReader?.end();
  }
  return indexing.finish();
}

/** Bytes of text per record that a log's first guess of its count assumes (CloudTrail's records are larger). */
const GUESSED_RECORD_BYTES = 1024;
const RECORDS_KEY = '"Records"';

/**
 * Indexes a log as CloudTrail writes it, `{"Records":[…]}` and nothing else, finding each record's end by reading it:
 * the text is not scanned a first time for the records' ranges (findRecordSpans took 381 ms of a million events;
 * one-thread ctlens stats 8.27–8.57 → 8.01–8.08 s). Null at anything else (another shape, a record the reader leaves to
 * JSON.parse, content after the array), having added no diagnostic that stays: the text is then indexed the general way.
 */
function indexCanonical(bytes: Buffer, diagnostics: FileDiagnostics, tables: LoadTables | undefined, reader: RecordReader): IndexedLog | null {
  let at = recordsArrayStart(bytes);
  if (at < 0) return null;
  const spans: RecordSpans = { format: 'records', starts: [], ends: [] };
  const indexing = new JsonIndexing(bytes, spans, diagnostics, Math.ceil(bytes.length / GUESSED_RECORD_BYTES), tables);
  const read: (RawRecord | null)[] = [];
  const whole: number[] = [];
  reader.begin(bytes);
  try {
    let ended = bytes[at] === 0x5d;
    while (!ended) {
      const first = spans.starts.length;
      read.length = 0;
      whole.length = 0;
      while (!ended && read.length < RECORDS_PER_PARSE) {
        const record = reader.readFrom(at);
        if (record === null) return null;
        placeRead(record, spans.starts.length, read, whole, reader, indexing.numbers);
        spans.starts.push(at);
        spans.ends.push(reader.lastEnd);
        at = skipWhitespace(bytes, reader.lastEnd);
        if (bytes[at] === 0x2c) at = skipWhitespace(bytes, at + 1);
        else if (bytes[at] === 0x5d) ended = true;
        else return null;
      }
      indexing.addGroup(first, spans.starts.length - 1, read, parseVouched(bytes, spans, whole), whole);
    }
  } finally {
    reader.end();
  }
  // Past the array: the top object's end, then nothing.
  const close = skipWhitespace(bytes, at + 1);
  if (bytes[close] !== 0x7d || skipWhitespace(bytes, close + 1) !== bytes.length) return null;
  return indexing.finish();
}

/** The position of the first element (or of the ']') of a text that starts `{"Records":[`, whitespace aside; else -1. */
function recordsArrayStart(bytes: Buffer): number {
  let at = skipWhitespace(bytes, 0);
  if (bytes[at] !== 0x7b) return -1;
  at = skipWhitespace(bytes, at + 1);
  if (!bytesEqualAscii(bytes, at, at + RECORDS_KEY.length, RECORDS_KEY)) return -1;
  at = skipWhitespace(bytes, at + RECORDS_KEY.length);
  if (bytes[at] !== 0x3a) return -1;
  at = skipWhitespace(bytes, at + 1);
  if (bytes[at] !== 0x5b) return -1;
  return skipWhitespace(bytes, at + 1);
}

function indexCsv(bytes: Buffer, start: number, diagnostics: FileDiagnostics, tables?: LoadTables): IndexedLog {
  let reader: ConsoleCsvReader | null = null;
  const builder = new FileIndexBuilder(undefined, tables);
  const parser = new RecordJsonParser();
  let i = -1;
  forEachCsvRow(
    bytes,
    (row) => {
      if (reader === null) {
        reader = new ConsoleCsvReader(row.cells);
        return;
      }
      i++;
      const place = { offset: row.start, recordIndex: i };
      const json = reader.eventJson(row.cells);
      let record: unknown;
      if (json === null) record = reader.recordFromCells(row.cells);
      else {
        const outcome = parser.parseText(json);
        if (!outcome.ok) {
          diagnostics.addRecordProblem('invalid-csv', `row ${i + 1}: the event JSON cell is not valid JSON (${outcome.error}).`, place, 'error');
          return;
        }
        record = outcome.value;
      }
      if (!isObject(record)) {
        diagnostics.addRecordProblem(
          'invalid-record',
          `row ${i + 1}: the event JSON cell holds ${describeType(record)}, not a CloudTrail record object.`,
          place,
        );
        return;
      }
      builder.add(extractEvent(record, i, row.start, row.end, diagnostics, csvFieldLocator));
    },
    start,
  );
  return { format: 'console-csv', index: finishIndex(builder, diagnostics) };
}

/**
 * Indexes the decompressed bytes of one log, its interned values into `tables` when given (those of the other files
 * of its load). Never throws: problems go to `diagnostics`.
 */
export function indexLogBytes(bytes: Buffer, diagnostics: FileDiagnostics, tables?: LoadTables, reading: RecordReading = 'reader'): IndexedLog {
  diagnostics.setText(bytes);
  const start = skipWhitespace(bytes, 0);
  const first = bytes[start];
  if (first !== 0x7b && first !== 0x5b && start < bytes.length && looksLikeConsoleCsv(bytes, start))
    return indexCsv(bytes, start, diagnostics, tables);
  return indexJson(bytes, diagnostics, tables, reading);
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

/**
 * The record object at [start, end) of a file's bytes and its text, or null where the range holds none (a file changed
 * since it was indexed): what re-reading an event gives, on any thread.
 */
export function recordObjectAt(bytes: Buffer, format: InputFormat, start: number, end: number): { record: RawRecord; text: string } | null {
  let record: unknown;
  try {
    record = recordFromBytes(bytes, format, start, end);
  } catch {
    return null;
  }
  return isObject(record) ? { record, text: bytes.toString('utf8', start, end) } : null;
}

/** The file's index; trail calls beyond those kept are reported, since trails rebuilt from the logs miss them. */
function finishIndex(builder: FileIndexBuilder, diagnostics: FileDiagnostics): FileIndex {
  const notKept = builder.callsNotKept;
  if (notKept > 0) {
    diagnostics.add(
      'calls-capped',
      `${diagnostics.file}: ${formatCount(MAX_KEPT_CALLS_PER_FILE + notKept)} trail calls (CreateTrail, StopLogging…) in one file; trails rebuilt from the logs use the first ${formatCount(MAX_KEPT_CALLS_PER_FILE)} (no real trail history has that many: the file may be forged).`,
      {},
      'warning',
    );
  }
  const linksNotKept = builder.linksNotKept;
  if (linksNotKept > 0) {
    diagnostics.add(
      'calls-capped',
      `${diagnostics.file}: ${formatCount(MAX_LINKS_PER_FILE + linksNotKept)} credential-issuing calls (AssumeRole, GetSessionToken…) in one file; session lineage uses the first ${formatCount(MAX_LINKS_PER_FILE)}.`,
      {},
      'warning',
    );
  }
  return builder.finish();
}
