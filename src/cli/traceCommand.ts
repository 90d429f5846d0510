// `ctlens trace`: who is really behind an event (--event: the chain of issuing events up to its origin, as JSON),
// or what a set of credentials did (--key: the events of that key and of every credential it issued, one JSON line
// per event like `events`). The chain itself comes from src/core/lineage.

import { lineage, sessionActivity, type EventStore, type Lineage, type SessionLinks, type Rereader } from '../core';
import { printEvents } from './eventsCommand';
import type { LineWriter } from './output';
import { terminalJson } from './terminalText';

/** What a trace did: printed, found no event with that eventID, or found its log rewritten since loading. */
export type TraceOutcome = 'printed' | 'no-such-event' | 'changed-since-load';

/** The object `trace --event` prints (the shape issue 11 gives). */
export function chainJson(chain: Lineage) {
  const { event, origin } = chain;
  return {
    event: {
      eventID: event.eventID,
      eventName: event.eventName,
      eventTime: event.eventTime,
      principal: event.principal,
      accessKeyId: event.accessKeyId,
      accountId: event.accountId,
      file: event.file,
      index: event.recordIndex,
    },
    hops: chain.hops.map((hop) => ({
      eventID: hop.issuer.eventID,
      eventName: hop.issuer.eventName,
      eventTime: hop.issuer.eventTime,
      principal: hop.principal,
      accessKeyId: hop.accessKeyId,
      accountId: hop.accountId,
      crossAccount: hop.crossAccount,
    })),
    origin: {
      principal: origin.principal,
      kind: origin.kind,
      accountId: origin.accountId,
      accessKeyId: origin.accessKeyId,
      mfa: origin.mfa,
      how: origin.how,
      keyCreatedBy: origin.keyCreatedBy === null ? null : { eventID: origin.keyCreatedBy.event.eventID, principal: origin.keyCreatedBy.principal },
    },
    complete: chain.complete,
    missing: chain.missing,
  };
}

/** Prints the chain of the event with this eventID (its first copy when it was delivered more than once). */
export async function printChain(store: EventStore, links: SessionLinks, eventId: string, out: LineWriter): Promise<TraceOutcome> {
  const id = store.findByEventId(eventId);
  if (id === undefined) return 'no-such-event';
  const chain = await lineage(links, id);
  if (chain === undefined) return 'changed-since-load';
  await out.line(terminalJson(chainJson(chain), 2));
  return 'printed';
}

/**
 * Prints every event made with the key and with everything it issued, in load order, each line with its origin (read ahead
 * by `reread` when given).
 */
export async function printKeyActivity(
  store: EventStore,
  links: SessionLinks,
  accessKeyId: string,
  out: LineWriter,
  reread?: Rereader,
): Promise<void> {
  const activity = await sessionActivity(links, accessKeyId);
  await printEvents(store, Uint32Array.from(activity.ids), [], out, false, links, reread);
}
