// How one event is named in lists (the tree, the search palette): its time, then who did it to what. Pure.
import { parseArn, type EventSummary } from '../core';

/** An event's time as the tree and the search show it: UTC, to the second. */
export function eventTimeLabel(eventTime: string | null): string {
  return eventTime === null ? '(no time)' : eventTime.replace('T', ' ');
}

/**
 * An event's name as lists and titles show it. CloudTrail logs ListObjectsV2 requests as ListObjects; the core's
 * apiOperationOf tells them apart, and the label keeps the logged name first: "ListObjects (ListObjectsV2)".
 */
export function eventNameLabel(eventName: string | null, apiOperation: string | null = null): string {
  const name = eventName ?? '(no eventName)';
  return apiOperation === null || apiOperation === eventName ? name : `${name} (${apiOperation})`;
}

/** principal · bucket/key · error: what the tree and the search show beside an event's time. */
export function eventDescription(summary: Pick<EventSummary, 'principal' | 'bucket' | 'objectKey' | 'errorCode'>): string {
  const target = summary.bucket ? (summary.objectKey ? `${summary.bucket}/${summary.objectKey}` : summary.bucket) : undefined;
  return [shortPrincipal(summary.principal), target, summary.errorCode].filter(Boolean).join(' · ');
}

/** The resource part of an ARN (user/alice, assumed-role/Admin/session); other names as they are. */
export function shortPrincipal(principal: string | null | undefined): string | undefined {
  if (!principal) return undefined;
  return parseArn(principal)?.resource || principal;
}
