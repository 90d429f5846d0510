// Finds the byte range of every record in a decompressed log and recognises the input shape, without parsing
// records. Shapes (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html): `{"Records":[…]}` log files
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html) and console JSON
// downloads, `{"Events":[{"CloudTrailEvent":"…"}]}` from lookup-events
// (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html), JSON Lines, a bare array,
// a single record, and digest files
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html).

import type { InputFormat } from '../types';
import { bytesEqualAscii, forEachElement, forEachMember, JsonScanError, keyEqualsAscii, skipValue, skipWhitespace } from './jsonBytes';
import { elementScanner } from './recordScan';

/** Why a text has no records although it is valid JSON. */
export type ShapeProblem = 'empty-file' | 'not-cloudtrail' | 'records-not-array';

/** The records of a text: their byte ranges, its shape, and what stopped the scan if anything did. */
export interface RecordSpans {
  format: InputFormat | null;
  starts: number[];
  ends: number[];
  /** A structural JSON error; records found before it are usable (a truncated file still loads its head). */
  syntaxError?: { offset: number; message: string };
  problem?: { code: ShapeProblem; message: string };
  /**
   * Earlier occurrences of the records key ("Records" or "Events") of the top object, ignored because a later one
   * replaces them (JSON's last-wins rule, as in JSON.parse and jq): the offset of each key and how many records it held.
   */
  overridden?: { key: string; offset: number; records: number }[];
  /** A CloudWatch Logs export's timestamped lines: a line whose message does not start an object is another log's. */
  timestamped?: true;
}

const RECORD_KEYS = ['eventName', 'eventSource', 'eventTime', 'eventID', 'eventVersion', 'userIdentity'];
const DIGEST_KEYS = ['digestStartTime', 'digestEndTime', 'digestS3Object', 'logFiles', 'digestPublicKeyFingerprint'];
const CSV_HEADER_HINTS = ['event name', 'event time', 'event id', 'user name', 'event source'];

function keyIsOneOf(bytes: Uint8Array, keyStart: number, keyEnd: number, keys: readonly string[]): boolean {
  for (const key of keys) if (keyEqualsAscii(bytes, keyStart, keyEnd, key)) return true;
  return false;
}

/** True when the first line looks like the console's Event history CSV header. */
export function looksLikeConsoleCsv(bytes: Uint8Array, start: number): boolean {
  let lineEnd = bytes.indexOf(0x0a, start);
  if (lineEnd < 0) lineEnd = bytes.length;
  const header = Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.min(lineEnd - start, 4096))
    .toString('utf8')
    .toLowerCase();
  return header.includes(',') && CSV_HEADER_HINTS.filter((hint) => header.includes(hint)).length >= 2;
}

function collectArray(bytes: Uint8Array, arrayStart: number, spans: RecordSpans): number {
  const end = elementScanner()?.elements(bytes, arrayStart, spans.starts, spans.ends) ?? -1;
  if (end >= 0) return end;
  return forEachElement(bytes, arrayStart, (start, end) => {
    spans.starts.push(start);
    spans.ends.push(end);
  });
}

/**
 * The top-level keys whose array holds the records, and the shape each names: a log as CloudTrail delivers it;
 * `aws cloudtrail lookup-events`, each entry's record a JSON string (CloudTrailEvent); CloudWatch Logs events, where a
 * trail that sends its events to CloudWatch Logs leaves them, each event's record a JSON string (message), as
 * `aws logs filter-log-events` and `get-log-events` print them
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html) and as a subscription
 * delivers them (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html: logEvents).
 */
const CONTAINER_KEYS: readonly { key: string; format: InputFormat }[] = [
  { key: 'Records', format: 'records' },
  { key: 'Events', format: 'lookup-events' },
  { key: 'events', format: 'cloudwatch-logs' },
  { key: 'logEvents', format: 'cloudwatch-logs' },
];
/** The member of a CloudWatch Logs subscription's data that says what its logEvents are. */
const MESSAGE_TYPE_KEY = 'messageType';
/**
 * The messageType of the data a subscription sends to check that its destination is reachable: its logEvents are
 * CloudWatch Logs' own words, not events of the log group, and are left out
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html).
 */
const CONTROL_MESSAGE = '"CONTROL_MESSAGE"';

/** The shapes whose records are an array under one of CONTAINER_KEYS. */
export function isContainerFormat(format: InputFormat | null): boolean {
  return CONTAINER_KEYS.some((container) => container.format === format);
}

/** The container key a top-level member is named by, if any. */
function containerKeyAt(bytes: Uint8Array, keyStart: number, keyEnd: number): (typeof CONTAINER_KEYS)[number] | null {
  return CONTAINER_KEYS.find(({ key }) => keyEqualsAscii(bytes, keyStart, keyEnd, key)) ?? null;
}

