// The indexed fields of one event, as surfaces (tree, CLI, panel header) show them without re-reading the record.

import type { EventCategory, IdentityKind, InputFormat, S3Level } from '../types';

/** One event's indexed fields (see docs/contracts.md). */
export interface EventSummary {
  /** Store id of the event. */
  id: number;
  file: string;
  format: InputFormat | null;
  recordIndex: number;
  /** Byte range [start, end) of the record in the decompressed UTF-8 text of the file. */
  start: number;
  end: number;
  /** eventTime normalised to `YYYY-MM-DDTHH:MM:SSZ` (UTC), null when absent or unreadable. */
  eventTime: string | null;
  eventTimeMs: number;
  eventName: string | null;
  eventSource: string | null;
  awsRegion: string | null;
  sourceIPAddress: string | null;
  userAgent: string | null;
  errorCode: string | null;
  recipientAccountId: string | null;
  /** Caller ARN or best name. */
  principal: string | null;
  identityKind: IdentityKind;
  accessKeyId: string | null;
  /** The caller's account (userIdentity.accountId, or decoded from the access key). */
  account: string | null;
  bucket: string | null;
  objectKey: string | null;
  eventID: string | null;
  requestID: string | null;
  readOnly: boolean | null;
  eventCategory: EventCategory | null;
  level: S3Level | null;
  isS3: boolean;
  /** The API operation when CloudTrail logged it under another eventName (ListObjectsV2 as ListObjects), else null. */
  apiOperation: string | null;
}
