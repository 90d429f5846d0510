// Which accounts receive a copy of an S3 data event when the requester and the bucket owner differ, after the
// two cross-account examples of AWS's S3 page and the rule change AWS made later
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html#cloudtrail-object-level-crossaccount):
// - the requester always receives the object-level event (when its own trail selects it);
// - the bucket owner: until 2022-11-16 the S3 guide said "only if the bucket owner has permissions for the same
//   object API" (owns the object, or was granted the API through the object ACL); since then it receives the
//   event regardless, except some AccessDenied cases where entries are redacted or not delivered;
// - an ACL grant made by e-mail address: the bucket owner's copy does not carry the grantee's address.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html#cloudtrail-object-level-crossaccount
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-receive-logs-from-multiple-accounts.html
// A request with no requester account of its own — anonymous (a public bucket), made by an AWS service, or whose
// identity names no account — has only one account to go to: the bucket owner, who receives the events of every
// caller on its buckets (the CloudTrail guide's example: a third account's read goes to that account and to the owner,
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html). Such records
// carry the owner as recipientAccountId; AWS's anonymous userIdentity shape (accountId "anonymous") is on
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html

import { classifyEvent } from '../s3/classify';
import { findResource, requestParameters, S3_BUCKET_RESOURCE_TYPES } from '../s3/recordFields';
import { identityKey } from '../identity/decode';
import type { IdentityKind, RawRecord } from '../types';

const BUCKET_OWNER_RULE_CHANGED_ON = '2022-11-16';
/** Since this date a cross-account caller's copy of an AccessDenied event blanks the bucket owner's account id. */
const OWNER_REDACTION_SINCE = '2022-03-03';

export type DeliveryRole = 'requester' | 'bucket-owner';

export interface DeliveryRecipient {
  accountId: string | null;
  role: DeliveryRole;
  /** yes, or conditional on a permission the record does not show. */
  receives: 'yes' | 'conditional';
  reason: string;
}

export interface CrossAccountDelivery {
  /** One sentence: who receives this event and whose copy this record is. */
  summary: string;
  /** True when the requester and the bucket owner are different accounts. */
  crossAccount: boolean;
  recipients: DeliveryRecipient[];
  /** Whose copy this record is (from recipientAccountId). */
  thisCopy: string;
  notes: string[];
}

/** The accounts that can receive a copy of an event (each through its own trail). */
export interface DeliveryAccounts {
  /** The caller's account; null when the caller has none of its own (anonymous, an AWS service) or the record names none. */
  requester: string | null;
  /** The bucket owner, for an S3 event whose bucket belongs to another account than the requester, or whose requester is null. */
  bucketOwner: string | null;
}

/** Identity kinds whose account (if any) never receives the event: an AWS service's own account is AWS's, not a customer's. */
const NO_REQUESTER_ACCOUNT: ReadonlySet<IdentityKind> = new Set(['anonymous', 'aws-service']);

/**
 * The accounts that can receive a copy of this event. The bucket owner comes from the bucket resource's accountId;
 * when the requester has no account and the bucket resource names none, the only copy is the owner's, so the
 * record's recipientAccountId is the owner.
 */
export function deliveryAccounts(record: RawRecord): DeliveryAccounts {
  const identity = identityKey(record);
  const requester = NO_REQUESTER_ACCOUNT.has(identity.kind) ? null : identity.accountId;
  if (!classifyEvent(record).isS3) return { requester, bucketOwner: null };
  const recipient = typeof record.recipientAccountId === 'string' && record.recipientAccountId !== '' ? record.recipientAccountId : null;
  const owner = findResource(record, S3_BUCKET_RESOURCE_TYPES)?.accountId || (requester === null ? recipient : null);
  return { requester, bucketOwner: owner !== null && owner !== requester ? owner : null };
}

/** Why the bucket owner alone receives an event whose requester has no account, per identity kind. */
const OWNER_ONLY_REASONS: Readonly<Partial<Record<IdentityKind, string>>> = {
  anonymous: 'An anonymous (unsigned) request has no requester account: CloudTrail delivers the event to the bucket owner only.',
  'aws-service': "An AWS service made the request: the event goes to the bucket owner, not to the service's own account.",
};
const OWNER_ONLY_DEFAULT_REASON = 'The record names no requester account: the bucket owner receives the event.';

const OWNER_ONLY_CALLERS: Readonly<Partial<Record<IdentityKind, string>>> = { anonymous: 'Anonymous', 'aws-service': 'AWS-service' };

/** ACL grants by e-mail address: x-amz-grant-* headers with emailAddress=, or an AccessControlPolicy grantee EmailAddress. */
function grantsByEmail(record: RawRecord): boolean {
  const parameters = requestParameters(record);
  if (parameters === null) return false;
  for (const [name, value] of Object.entries(parameters)) {
    if (name.startsWith('x-amz-grant-') && typeof value === 'string' && value.includes('emailAddress=')) return true;
  }
  return JSON.stringify(parameters.AccessControlPolicy ?? '').includes('EmailAddress');
}

const ACL_EVENTS: ReadonlySet<string> = new Set(['PutObjectAcl', 'PutBucketAcl', 'PutObject', 'CopyObject', 'CreateMultipartUpload']);