function scanTopObject(bytes: Uint8Array, start: number, spans: RecordSpans): number {
  let arrayKey: string | null = null;
  let arrayKeyOffset = -1;
  let recordKeys = 0;
  let digestKeys = 0;
  let notArray = false;
  let control = false;
  const end = forEachMember(bytes, start, (keyStart, keyEnd, valueStart) => {
    if (keyEqualsAscii(bytes, keyStart, keyEnd, MESSAGE_TYPE_KEY))
      control = bytesEqualAscii(bytes, valueStart, valueStart + CONTROL_MESSAGE.length, CONTROL_MESSAGE);
    const container = containerKeyAt(bytes, keyStart, keyEnd);
    if (container !== null && (arrayKey === null || container.key === arrayKey)) {
      if (arrayKey !== null) (spans.overridden ??= []).push({ key: arrayKey, offset: arrayKeyOffset, records: spans.starts.length });
      arrayKey = container.key;
      arrayKeyOffset = keyStart - 1;
      spans.format = container.format;
      spans.starts.length = 0;
      spans.ends.length = 0;
      notArray = bytes[valueStart] !== 0x5b;
      return notArray ? -1 : collectArray(bytes, valueStart, spans);
    }
    if (keyIsOneOf(bytes, keyStart, keyEnd, RECORD_KEYS)) recordKeys++;
    if (keyIsOneOf(bytes, keyStart, keyEnd, DIGEST_KEYS)) digestKeys++;
    return -1;
  });
  if (notArray) {
    spans.problem = { code: 'records-not-array', message: `"${arrayKey}" is not an array` };
  } else if (control) {
    spans.starts.length = 0;
    spans.ends.length = 0;
  } else if (arrayKey === null) {
    if (digestKeys >= 2) spans.format = 'digest';
    else if (recordKeys >= 2) {
      spans.format = 'single-record';
      spans.starts.push(start);
      spans.ends.push(end);
    } else
      spans.problem = {
        code: 'not-cloudtrail',
        message: 'a JSON object without "Records", "Events", "events", "logEvents" or CloudTrail record fields',
      };
  }
  return end;
}

/**
 * The start of a line of a CloudWatch Logs export to Amazon S3, where a trail that sends its events to CloudWatch Logs
 * leaves them: each line is the event's timestamp, a space, then the message, here the record
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/S3Export.html sorts the files by that leading timestamp).
 */
const EXPORT_LINE_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z /;
/** Characters of a line read for EXPORT_LINE_TIMESTAMP: its longest match and more. */
const TIMESTAMP_PREFIX_CHARS = 40;

/** Where the record of a CloudWatch Logs export line starts (past its timestamp); `start` when the line has none. */
function pastExportTimestamp(bytes: Uint8Array, start: number, end: number): number {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.min(end - start, TIMESTAMP_PREFIX_CHARS)).toString('latin1');
  const timestamp = EXPORT_LINE_TIMESTAMP.exec(head);
  return timestamp === null ? start : start + timestamp[0].length;
}

/** True when the text is a CloudWatch Logs export: it starts with a timestamp and a space, as no JSON text can. */
function looksLikeLogsExport(bytes: Uint8Array, start: number): boolean {
  const lineEnd = bytes.indexOf(0x0a, start);
  return pastExportTimestamp(bytes, start, lineEnd < 0 ? bytes.length : lineEnd) > start;
}

function scanJsonLines(bytes: Uint8Array, spans: RecordSpans, timestamped: boolean): void {
  // A JSON value cannot contain a raw newline, so lines are exact record boundaries and one bad line
  // cannot hide the next ones.
  spans.format = 'jsonl';
  if (timestamped) spans.timestamped = true;
  let lineStart = 0;
  while (lineStart < bytes.length) {
    let lineEnd = bytes.indexOf(0x0a, lineStart);
    if (lineEnd < 0) lineEnd = bytes.length;
    const lineContent = skipWhitespace(bytes, lineStart, lineEnd);
    const start = timestamped ? pastExportTimestamp(bytes, lineContent, lineEnd) : lineContent;
    let end = lineEnd;
    while (end > start && (bytes[end - 1] === 0x0d || bytes[end - 1] === 0x20 || bytes[end - 1] === 0x09)) end--;
    if (end > start) {
      spans.starts.push(start);
      spans.ends.push(end);
    }
    lineStart = lineEnd + 1;
  }
}

/** Recognises the shape of a decompressed JSON log and finds each record's byte range. Never throws. */
export function findRecordSpans(bytes: Uint8Array): RecordSpans {
  const spans: RecordSpans = { format: null, starts: [], ends: [] };
  const start = skipWhitespace(bytes, 0);
  if (start >= bytes.length) {
    spans.problem = { code: 'empty-file', message: 'the file is empty' };
    return spans;
  }
  const first = bytes[start];
  try {
    if (looksLikeLogsExport(bytes, start)) {
      scanJsonLines(bytes, spans, true);
    } else if (first === 0x5b) {
      spans.format = 'record-array';
      const end = collectArray(bytes, start, spans);
      checkTrailing(bytes, end);
    } else if (first === 0x7b) {
      const firstEnd = looksLikeJsonLines(bytes, start) ? containerOrJsonLines(bytes, start, spans) : scanTopObject(bytes, start, spans);
      if (firstEnd >= 0)
        checkTrailing(
          bytes,
          spans.format === 'single-record' ? scanFollowingRecords(bytes, firstEnd, spans) : scanFollowingContainers(bytes, firstEnd, spans),
        );
    } else {
      throw new JsonScanError(`unexpected character '${String.fromCharCode(first)}' at the start of the JSON text`, start);
    }
  } catch (error) {
    if (!(error instanceof JsonScanError)) throw error;
    spans.syntaxError = { offset: error.offset, message: error.message };
  }
  return spans;
}

