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

import { classifyEvent } from '../s3/classify';
import { findResource, requestParameters, S3_BUCKET_RESOURCE_TYPES } from '../s3/recordFields';
import { identityKey } from '../identity/decode';
import type { RawRecord } from '../types';

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
  const requester = identityKey(record).accountId;
  const bucketResource = findResource(record, S3_BUCKET_RESOURCE_TYPES);
  const owner = bucketResource?.accountId || null;
  const recipient = typeof record.recipientAccountId === 'string' ? record.recipientAccountId : null;
  const classification = classifyEvent(record);
  const eventTime = typeof record.eventTime === 'string' ? record.eventTime : '';
  const eventName = typeof record.eventName === 'string' ? record.eventName : '';
  const notes: string[] = [];
  const recipients: DeliveryRecipient[] = [
    {
      accountId: requester,
      role: 'requester',
      receives: 'yes',
      reason: 'CloudTrail always delivers the event to the requester (the account that made the call), when its trail selects it.',
    },
  ];
  const crossAccount = classification.isS3 && owner !== null && requester !== null && owner !== requester;
  if (crossAccount) {
    recipients.push(bucketOwnerRecipient(record, owner, eventTime.slice(0, 10) < BUCKET_OWNER_RULE_CHANGED_ON));
    if (ACL_EVENTS.has(eventName) && grantsByEmail(record)) {
      notes.push(
        "The request grants access by e-mail address: the requester's copy includes the grantee's e-mail and the grant, but the bucket owner's copy only shows that an ACL call was made (AWS's “Amazon S3 CloudTrail events” page, example 2).",
      );
    }
    if (typeof record.sharedEventID === 'string')
      notes.push(`Both copies share sharedEventID ${record.sharedEventID}; each has its own eventID and recipientAccountId.`);
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
  else if (crossAccount && recipient === owner) thisCopy = `This is the bucket owner's copy (account ${recipient}).`;
  else if (recipient === requester) thisCopy = `This is the requester's copy (account ${recipient}).`;
  else thisCopy = `This copy was delivered to account ${recipient}.`;
  const summary = crossAccount
    ? `Cross-account S3 call: requester ${requester} always receives it; bucket owner ${owner} ${
        (recipients[1] as DeliveryRecipient).receives === 'yes' ? 'receives it too' : 'may receive it (see its condition)'
      }.`
    : `Single-account delivery: the event goes to ${requester === null ? "the caller's account" : `account ${requester}`} only.`;
  return { summary, crossAccount, recipients, thisCopy, notes };
}
