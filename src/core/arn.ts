// Amazon Resource Names: split into their documented parts so that hovers and explanations can name them.
// Format: arn:partition:service:region:account-id:resource (resource may be `type/id`, `type:id` or a bare id).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html

export interface ParsedArn {
  arn: string;
  partition: string;
  service: string;
  /** Empty for global services (IAM, S3 bucket and object ARNs). */
  region: string;
  /** Empty for S3 bucket and object ARNs, which carry no account. */
  accountId: string;
  /** Everything after the fifth colon. */
  resource: string;
  /** `user`, `role`, `assumed-role`, `accesspoint`, `trail`…; for S3 bucket/object ARNs `bucket` or `object`. */
  resourceType: string | null;
  /** The resource id after the type (for S3: `bucket/key` without the bucket when `bucket` is set). */
  resourceId: string;
  /** S3 only: bucket name and object key (or key prefix). */
  bucket?: string;
  key?: string;
}

const PARTITION_NAMES: ReadonlyMap<string, string> = new Map([
  ['aws', 'AWS commercial Regions'],
  ['aws-cn', 'AWS China Regions'],
  ['aws-us-gov', 'AWS GovCloud (US) Regions'],
  ['aws-iso', 'AWS ISO (US) Regions'],
  ['aws-iso-b', 'AWS ISOB (US) Regions'],
  ['aws-eusc', 'AWS European Sovereign Cloud'],
]);

/** Human name of a partition id, or the id itself when unknown. */
function describePartition(partition: string): string {
  return PARTITION_NAMES.get(partition) ?? partition;
}

/** Parses an ARN; returns null when the text is not `arn:` followed by at least five colon-separated parts. */
export function parseArn(arn: string): ParsedArn | null {
  if (typeof arn !== 'string' || !arn.startsWith('arn:')) return null;
  const parts: string[] = [];
  let start = 4;
  for (let i = 0; i < 4; i++) {
    const colon = arn.indexOf(':', start);
    if (colon < 0) return null;
    parts.push(arn.slice(start, colon));
    start = colon + 1;
  }
  const [partition, service, region, accountId] = parts as [string, string, string, string];
  if (partition === '' || service === '') return null;
  const resource = arn.slice(start);
  const parsed: ParsedArn = { arn, partition, service, region, accountId, resource, resourceType: null, resourceId: resource };
  if (service === 's3' && region === '' && accountId === '') {
    // S3 bucket and object ARNs: arn:aws:s3:::bucket or arn:aws:s3:::bucket/key
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html
    const slash = resource.indexOf('/');
    parsed.bucket = slash < 0 ? resource : resource.slice(0, slash);
    if (slash >= 0) parsed.key = resource.slice(slash + 1);
    parsed.resourceType = slash < 0 ? 'bucket' : 'object';
    parsed.resourceId = resource;
    return parsed;
  }
  const separator = firstSeparator(resource);
  if (separator >= 0) {
    parsed.resourceType = resource.slice(0, separator);
    parsed.resourceId = resource.slice(separator + 1);
  }
  return parsed;
}

function firstSeparator(resource: string): number {
  const slash = resource.indexOf('/');
  const colon = resource.indexOf(':');
  if (slash < 0) return colon;
  if (colon < 0) return slash;
  return Math.min(slash, colon);
}

/** One line per part, for hovers and the CLI. */
export function describeArnParts(parsed: ParsedArn): string[] {
  const lines = [
    `Partition: ${parsed.partition} (${describePartition(parsed.partition)})`,
    `Service: ${parsed.service}`,
    `Region: ${parsed.region === '' ? '(none: global resource)' : parsed.region}`,
    `Account: ${parsed.accountId === '' ? '(none in this ARN)' : parsed.accountId}`,
  ];
  if (parsed.bucket !== undefined) {
    lines.push(`Bucket: ${parsed.bucket}`);
    if (parsed.key !== undefined) lines.push(parsed.key === '' ? 'Object key: (empty: the whole bucket)' : `Object key or prefix: ${parsed.key}`);
  } else if (parsed.resourceType !== null) {
    lines.push(`Resource type: ${parsed.resourceType}`, `Resource: ${parsed.resourceId}`);
  } else {
    lines.push(`Resource: ${parsed.resource}`);
  }
  return lines;
}

/** Last path segment of an ARN's resource (user/path/alice → alice), or null when it has no `/`. */
export function lastPathSegment(arn: string | null): string | null {
  if (arn === null) return null;
  const slash = arn.lastIndexOf('/');
  return slash < 0 ? null : arn.slice(slash + 1);
}
