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

const decoder = new TextDecoder();

function decodeCell(bytes: Uint8Array, start: number, end: number, quoted: boolean): string {
  if (!quoted) return decoder.decode(bytes.subarray(start, end));
  return decoder.decode(bytes.subarray(start + 1, end - 1)).replaceAll('""', '"');
}

/** Splits RFC 4180 CSV (quoted cells, doubled quotes, newlines inside quotes) into rows with byte ranges. */
export function parseCsvRows(bytes: Uint8Array, from = 0, to = bytes.length): CsvRow[] {
  const rows: CsvRow[] = [];
  let pos = from;
  let rowStart = from;
  let cells: string[] = [];
  let cellStart = from;
  let inQuotes = false;
  const endCell = (cellEnd: number) => {
    let end = cellEnd;
    while (end > cellStart && bytes[end - 1] === 0x0d) end--;
    const quoted = bytes[cellStart] === 0x22 && end - cellStart >= 2 && bytes[end - 1] === 0x22;
    cells.push(decodeCell(bytes, cellStart, end, quoted));
  };
  const endRow = (rowEnd: number) => {
    endCell(rowEnd);
    if (cells.some((cell) => cell !== '')) rows.push({ start: rowStart, end: rowEnd, cells });
    cells = [];
  };
  while (pos < to) {
    const byte = bytes[pos];
    if (inQuotes) {
      if (byte === 0x22) inQuotes = false;
    } else if (byte === 0x22) {
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
  return rows;
}

/** Header names (lower case) of the console columns and the record field each one fills. */
const COLUMN_FIELDS: Record<string, (record: RawRecord, value: string) => void> = {
  'event id': (record, value) => (record.eventID = value),
  'event time': (record, value) => (record.eventTime = value),
  'event name': (record, value) => (record.eventName = value),
  'event source': (record, value) => (record.eventSource = value),
  'aws region': (record, value) => (record.awsRegion = value),
  'source ip address': (record, value) => (record.sourceIPAddress = value),
  'error code': (record, value) => (record.errorCode = value),
  'request id': (record, value) => (record.requestID = value),
  'read-only': (record, value) => (record.readOnly = value === 'true' ? true : value === 'false' ? false : value),
  'user name': (record, value) => (identityOf(record).userName = value),
  'aws access key': (record, value) => (identityOf(record).accessKeyId = value),
};

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

  /** The record of one row: the embedded event JSON when present (may throw SyntaxError), else built from cells. */
  record(cells: string[]): RawRecord {
    if (this.eventJsonColumn >= 0 && cells[this.eventJsonColumn]) {
      return JSON.parse(cells[this.eventJsonColumn]) as RawRecord;
    }
    const record: RawRecord = {};
    this.columns.forEach((name, column) => {
      const value = cells[column];
      const fill = COLUMN_FIELDS[name];
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
