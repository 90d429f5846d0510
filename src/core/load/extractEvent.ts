// Turns one parsed record into the facts the index keeps. Field meanings:
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
// S3 bucket and key come from requestParameters (bucketName, key) or from resources[] ARNs
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-understanding-s3-entries.html).

import { identityKey } from '../identity/decode';
import { apiOperationOf } from '../s3/operation';
import { classifyEvent } from '../s3/classify';
import type { DiagnosticCode, RawRecord } from '../types';
import { parseEventTime } from './eventTime';
import { isKeptCall, keptPart } from './keptCalls';
import { issuingCall } from '../lineage/issuers';
import { linkFactsOf } from '../lineage/linkFacts';
import type { FileDiagnostics } from './diagnostics';
import type { IndexedEvent } from './fileIndexBuilder';
import { packFlags } from './indexSchema';
import { noiseFactsOf } from '../noise/noiseFacts';
import { bytesTransferredOf } from './bytesTransferred';

/** Top-level string fields every CloudTrail record has; a record without them is reported (and still indexed). */
const REQUIRED_STRING_FIELDS = ['eventTime', 'eventName', 'eventSource'] as const;

/** Top-level fields that must be strings when present. */
const OPTIONAL_STRING_FIELDS = [
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'recipientAccountId',
  'eventID',
  'requestID',
  'eventCategory',
] as const;

const S3_ARN_PREFIX = 'arn:aws:s3:::';

/** "a string", "an array"… for messages about wrong types. */
export function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

interface S3Target {
  bucket: string | null;
  objectKey: string | null;
}

function s3Target(record: RawRecord): S3Target {
  const parameters = record.requestParameters;
  let bucket = isObject(parameters) ? stringOrNull(parameters.bucketName) : null;
  let objectKey = isObject(parameters) ? stringOrNull(parameters.key) : null;
  const resources = record.resources;
  if ((bucket === null || objectKey === null) && Array.isArray(resources)) {
    for (const resource of resources) {
      if (!isObject(resource)) continue;
      const arn = stringOrNull(resource.ARN) ?? stringOrNull(resource.ARNPrefix);
      if (arn === null || !arn.startsWith(S3_ARN_PREFIX)) continue;
      const path = arn.slice(S3_ARN_PREFIX.length);
      const slash = path.indexOf('/');
      if (resource.type === 'AWS::S3::Object' && slash > 0) {
        bucket ??= path.slice(0, slash);
        objectKey ??= path.slice(slash + 1);
      } else if (resource.type === 'AWS::S3::Bucket') {
        bucket ??= slash > 0 ? path.slice(0, slash) : path;
      }
    }
  }
  return { bucket, objectKey };
}

function readOnlyOf(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  // lookup-events and console exports carry ReadOnly as the strings "true"/"false".
  if (value === 'true') return true;
  if (value === 'false') return false;
  return null;
}

/**
 * Byte offsets where the named top-level fields of the record in bytes [start, end) are written, found in one scan;
 * a field it cannot place (or a format without field positions) is left out, and its problem points at the record.
 */
export type FieldLocator = (fields: ReadonlySet<string>, start: number, end: number) => ReadonlyMap<string, number>;

/** One problem of a record, before it is located. */
interface FieldProblem {
  code: DiagnosticCode;
  field: string | null;
  detail: string;
}

/**
 * Reports wrong-typed or missing top-level fields of one record, each at the field's place in the file and in file
 * order (the diagnostics' line:column cursor then only moves forward). Only problems kept under the cap are located.
 */
