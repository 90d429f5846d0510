// The values an event offers to selector fields, read from the record (never guessed silently: a value derived
// from another field says so in `note`).
// Advanced selector fields: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html

import { S3_CATALOGUE } from '../s3/catalogue';
import { classifyEvent } from '../s3/classify';
import { recordBucket, recordResources, requestParameters, stringField } from '../s3/recordFields';
import { recordCategoryValue } from '../eventCategory';
import type { RawRecord } from '../types';

export interface FieldValues {
  values: string[];
  /** How the values were obtained when not read directly. */
  note?: string;
}

/** eventCategory as CloudTrail writes it; derived from managementEvent or the S3 classification on older records. */
export function eventCategoryValue(record: RawRecord): FieldValues {
  if (typeof record.eventCategory === 'string') return { values: [record.eventCategory] };
  if (typeof record.managementEvent === 'boolean') {
    return { values: [record.managementEvent ? 'Management' : 'Data'], note: 'derived from managementEvent (the record has no eventCategory)' };
  }
  const classification = classifyEvent(record);
  if (classification.category !== null) {
    return {
      values: [recordCategoryValue(classification.category)],
      note: 'derived from the S3 event catalogue (the record has no eventCategory)',
    };
  }
  return { values: ['Management'], note: 'assumed: the record has no eventCategory and most API calls are management events' };
}

/**
 * readOnly as the record gives it; an S3 record without it (older events, some exports) takes the catalogue's
 * read/write nature of its eventName, and says so.
 */
export function readOnlyValue(record: RawRecord): { value: boolean | null; note?: string } {
  if (typeof record.readOnly === 'boolean') return { value: record.readOnly };
  if (record.eventSource !== 's3.amazonaws.com' || typeof record.eventName !== 'string') return { value: null };
  const entry = S3_CATALOGUE.get(record.eventName);
  return entry === undefined
    ? { value: null }
    : {
        value: entry.readOnly,
        note: `the record has no readOnly; the S3 event catalogue says ${record.eventName} is a ${entry.readOnly ? 'read' : 'write'}`,
      };
}

function stringValue(value: unknown): FieldValues {
  return typeof value === 'string' ? { values: [value] } : { values: [] };
}

/**
 * ARNs of the record's resources of the selected type (resources.ARN is compared with the entry whose type the
 * selector selects; AWS does not document which entry is used). Older S3 data events without
 * resources get an object ARN built from requestParameters.
 */
export function resourceArns(record: RawRecord, types: ReadonlyArray<string>): FieldValues {
  const wanted = new Set(types);
  const arns: string[] = [];
  for (const resource of recordResources(record)) {
    if (resource.arn !== null && (wanted.size === 0 || wanted.has(resource.type))) arns.push(resource.arn);
  }
  if (arns.length > 0 || (wanted.size > 0 && !wanted.has('AWS::S3::Object'))) return { values: arns };
  const objectArn = s3ObjectArnFromParameters(record);
  return objectArn === null
    ? { values: [] }
    : { values: [objectArn], note: 'built from requestParameters (the record lists no AWS::S3::Object resource)' };
}

/** Bucket-scoped S3 data calls: the whole bucket (empty prefix) or the listed prefix. */
const BUCKET_SCOPED_CALLS: ReadonlySet<string> = new Set(['HeadBucket', 'DeleteObjects', 'ListObjects', 'ListObjectsV2', 'ListObjectVersions']);

/** arn:aws:s3:::bucket/key from requestParameters (key, or prefix for listings, or empty for whole-bucket calls). */
function s3ObjectArnFromParameters(record: RawRecord): string | null {
  if (record.eventSource !== 's3.amazonaws.com') return null;
  const bucket = recordBucket(record);
  if (bucket === null) return null;
  const parameters = requestParameters(record);
  const eventName = typeof record.eventName === 'string' ? record.eventName : '';
  let key: string | null;
  if (BUCKET_SCOPED_CALLS.has(eventName)) key = stringField(parameters?.prefix) ?? '';
  else key = stringField(parameters?.key);
  return key === null ? null : `arn:aws:s3:::${bucket}/${key}`;
}

type FieldReader = (record: RawRecord, selectedTypes: ReadonlyArray<string>) => FieldValues;

/**
 * Field name → reader: every field an advanced event selector of a trail can name. A Map, because the names come
 * from the user's trail file (`constructor` or `__proto__` are just unknown fields).
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
 * `selectedTypes` are the resources.type values the same selector selects.
 */
const FIELD_READERS: ReadonlyMap<string, FieldReader> = new Map<string, FieldReader>([
  ['eventCategory', (record) => eventCategoryValue(record)],
  ['eventSource', (record) => stringValue(record.eventSource)],
  ['eventName', (record) => stringValue(record.eventName)],
  ['eventType', (record) => stringValue(record.eventType)],
  ['errorCode', (record) => stringValue(record.errorCode)],
  ['vpcEndpointId', (record) => stringValue(record.vpcEndpointId)],
  [
    'readOnly',
    (record) => {
      const { value, note } = readOnlyValue(record);
      return value === null ? { values: [] } : { values: [String(value)], note };
    },
  ],
  ['resources.type', (record) => ({ values: recordResources(record).map((resource) => resource.type) })],
  ['resources.ARN', (record, selectedTypes) => resourceArns(record, selectedTypes)],
  [
    'userIdentity.arn',
    (record) => {
      const identity = record.userIdentity;
      return typeof identity === 'object' && identity !== null ? stringValue((identity as Record<string, unknown>).arn) : { values: [] };
    },
  ],
  [
    'sessionCredentialFromConsole',
    (record) => (record.sessionCredentialFromConsole === undefined ? { values: [] } : { values: [String(record.sessionCredentialFromConsole)] }),
  ],
]);

/** The field names advanced event selectors of trails accept, in the order AWS documents them. */
export const SELECTOR_FIELD_NAMES: readonly string[] = [...FIELD_READERS.keys()];

/** True when `field` is a field advanced event selectors of trails can name. */
export function isSelectorField(field: string): boolean {
  return FIELD_READERS.has(field);
}

/** Values of `field` for this record; unknown fields give no values and a note. */
export function readSelectorField(record: RawRecord, field: string, selectedTypes: ReadonlyArray<string>): FieldValues {
  const reader = FIELD_READERS.get(field);
  if (reader === undefined) return { values: [], note: `${field} is not a field CloudTrail trails can select on` };
  return reader(record, selectedTypes);
}