function bucketOwnerRecipient(record: RawRecord, owner: string | null, beforeChange: boolean): DeliveryRecipient {
  if (beforeChange) {
    return {
      accountId: owner,
      role: 'bucket-owner',
      receives: 'conditional',
      reason: `Rule in force before ${BUCKET_OWNER_RULE_CHANGED_ON} (AWS's “Amazon S3 CloudTrail events” page, example 1): the bucket owner receives the event only if it has permission for the same API on that object, that is it owns the object or was granted the API through the object ACL.`,
    };
  }
  const denied = record.errorCode === 'AccessDenied';
  return {
    accountId: owner,
    role: 'bucket-owner',
    receives: denied ? 'conditional' : 'yes',
    reason: denied
      ? `Since ${BUCKET_OWNER_RULE_CHANGED_ON} the bucket owner receives the event even without permission on the object, but for some AccessDenied requests the entries are redacted or not delivered.`
      : `Since ${BUCKET_OWNER_RULE_CHANGED_ON} the bucket owner receives the event even when it neither owns the object nor has permission for the API on it.`,
  };
}

/** Which accounts get this event, whose copy this record is, and the documented caveats. */
export function crossAccountDelivery(record: RawRecord): CrossAccountDelivery {
  const { requester, bucketOwner } = deliveryAccounts(record);
  const kind = identityKey(record).kind;
  const bucketResource = findResource(record, S3_BUCKET_RESOURCE_TYPES);
  const recipient = typeof record.recipientAccountId === 'string' ? record.recipientAccountId : null;
  const eventTime = typeof record.eventTime === 'string' ? record.eventTime : '';
  const eventName = typeof record.eventName === 'string' ? record.eventName : '';
  const notes: string[] = [];
  const recipients: DeliveryRecipient[] = [];
  if (requester !== null) {
    recipients.push({
      accountId: requester,
      role: 'requester',
      receives: 'yes',
      reason: 'CloudTrail always delivers the event to the requester (the account that made the call), when its trail selects it.',
    });
  }
  const crossAccount = requester !== null && bucketOwner !== null;
  if (crossAccount) {
    recipients.push(bucketOwnerRecipient(record, bucketOwner, eventTime.slice(0, 10) < BUCKET_OWNER_RULE_CHANGED_ON));
    if (ACL_EVENTS.has(eventName) && grantsByEmail(record)) {
      notes.push(
        "The request grants access by e-mail address: the requester's copy includes the grantee's e-mail and the grant, but the bucket owner's copy only shows that an ACL call was made (AWS's “Amazon S3 CloudTrail events” page, example 2).",
      );
    }
    if (typeof record.sharedEventID === 'string')
      notes.push(`Both copies share sharedEventID ${record.sharedEventID}; each has its own eventID and recipientAccountId.`);
  } else if (bucketOwner !== null) {
    recipients.push({ accountId: bucketOwner, role: 'bucket-owner', receives: 'yes', reason: OWNER_ONLY_REASONS[kind] ?? OWNER_ONLY_DEFAULT_REASON });
  } else if (
    bucketResource !== null &&
    bucketResource.accountId === '' &&
    record.errorCode === 'AccessDenied' &&
    eventTime.slice(0, 10) >= OWNER_REDACTION_SINCE
  ) {
    notes.push(
      `The bucket owner's account id is blank: since ${OWNER_REDACTION_SINCE} a cross-account caller's copy of an AccessDenied event hides it; the owner's copy is complete.`,
    );
  }
  if (record.eventCategory === 'NetworkActivity') {
    const endpointOwner = typeof record.vpcEndpointAccountId === 'string' ? ` (account ${record.vpcEndpointAccountId})` : '';
    notes.push(
      `A network activity event is delivered to the owner of the VPC endpoint${endpointOwner}. When the endpoint policy denied the request (VpceAccessDenied), neither the requester nor the bucket owner receives an S3 event for it.`,
    );
  }
  let thisCopy: string;
  if (recipient === null) thisCopy = 'The record does not say which account received this copy (no recipientAccountId).';
  else if (bucketOwner !== null && recipient === bucketOwner) thisCopy = `This is the bucket owner's copy (account ${recipient}).`;
  else if (recipient === requester) thisCopy = `This is the requester's copy (account ${recipient}).`;
  else thisCopy = `This copy was delivered to account ${recipient}.`;
  return { summary: deliverySummary(requester, bucketOwner, kind, recipients, recipient), crossAccount, recipients, thisCopy, notes };
}

function deliverySummary(
  requester: string | null,
  bucketOwner: string | null,
  kind: IdentityKind,
  recipients: DeliveryRecipient[],
  recipient: string | null,
): string {
  if (requester !== null && bucketOwner !== null) {
    return `Cross-account S3 call: requester ${requester} always receives it; bucket owner ${bucketOwner} ${
      (recipients[1] as DeliveryRecipient).receives === 'yes' ? 'receives it too' : 'may receive it (see its condition)'
    }.`;
  }
  if (bucketOwner !== null) return `${OWNER_ONLY_CALLERS[kind] ?? 'Unattributed'} S3 request: the bucket owner ${bucketOwner} receives it.`;
  if (requester !== null) return `Single-account delivery: the event goes to account ${requester} only.`;
  return recipient === null
    ? 'The record names neither a requester account nor a recipient account.'
    : `The caller has no account of its own here: the event goes to account ${recipient} (recipientAccountId).`;
}