function checkFields(
  record: RawRecord,
  event: Pick<IndexedEvent, 'recordIndex' | 'start' | 'end' | 'eventTime'>,
  diagnostics: FileDiagnostics,
  locateFields: FieldLocator,
): void {
  const { recordIndex, start, end } = event;
  const kept: FieldProblem[] = [];
  const report = (code: DiagnosticCode, field: string | null, detail: string) => {
    if (diagnostics.countRecordProblem(code)) kept.push({ code, field, detail });
  };
  const wrongType = (field: string, value: unknown) => report('invalid-field', field, `${field} is ${describeType(value)}, expected a string.`);
  let missing: string[] | null = null;
  for (const field of REQUIRED_STRING_FIELDS) {
    const value = record[field];
    if (typeof value === 'string') continue;
    if (value === undefined || value === null) (missing ??= []).push(field);
    else wrongType(field, value);
  }
  if (missing !== null) report('invalid-record', null, `no ${missing.join(', ')}.`);
  for (const field of OPTIONAL_STRING_FIELDS) {
    const value = record[field];
    if (value !== undefined && value !== null && typeof value !== 'string') wrongType(field, value);
  }
  const identity = record.userIdentity;
  if (identity !== undefined && identity !== null && !isObject(identity)) report('invalid-field', 'userIdentity', 'userIdentity is not an object.');
  const time = record.eventTime;
  if (typeof time === 'string' && Number.isNaN(event.eventTime)) {
    report(
      'invalid-time',
      'eventTime',
      `eventTime ${JSON.stringify(time.slice(0, 40))} is not a real ISO 8601 instant (like 2023-07-10T12:11:15Z); the event is kept without a time.`,
    );
  }
  if (kept.length === 0) return;
  const fields = new Set(kept.flatMap(({ field }) => (field === null ? [] : [field])));
  const offsets = fields.size === 0 ? new Map<string, number>() : locateFields(fields, start, end);
  const located = kept.map((problem) => ({ ...problem, offset: (problem.field === null ? undefined : offsets.get(problem.field)) ?? start }));
  located.sort((a, b) => a.offset - b.offset);
  for (const { code, detail, offset } of located) diagnostics.addAt(code, `record ${recordIndex}: ${detail}`, { offset, recordIndex }, 'warning');
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'string';
}

/** The indexed facts of one record located at bytes [start, end) of its file. */
export function extractEvent(
  record: RawRecord,
  recordIndex: number,
  start: number,
  end: number,
  diagnostics: FileDiagnostics,
  locateFields: FieldLocator,
): IndexedEvent {
  // Each top-level field is read once: records of different shapes make every property load megamorphic.
  const time = record.eventTime;
  const eventName = record.eventName;
  const eventSource = record.eventSource;
  const awsRegion = record.awsRegion;
  const sourceIPAddress = record.sourceIPAddress;
  const userAgent = record.userAgent;
  const errorCode = record.errorCode;
  const recipientAccountId = record.recipientAccountId;
  const eventID = record.eventID;
  const requestID = record.requestID;
  const eventCategory = record.eventCategory;
  const userIdentity = record.userIdentity;
  const eventTime = typeof time === 'string' ? parseEventTime(time) : NaN;
  // A well-formed record (nearly all of them) has nothing for checkFields to report.
  const wellFormed =
    typeof time === 'string' &&
    !Number.isNaN(eventTime) &&
    typeof eventName === 'string' &&
    typeof eventSource === 'string' &&
    isOptionalString(awsRegion) &&
    isOptionalString(sourceIPAddress) &&
    isOptionalString(userAgent) &&
    isOptionalString(errorCode) &&
    isOptionalString(recipientAccountId) &&
    isOptionalString(eventID) &&
    isOptionalString(requestID) &&
    isOptionalString(eventCategory) &&
    (userIdentity === undefined || userIdentity === null || isObject(userIdentity));
  if (!wellFormed) checkFields(record, { recordIndex, start, end, eventTime }, diagnostics, locateFields);
  const classification = classifyEvent(record);
  const identity = identityKey(record);
  const target = s3Target(record);
  const readOnly = readOnlyOf(record.readOnly) ?? classification.readOnly;
  const noise = noiseFactsOf(record, eventSource, eventName, target.objectKey);
  return {
    recordIndex,
    start,
    end,
    eventTime,
    flags: packFlags({
      level: classification.level,
      category: classification.category,
      readOnly,
      isS3: classification.isS3,
      identityKind: identity.kind,
      otherOperation: apiOperationOf(record) !== null,
      byService: noise.byService,
      trailDelivery: noise.trailDelivery,
    }),
    // INTERNED_FIELDS order.
    interned: [
      stringOrNull(eventName),
      stringOrNull(eventSource),
      stringOrNull(awsRegion),
      stringOrNull(sourceIPAddress),
      stringOrNull(userAgent),
      stringOrNull(errorCode),
      stringOrNull(recipientAccountId),
      identity.principal,
      identity.accessKeyId,
      identity.accountId,
      target.bucket,
    ],
    // UNIQUE_FIELDS order.
    unique: [stringOrNull(eventID), stringOrNull(requestID), target.objectKey],
    kept: isKeptCall(eventSource, eventName) ? keptPart(record) : null,
    link: issuingCall(stringOrNull(eventName), stringOrNull(eventSource)) === undefined ? null : linkFactsOf(record),
    transfer: classification.isS3 ? bytesTransferredOf(record) : null,
  };
}
