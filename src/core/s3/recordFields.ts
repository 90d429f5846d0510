// Safe readers for the S3-related fields of an untrusted CloudTrail record (every value may have any type).
// resources[]: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
// S3 entries carry `ARN` for one object or bucket and `ARNPrefix` for bucket-scoped data calls (ListObjects…):
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-understanding-s3-entries.html

import type { RawRecord } from '../types';

export interface RecordResource {
  index: number;
  type: string;
  /** `ARN`, or `ARNPrefix` when `isPrefix`. */
  arn: string | null;
  isPrefix: boolean;
  accountId: string | null;
}

/** Resource types that name S3 objects (or object prefixes). */
export const S3_OBJECT_RESOURCE_TYPES: ReadonlySet<string> = new Set(['AWS::S3::Object', 'AWS::S3Express::Object', 'AWS::S3Outposts::Object']);

/** Resource types that name buckets. */
export const S3_BUCKET_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'AWS::S3::Bucket',
  'AWS::S3Express::DirectoryBucket',
  'AWS::S3Outposts::Bucket',
]);

export function stringField(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function objectField(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The record's resources[] entries, skipping malformed ones. */
export function recordResources(record: RawRecord): RecordResource[] {
  const resources = record.resources;
  if (!Array.isArray(resources)) return [];
  const result: RecordResource[] = [];
  for (let index = 0; index < resources.length; index++) {
    const resource = resourceAt(resources, index, null);
    if (resource !== null) result.push(resource);
  }
  return result;
}

/** The well-formed resource at `index` (of one of `types` when given), or null. */
function resourceAt(resources: unknown[], index: number, types: ReadonlySet<string> | null): RecordResource | null {
  const entry = objectField(resources[index]);
  if (entry === null) return null;
  const type = stringField(entry.type);
  if (type === null || (types !== null && !types.has(type))) return null;
  const arn = stringField(entry.ARN);
  const arnPrefix = stringField(entry.ARNPrefix);
  return { index, type, arn: arn ?? arnPrefix, isPrefix: arn === null && arnPrefix !== null, accountId: stringField(entry.accountId) };
}

/** First resource whose type is in `types`, or null. */
export function findResource(record: RawRecord, types: ReadonlySet<string>): RecordResource | null {
  const resources = record.resources;
  if (!Array.isArray(resources)) return null;
  for (let index = 0; index < resources.length; index++) {
    const resource = resourceAt(resources, index, types);
    if (resource !== null) return resource;
  }
  return null;
}

/** `requestParameters` as an object, or null. */
export function requestParameters(record: RawRecord): Record<string, unknown> | null {
  return objectField(record.requestParameters);
}

/** The Host request parameter: `Host` string in newer records, `host` one-element array in older AWS examples. */
export function requestHost(record: RawRecord): string | null {
  const parameters = requestParameters(record);
  if (parameters === null) return null;
  const host = parameters.Host ?? parameters.host;
  if (typeof host === 'string') return host;
  if (Array.isArray(host) && typeof host[0] === 'string') return host[0];
  return null;
}

/** Bucket named by the record: requestParameters.bucketName, else the bucket resource's ARN. */
export function recordBucket(record: RawRecord): string | null {
  const parameters = requestParameters(record);
  const bucketName = parameters === null ? null : stringField(parameters.bucketName);
  if (bucketName !== null && bucketName !== '') return bucketName;
  const bucket = findResource(record, S3_BUCKET_RESOURCE_TYPES);
  if (bucket?.arn) {
    const afterColons = bucket.arn.lastIndexOf(':');
    const name = bucket.arn.slice(afterColons + 1);
    return name.startsWith('bucket/') ? name.slice('bucket/'.length) : name;
  }
  return null;
}
