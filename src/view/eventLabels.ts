// How one event is named in lists (the tree, the search palette): its time, then who did it to what. Pure.
import { parseArn, type EventSummary } from '../core';

/** An event's time as the tree and the search show it: UTC, to the second. */
export function eventTimeLabel(eventTime: string | null): string {
  return eventTime === null ? '(no time)' : eventTime.replace('T', ' ');
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
