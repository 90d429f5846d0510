// What indexing records about an event for the noise lenses (lenses.ts): whether an AWS service made the call, and
// whether it is CloudTrail writing (or encrypting) its own log files. Both are read from the record once, at indexing.

import type { RawRecord } from '../types';

/** The noise facts of one event. */
export interface NoiseFacts {
  /**
   * An AWS service made the call: `userIdentity.type` AWSService, or `userIdentity.invokedBy` a service principal
   * ("Name of the AWS service that made the call on your behalf", which covers forward access sessions, service roles
   * and service-linked roles): https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
   */
  byService: boolean;
  /**
   * CloudTrail delivering its own log files: its S3 calls on log keys (and the bucket checks it makes before a
   * delivery), and the KMS calls it makes to encrypt them. Delivery keys follow
   * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html
   * (`AWSLogs/[o-org/]<account>/CloudTrail[-Digest|-Insight]/…`, under an optional prefix); KMS encryption of log files
   * uses the encryption context `aws:cloudtrail:arn`:
   * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
   */
  trailDelivery: boolean;
}

/** The rules of the facts, shared with their SQL (core/sql/expressions.ts) so both read the same values. */
export const NOISE_RULES = {
  cloudTrailPrincipal: 'cloudtrail.amazonaws.com',
  /** invokedBy values that name a service: service principals, and "AWS Internal" for calls AWS makes itself. */
  servicePrincipal: /\.amazonaws\.com$|^AWS Internal$/,
  deliveryKey: /(^|\/)AWSLogs\/(o-[a-z0-9]+\/)?\d{12}\/CloudTrail(-Digest|-Insight)?\//,
  /** The bucket checks CloudTrail makes before it writes a log file (its bucket policy must allow them). */
  deliveryBucketChecks: new Set(['GetBucketAcl', 'GetBucketLocation', 'HeadBucket', 'ListBucket']) as ReadonlySet<string>,
} as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invokerOf(identity: Record<string, unknown>): string | null {
  const invokedBy = identity.invokedBy;
  return typeof invokedBy === 'string' ? invokedBy : null;
}

function encryptsForCloudTrail(record: RawRecord): boolean {
  const parameters = record.requestParameters;
  if (!isObject(parameters)) return false;
  const context = parameters.encryptionContext;
  return isObject(context) && Object.hasOwn(context, 'aws:cloudtrail:arn');
}

/** The noise facts of a record; `objectKey` is the S3 key indexing found (requestParameters.key or a resource ARN). */
export function noiseFactsOf(record: RawRecord, eventSource: unknown, eventName: unknown, objectKey: string | null): NoiseFacts {
  const identity = isObject(record.userIdentity) ? record.userIdentity : null;
  const invoker = identity === null ? null : invokerOf(identity);
  const byService = identity !== null && (identity.type === 'AWSService' || (invoker !== null && NOISE_RULES.servicePrincipal.test(invoker)));
  const byCloudTrail = invoker === NOISE_RULES.cloudTrailPrincipal;
  let trailDelivery = false;
  if (eventSource === 's3.amazonaws.com' && byCloudTrail) {
    trailDelivery =
      objectKey === null ? typeof eventName === 'string' && NOISE_RULES.deliveryBucketChecks.has(eventName) : NOISE_RULES.deliveryKey.test(objectKey);
  } else if (eventSource === 'kms.amazonaws.com') {
    trailDelivery = byCloudTrail || encryptsForCloudTrail(record);
  }
  return { byService, trailDelivery };
}
