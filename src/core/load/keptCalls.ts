// The few records indexing keeps whole: the CloudTrail calls that change a trail, from which trails are rebuilt
// (core/trail/history.ts). Keeping them at indexing spares re-reading (and re-inflating) every file that holds one.
// A log forged to hold millions of them keeps only the first MAX_KEPT_CALLS_PER_FILE, and says so.
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Operations.html

import type { RawRecord } from '../types';
import type { LinkFacts } from '../lineage/linkFacts';

export const CLOUDTRAIL_SOURCE = 'cloudtrail.amazonaws.com';

/** The CloudTrail calls that change a trail. */
export const TRAIL_CHANGE_EVENTS: readonly string[] = [
  'CreateTrail',
  'UpdateTrail',
  'PutEventSelectors',
  'PutInsightSelectors',
  'StartLogging',
  'StopLogging',
  'DeleteTrail',
];

const TRAIL_CHANGES: ReadonlySet<string> = new Set(TRAIL_CHANGE_EVENTS);

/** More trail calls than any real trail's history; beyond it a file is forged or broken. */
export const MAX_KEPT_CALLS_PER_FILE = 10_000;

/** Credential-issuing calls whose link facts (core/lineage/linkFacts.ts) one file keeps at most. */
export const MAX_LINKS_PER_FILE = 100_000;

/** The link facts of one credential-issuing event, with the event's index in its file's index (not its record index). */
export interface IndexedLink {
  event: number;
  facts: LinkFacts;
}

/** A record kept whole, with its index in its file. */
export interface KeptCall {
  recordIndex: number;
  record: RawRecord;
}

/** The fields a trail's history is rebuilt from; the rest of the record (user agent, TLS details…) is not kept. */
const KEPT_FIELDS = [
  'eventVersion',
  'eventTime',
  'eventSource',
  'eventName',
  'eventID',
  'awsRegion',
  'recipientAccountId',
  'errorCode',
  'userIdentity',
  'requestParameters',
  'responseElements',
] as const;

/** The caller fields that name who made a call (identity/decode.ts identityKey); sessionContext and the rest are not kept. */
const KEPT_IDENTITY_FIELDS = ['type', 'arn', 'userName', 'invokedBy', 'principalId', 'accountId', 'accessKeyId', 'onBehalfOf'] as const;

function pick(source: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const field of fields) if (source[field] !== undefined) kept[field] = source[field];
  return kept;
}

/** The part of a trail call that is kept. */
export function keptPart(record: RawRecord): RawRecord {
  const kept = pick(record, KEPT_FIELDS);
  const identity = record.userIdentity;
  if (typeof identity === 'object' && identity !== null && !Array.isArray(identity))
    kept.userIdentity = pick(identity as Record<string, unknown>, KEPT_IDENTITY_FIELDS);
  return kept;
}

/** True for a call indexing keeps (called per record: two comparisons for nearly all of them). */
export function isKeptCall(eventSource: unknown, eventName: unknown): boolean {
  return eventSource === CLOUDTRAIL_SOURCE && typeof eventName === 'string' && TRAIL_CHANGES.has(eventName);
}
