// What one credential-issuing record contributes to the link index, as plain data: it depends on the record alone,
// so it could be computed wherever the record is parsed (by indexing, on a worker thread) and kept instead of the
// record.

import { parseEventTime } from '../load/eventTime';
import type { RawRecord } from '../types';
import { callerFacts, type CallerFacts } from './caller';
import { issuedKeyOf, issuingCall, requestedSourceIdentity, sessionKey } from './issuers';

export interface LinkFacts {
  eventName: string;
  eventSource: string;
  eventTimeMs: number;
  /** The access key id it minted, when the record shows one. */
  issuedKey: string | null;
  /** sessionKey of the principal the credentials act as. */
  session: string | null;
  /** sourceIdentity of the session it created: asked for, returned, or carried from the caller's own session. */
  sourceIdentity: string | null;
  caller: CallerFacts;
}

function fieldText(value: unknown, name: string): string | null {
  const found = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
  return typeof found === 'string' && found !== '' ? found : null;
}

/**
 * The link facts of a record, or null when it is no successful issuing call or shows neither a key nor a session.
 * Most issuing calls of a log are read only for this: the caller is decoded in full only for those that link.
 */
export function linkFactsOf(record: RawRecord): LinkFacts | null {
  const eventName = fieldText(record, 'eventName');
  const eventSource = fieldText(record, 'eventSource');
  const call = issuingCall(eventName, eventSource);
  if (call === undefined || eventName === null || eventSource === null || fieldText(record, 'errorCode') !== null) return null;
  const issuedKey = issuedKeyOf(call, record);
  const identity = record.userIdentity;
  const session = sessionKey(call.session(record, { arn: fieldText(identity, 'arn'), accountId: fieldText(identity, 'accountId') }));
  if (issuedKey === null && session === null) return null;
  const caller = callerFacts(record);
  const eventTime = fieldText(record, 'eventTime');
  return {
    eventName,
    eventSource,
    eventTimeMs: eventTime === null ? Number.NaN : parseEventTime(eventTime),
    issuedKey,
    session,
    // Once set, a source identity stays with every session chained from it.
    sourceIdentity: requestedSourceIdentity(record) ?? caller.sourceIdentity,
    caller,
  };
}
