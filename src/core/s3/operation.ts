// CloudTrail writes one eventName for two S3 APIs: ListObjectsV2 requests are logged as ListObjects, and only the
// request parameter that selects version 2 (`GET /?list-type=2`) tells them apart.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html (URI request parameter list-type)
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjects.html

import { requestParameters } from './recordFields';
import type { RawRecord } from '../types';

export interface LoggedUnderAnotherName {
  /** The eventName CloudTrail writes. */
  eventName: string;
  /** The request parameter whose value names the real operation. */
  parameter: string;
  value: string;
  /** The API operation the request was. */
  operation: string;
  reference: string;
}

/** Every API operation CloudTrail logs under another operation's eventName; the index flags such events (indexSchema). */
export const LOGGED_UNDER_ANOTHER_NAME: readonly LoggedUnderAnotherName[] = [
  {
    eventName: 'ListObjects',
    parameter: 'list-type',
    value: '2',
    operation: 'ListObjectsV2',
    reference: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html',
  },
];

const BY_EVENT_NAME: ReadonlyMap<string, LoggedUnderAnotherName> = new Map(LOGGED_UNDER_ANOTHER_NAME.map((entry) => [entry.eventName, entry]));

/** The operation an event flagged at indexing (flagOtherOperation) was, from its eventName alone. */
export function operationLoggedAs(eventName: string | null): string | null {
  return eventName === null ? null : (BY_EVENT_NAME.get(eventName)?.operation ?? null);
}

export interface ApiOperation {
  operation: string;
  /** Why: the request parameter that names it, e.g. `requestParameters.list-type = 2`. */
  evidence: string;
  reference: string;
}

/** The API operation a record logs under another eventName (ListObjects with list-type 2 is ListObjectsV2), or null. */
export function apiOperationOf(record: RawRecord): ApiOperation | null {
  if (typeof record.eventName !== 'string') return null;
  // Called for every record when indexing: one map lookup settles nearly all of them.
  const entry = BY_EVENT_NAME.get(record.eventName);
  if (entry === undefined) return null;
  const parameters = requestParameters(record);
  const value = parameters === null ? undefined : parameters[entry.parameter];
  // The value is a query-string parameter, so a string; a hand-written record may carry the number.
  if (String(value) !== entry.value) return null;
  return { operation: entry.operation, evidence: `requestParameters.${entry.parameter} = ${entry.value}`, reference: entry.reference };
}
