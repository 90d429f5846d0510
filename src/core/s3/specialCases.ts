// The special cases of AWS's "Amazon S3 CloudTrail events" page (older edition of
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html), each with the rule that
// page states and, where AWS changed it later, the rule in force since (with its date), so an
// explanation can quote the rule that applied at the event's eventTime.

export type SpecialCaseId =
  | 'list-objects-prefix'
  | 'head-bucket-empty-prefix'
  | 'delete-objects-empty-prefix'
  | 'delete-object-fan-out'
  | 'options-preflight'
  | 'public-access-block-scope'
  | 'soap-operation'
  | 'network-activity';

export interface SpecialCase {
  id: SpecialCaseId;
  title: string;
  /** The rule as the S3 page states it (or as AWS documented it before `changedOn`). */
  rule: string;
  /** ISO date from which `currentRule` applies, when AWS changed the rule. */
  changedOn?: string;
  currentRule?: string;
  links: ReadonlyArray<{ label: string; url: string }>;
}

const S3_CLOUDTRAIL_EVENTS = {
  label: 'Amazon S3 CloudTrail events',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html',
};
const DATA_EVENTS = {
  label: 'Logging data events (CloudTrail)',
  url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html',
};

export const SPECIAL_CASES: Readonly<Record<SpecialCaseId, SpecialCase>> = {
  'list-objects-prefix': {
    id: 'list-objects-prefix',
    title: 'Bucket listing logged as an object-level data event',
    rule:
      'ListObjects, ListObjectsV2 and ListObjectVersions are bucket-level GET operations that CloudTrail logs as ' +
      'object-level (data) events when the trail selects a prefix of the bucket; the record then names the prefix ' +
      '(resources ARNPrefix), not one object.',
    links: [
      S3_CLOUDTRAIL_EVENTS,
      { label: 'ListObjectsV2', url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html' },
      DATA_EVENTS,
    ],
  },
  'head-bucket-empty-prefix': {
    id: 'head-bucket-empty-prefix',
    title: 'HeadBucket logged as an object-level data event',
    rule:
      'HeadBucket is logged as an object-level (data) event when the trail specifies the bucket with an empty prefix ' +
      '(or all buckets); today AWS lists it directly among the AWS::S3::Object data events.',
    links: [S3_CLOUDTRAIL_EVENTS, { label: 'HeadBucket', url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html' }],
  },
  'delete-objects-empty-prefix': {
    id: 'delete-objects-empty-prefix',
    title: 'DeleteObjects (Delete Multiple Objects) logged as an object-level data event',
    rule:
      'DeleteObjects is logged as an object-level (data) event when the trail specifies the bucket with an empty prefix ' +
      '(or all buckets); CloudTrail does not log the key names of the deleted objects.',
    // AWS dates the change "June 2025" without a day; the first of the month is used.
    changedOn: '2025-06-01',
    currentRule:
      'DeleteObjects is logged as an object-level (data) event when the trail selects the bucket; since June 2025 it is ' +
      'accompanied by one DeleteObject event per deleted key, which carry the key names (AWS documents a selector ' +
      'that filters them out).',
    links: [
      S3_CLOUDTRAIL_EVENTS,
      {
        label: 'Filtering DeleteObject events from DeleteObjects',
        url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/filtering-data-events.html#filtering-data-events-deleteobjects',
      },
      { label: 'DeleteObjects', url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html' },
    ],
  },
  'delete-object-fan-out': {
    id: 'delete-object-fan-out',
    title: 'DeleteObject recorded for one key of a DeleteObjects request',
    rule:
      'Since June 2025 CloudTrail records one DeleteObject event per key deleted by DeleteObjects. AWS filters these ' +
      'with eventType NotEquals AwsServiceEvent, which suggests (AWS does not state it) that they carry eventType AwsServiceEvent.',
    changedOn: '2025-06-01',
    links: [
      {
        label: 'Filtering DeleteObject events from DeleteObjects',
        url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/filtering-data-events.html#filtering-data-events-deleteobjects',
      },
    ],
  },
  'options-preflight': {
    id: 'options-preflight',
    title: 'OPTIONS (CORS preflight) treated as a bucket-level action',
    rule:
      'The OPTIONS object request is an object-level action that CloudTrail treats as a bucket-level action, because ' +
      "what it checks is the bucket's CORS configuration.",
    links: [S3_CLOUDTRAIL_EVENTS, { label: 'OPTIONS object', url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/RESTOPTIONSobject.html' }],
  },
  'public-access-block-scope': {
    id: 'public-access-block-scope',
    title: 'PublicAccessBlock: account-level or bucket-level',
    rule:
      'AWS’s “Amazon S3 CloudTrail events” page lists DeletePublicAccessBlock, GetPublicAccessBlock and PutPublicAccessBlock both as ' +
      'account-level actions (S3 Control API, the account-wide setting) and as bucket-level actions (the setting of one ' +
      'bucket); the record decides: a bucket named in requestParameters or resources means bucket level, the S3 Control ' +
      'host means account level. Today CloudTrail logs them as Get/Put/DeleteAccountPublicAccessBlock and ' +
      'Get/Put/DeleteBucketPublicAccessBlock.',
    links: [
      S3_CLOUDTRAIL_EVENTS,
      {
        label: 'PutPublicAccessBlock (S3 Control, account)',
        url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_PutPublicAccessBlock.html',
      },
      { label: 'PutPublicAccessBlock (bucket)', url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutPublicAccessBlock.html' },
    ],
  },
  'soap-operation': {
    id: 'soap-operation',
    title: 'Deprecated SOAP operation name',
    rule: 'SOAP calls to Amazon S3 (deprecated, HTTPS only) are logged under the REST event name; this record uses the SOAP operation name.',
    links: [S3_CLOUDTRAIL_EVENTS],
  },
  'network-activity': {
    id: 'network-activity',
    title: 'Network activity event (VPC endpoint)',
    rule:
      'eventCategory NetworkActivity: the call went through a VPC endpoint and this record is the network activity event ' +
      'delivered to the endpoint owner, neither a management nor a data event.',
    links: [
      {
        label: 'Logging network activity events',
        url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-network-events-with-cloudtrail.html',
      },
    ],
  },
};

/** Special cases whose answer depends on fields of the record beyond its name and category. */
export const RECORD_DEPENDENT_CASES: ReadonlySet<SpecialCaseId> = new Set([
  'list-objects-prefix',
  'head-bucket-empty-prefix',
  'delete-objects-empty-prefix',
  'public-access-block-scope',
]);

/** Bucket operations logged as data events only under a particular trail selection (prefix, empty prefix). */
export const DATA_SELECTION_CASES: ReadonlySet<SpecialCaseId> = new Set([
  'list-objects-prefix',
  'head-bucket-empty-prefix',
  'delete-objects-empty-prefix',
]);

/** The rule of a special case that was in force at `eventTime` (an ISO string; unknown times get the current rule). */
export function ruleInForce(specialCase: SpecialCase, eventTime: unknown): string {
  if (specialCase.changedOn === undefined || specialCase.currentRule === undefined) return specialCase.rule;
  if (typeof eventTime === 'string' && eventTime.length >= 10 && eventTime.slice(0, 10) < specialCase.changedOn) {
    return `${specialCase.rule} (rule in force before ${specialCase.changedOn}; since then: ${specialCase.currentRule})`;
  }
  return specialCase.currentRule;
}
