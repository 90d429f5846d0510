// The console's Event history "Download events → CSV" file
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/view-cloudtrail-events-console.html).
// Its column names and order are not documented, so columns are found by header name, never by position;
// when a column carries the whole CloudTrail event as JSON it is used as the record.

import type { RawRecord } from '../types';

/** One CSV row: its byte range and its cells. */
export interface CsvRow {
  start: number;
  end: number;
  cells: string[];
}

function decodeCell(text: Buffer, start: number, end: number, quoted: boolean): string {
  if (!quoted) return text.toString('utf8', start, end);
  return text.toString('utf8', start + 1, end - 1).replaceAll('""', '"');
}

/** Splits RFC 4180 CSV (quoted cells, doubled quotes, newlines inside quotes) into rows with byte ranges. */
export function parseCsvRows(bytes: Uint8Array, from = 0, to = bytes.length): CsvRow[] {
  const rows: CsvRow[] = [];
  forEachCsvRow(bytes, (row) => rows.push(row), from, to);
  return rows;
}

/** Calls `visit` with each row of RFC 4180 CSV in turn, so that a large file never holds all its rows at once. */
export function forEachCsvRow(bytes: Uint8Array, visit: (row: CsvRow) => void, from = 0, to = bytes.length): void {
  // A Buffer view decodes a cell without copying it first.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = from;
  let rowStart = from;
  let cells: string[] = [];
  let cellStart = from;
  let inQuotes = false;
  const endCell = (cellEnd: number) => {
    let end = cellEnd;
    while (end > cellStart && bytes[end - 1] === 0x0d) end--;
    const quoted = bytes[cellStart] === 0x22 && end - cellStart >= 2 && bytes[end - 1] === 0x22;
    cells.push(decodeCell(text, cellStart, end, quoted));
  };
  const endRow = (rowEnd: number) => {
    endCell(rowEnd);
    if (cells.some((cell) => cell !== '')) visit({ start: rowStart, end: rowEnd, cells });
    cells = [];
  };
  while (pos < to) {
    if (inQuotes) {
      // Jump to the closing quote: a quoted cell may hold a whole event.
      const quote = text.indexOf(0x22, pos);
      pos = quote < 0 || quote >= to ? to : quote + 1;
      inQuotes = false;
      continue;
    }
    const byte = bytes[pos];
    if (byte === 0x22) {
      inQuotes = true;
    } else if (byte === 0x2c) {
      endCell(pos);
      cellStart = pos + 1;
    } else if (byte === 0x0a) {
      endRow(bytes[pos - 1] === 0x0d ? pos - 1 : pos);
      rowStart = pos + 1;
      cellStart = pos + 1;
    }
    pos++;
  }
  if (rowStart < to) endRow(to);
}

/**
 * Header names (lower case) of the console columns and the record field each one fills. A Map, because header
 * names come from the file: a column named `__proto__` or `constructor` must find nothing here.
 */
const COLUMN_FIELDS = new Map<string, (record: RawRecord, value: string) => void>([
  ['event id', (record, value) => (record.eventID = value)],
  ['event time', (record, value) => (record.eventTime = value)],
  ['event name', (record, value) => (record.eventName = value)],
  ['event source', (record, value) => (record.eventSource = value)],
  ['aws region', (record, value) => (record.awsRegion = value)],
  ['source ip address', (record, value) => (record.sourceIPAddress = value)],
  ['error code', (record, value) => (record.errorCode = value)],
  ['request id', (record, value) => (record.requestID = value)],
  ['read-only', (record, value) => (record.readOnly = value === 'true' ? true : value === 'false' ? false : value)],
  ['user name', (record, value) => (identityOf(record).userName = value)],
  ['aws access key', (record, value) => (identityOf(record).accessKeyId = value)],
]);

/** Header names under which the console puts the whole event as JSON. */
const EVENT_JSON_COLUMNS = ['cloudtrail event', 'cloudtrailevent'];

function identityOf(record: RawRecord): Record<string, unknown> {
  const existing = record.userIdentity;
  if (typeof existing === 'object' && existing !== null) return existing as Record<string, unknown>;
  const identity: Record<string, unknown> = {};
  record.userIdentity = identity;
  return identity;
}

/** Turns CSV rows into records, given the header row. */
export class ConsoleCsvReader {
  private readonly columns: string[];
  private readonly eventJsonColumn: number;

  constructor(header: string[]) {
    this.columns = header.map((name) => name.trim().toLowerCase());
    this.eventJsonColumn = this.columns.findIndex((name) => EVENT_JSON_COLUMNS.includes(name));
  }

  /** True when the header names at least an event name or time column. */
  get recognised(): boolean {
    return this.columns.includes('event name') || this.columns.includes('event time') || this.eventJsonColumn >= 0;
  }

  /**
   * The record of one row: the parsed event JSON when the row has one (may throw SyntaxError; may be any JSON value,
   * not only an object), else a record built from the cells.
   */
  record(cells: string[]): unknown {
    const json = this.eventJson(cells);
    return json === null ? this.recordFromCells(cells) : JSON.parse(json);
  }

  /** The whole event as JSON text, when the file has that column and this row fills it. */
  eventJson(cells: string[]): string | null {
    return this.eventJsonColumn >= 0 && cells[this.eventJsonColumn] ? cells[this.eventJsonColumn] : null;
  }

  /** A record with the fields the named columns of one row carry. */
  recordFromCells(cells: string[]): RawRecord {
    const record: RawRecord = {};
    this.columns.forEach((name, column) => {
      const value = cells[column];
      const fill = COLUMN_FIELDS.get(name);
      if (fill !== undefined && value !== undefined && value !== '') fill(record, value);
    });
    const resourceType = this.cell(cells, 'resource type');
    const resourceName = this.cell(cells, 'resource name');
    if (resourceName) record.resources = [{ type: resourceType ?? null, ARN: resourceName }];
    return record;
  }

  private cell(cells: string[], name: string): string | undefined {
    const column = this.columns.indexOf(name);
    return column >= 0 && cells[column] !== '' ? cells[column] : undefined;
  }
}