/** Lines after the first that looksLikeJsonLines reads for one that starts an object (past lines that are broken). */
const LINES_LOOKED_AT = 8;

/**
 * JSON Lines: the first line is a whole object (ends with '}') and one of the next few lines starts another one, so
 * that a broken second line costs that line only, not every line after it.
 */
function looksLikeJsonLines(bytes: Uint8Array, start: number): boolean {
  let newline = bytes.indexOf(0x0a, start);
  if (newline < 0) return false;
  let last = newline - 1;
  while (last > start && (bytes[last] === 0x0d || bytes[last] === 0x20 || bytes[last] === 0x09)) last--;
  if (bytes[last] !== 0x7d) return false;
  for (let line = 0; line < LINES_LOOKED_AT && newline >= 0; line++) {
    const next = skipWhitespace(bytes, newline + 1);
    if (next >= bytes.length) return false;
    if (bytes[next] === 0x7b) return true;
    newline = bytes.indexOf(0x0a, next);
  }
  return false;
}

/**
 * A text whose lines look like JSON Lines: when its first object is a container of records (a log, lookup-events
 * output, CloudWatch Logs events), the lines are containers one after another; the container is read into `spans` (read
 * once, whole, since a subscription's data names its owner, log group and stream before its logEvents) and its end
 * returned. Else the text is read as JSON Lines of records and -1 returned.
 */
function containerOrJsonLines(bytes: Uint8Array, start: number, spans: RecordSpans): number {
  const first: RecordSpans = { format: null, starts: [], ends: [] };
  let end = -1;
  try {
    end = scanTopObject(bytes, start, first);
  } catch (error) {
    if (!(error instanceof JsonScanError)) throw error;
  }
  if (end >= 0 && isContainerFormat(first.format)) {
    Object.assign(spans, first);
    return end;
  }
  scanJsonLines(bytes, spans, false);
  return -1;
}

/**
 * Records written one after another with nothing between them, as Amazon Data Firehose delivers them to S3 unless it
 * is told to add a delimiter (https://docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html):
 * read as JSON Lines are, an object a record, except that a broken one ends the scan (no line break to start again at).
 */
function scanFollowingRecords(bytes: Uint8Array, end: number, spans: RecordSpans): number {
  let next = skipWhitespace(bytes, end);
  if (next >= bytes.length || bytes[next] !== 0x7b) return end;
  spans.format = 'jsonl';
  while (next < bytes.length && bytes[next] === 0x7b) {
    end = skipValue(bytes, next);
    spans.starts.push(next);
    spans.ends.push(end);
    next = skipWhitespace(bytes, end);
  }
  return end;
}

/** Adds the records of `more` to `spans` (one at a time: a spread of a million arguments overflows the stack). */
function appendSpans(spans: RecordSpans, more: RecordSpans): void {
  for (let i = 0; i < more.starts.length; i++) {
    spans.starts.push(more.starts[i]);
    spans.ends.push(more.ends[i]);
  }
  for (const overridden of more.overridden ?? []) (spans.overridden ??= []).push(overridden);
}

/**
 * Containers written one after another, as `zcat AWSLogs/…/*.json.gz > all.json` leaves logs (a log ends without a
 * newline, so the next starts on the same line), one per line, or as Amazon Data Firehose delivers a CloudWatch Logs
 * subscription's data: each further object of the same shape adds its records. Returns the end of the last one read;
 * an object of another shape after it is reported there, anything else left to checkTrailing, and one cut short
 * keeps the records read before the cut.
 */
function scanFollowingContainers(bytes: Uint8Array, end: number, spans: RecordSpans): number {
  let next = skipWhitespace(bytes, end);
  while (isContainerFormat(spans.format) && spans.problem === undefined && bytes[next] === 0x7b) {
    const container: RecordSpans = { format: null, starts: [], ends: [] };
    try {
      end = scanTopObject(bytes, next, container);
    } finally {
      if (container.format === spans.format) appendSpans(spans, container);
    }
    if (container.format !== spans.format || container.problem !== undefined)
      throw new JsonScanError(`another value follows, of another shape (${container.problem?.message ?? container.format ?? 'not a log'})`, next);
    next = skipWhitespace(bytes, end);
  }
  return end;
}

function checkTrailing(bytes: Uint8Array, end: number): void {
  const rest = skipWhitespace(bytes, end);
  if (rest < bytes.length) throw new JsonScanError('unexpected content after the end of the JSON value', rest);
}
