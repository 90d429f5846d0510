// The link index: every credential-issuing event of the loaded logs, with the key it minted, the session it
// created and who called it. Indexing computes each issuing call's link facts (load/keptCalls.ts, linkFacts.ts), so
// no record is read again. update() after the store changes adds the new ones (store ids are never reused, so a
// reloaded file's events are new ids) and forgets those of closed files.

import type { EventStore } from '../store/eventStore';
import { mayHaveCreated, type CallerFacts } from './caller';
import { issuingCall, sessionKey, type IssuingCall } from './issuers';
import type { LinkFacts } from './linkFacts';
import type { LinkMatch } from './types';

/** One issuing event: its link facts, its store id and its row of the issuing-calls table. */
export interface IssuingLink extends LinkFacts {
  id: number;
  call: IssuingCall;
}

/** A link found for a session, and how. */
export interface FoundLink {
  link: IssuingLink;
  match: LinkMatch;
}

/** Clock skew allowed between an issuing call and the first use of its credentials, or the session's creationDate. */
const SKEW_MS = 60_000;
/** How long before a session's creationDate its issuing call may be logged (CloudTrail's eventTime is the request's). */
const CREATION_WINDOW_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;

function add(map: Map<string, number[]>, key: string, id: number): void {
  const ids = map.get(key);
  if (ids === undefined) map.set(key, [id]);
  else ids.push(id);
}

function remove(map: Map<string, number[]>, key: string, id: number): void {
  const ids = map.get(key);
  if (ids === undefined) return;
  const kept = ids.filter((other) => other !== id);
  if (kept.length === 0) map.delete(key);
  else map.set(key, kept);
}

/** The credential-issuing events of a store, indexed by the key they minted and by the session they created. */
export class SessionLinks {
  private readonly links = new Map<number, IssuingLink>();
  private readonly byKey = new Map<string, number[]>();
  private readonly bySession = new Map<string, number[]>();
  private pending: Promise<void> = Promise.resolve();
  private refreshes = 0;

  constructor(readonly store: EventStore) {}

  /** Brings the links up to date with the store: adds the issuing events loaded since, forgets those removed. */
  update(): Promise<void> {
    // One failed refresh must not stop every later one.
    this.pending = this.pending.catch(() => undefined).then(() => this.refresh());
    return this.pending;
  }

  /** Counts the updates done: what is worked out from the links (origins by key) is kept until it changes. */
  get version(): number {
    return this.refreshes;
  }

  /** Number of issuing events linked. */
  get size(): number {
    return this.links.size;
  }

  /** The issuing link of a store id, or undefined when the event issued no credentials the logs show. */
  issuedBy(id: number): IssuingLink | undefined {
    return this.links.get(id);
  }

  /** Every link, in store id order. */
  all(): IssuingLink[] {
    return [...this.links.values()].sort((a, b) => a.id - b.id);
  }

  private async refresh(): Promise<void> {
    // Indexing kept the link facts of every issuing call (load/keptCalls.ts): no record is read again.
    this.refreshes++;
    const current = this.store.linkFacts();
    const present = new Set(current.map(({ id }) => id));
    for (const id of [...this.links.keys()]) if (!present.has(id)) this.forget(id);
    for (const { id, facts } of current) {
      if (!this.links.has(id)) this.remember({ ...facts, id, call: issuingCall(facts.eventName, facts.eventSource) as IssuingCall });
    }
  }

  private remember(link: IssuingLink): void {
    this.links.set(link.id, link);
    if (link.issuedKey !== null) add(this.byKey, link.issuedKey, link.id);
    if (link.session !== null) add(this.bySession, link.session, link.id);
  }

  private forget(id: number): void {
    const link = this.links.get(id);
    if (link === undefined) return;
    this.links.delete(id);
    if (link.issuedKey !== null) remove(this.byKey, link.issuedKey, id);
    if (link.session !== null) remove(this.bySession, link.session, id);
  }

  /**
   * The event that issued the credentials of a caller who called at `timeMs`: by its access key id when a loaded
   * event minted it (the latest such event not after the use; keys are unique, but a log may be forged), else by
   * session (principal, creation time), a weaker match. Undefined when neither is in the loaded logs.
   */
  issuerOf(caller: CallerFacts, timeMs: number): FoundLink | undefined {
    const byKey = caller.accessKeyId === null ? undefined : this.latestBefore(this.byKey.get(caller.accessKeyId), timeMs);
    if (byKey !== undefined) return { link: byKey, match: 'key' };
    if (!mayMatchBySession(caller)) return undefined;
    const session = sessionKey(caller.arn);
    const candidates = (session === null ? [] : (this.bySession.get(session) ?? []))
      .map((id) => this.links.get(id) as IssuingLink)
      .filter((link) => this.store.has(link.id) && mayHaveCreated(link.call, caller));
    const bySession = Number.isNaN(caller.sessionCreatedMs)
      ? latestWithin(candidates, timeMs)
      : closestToCreation(candidates, caller.sessionCreatedMs);
    return bySession === undefined ? undefined : { link: bySession, match: 'session' };
  }

  /** The links that minted `key`. */
  issuersOfKey(key: string): IssuingLink[] {
    return (this.byKey.get(key) ?? []).map((id) => this.links.get(id) as IssuingLink);
  }

  private latestBefore(ids: number[] | undefined, timeMs: number): IssuingLink | undefined {
    let best: IssuingLink | undefined;
    for (const id of ids ?? []) {
      const link = this.links.get(id) as IssuingLink;
      const usedBeforeIssued = link.eventTimeMs > timeMs + SKEW_MS;
      if (usedBeforeIssued || !this.store.has(id)) continue;
      if (best === undefined || link.eventTimeMs > best.eventTimeMs) best = link;
    }
    return best;
  }
}

/**
 * Session matching is for temporary credentials whose key no loaded event minted (or that the log does not show):
 * a long-term key's calls share their user's ARN with every GetSessionToken and console sign-in of that user.
 */
function mayMatchBySession(caller: CallerFacts): boolean {
  if (caller.credential === 'long-term') return false;
  return caller.credential === 'temporary' || caller.consoleSession || caller.kind === 'assumed-role' || caller.kind === 'federated-user';
}

/** The candidate logged closest to the session's creationDate, within the window before it. */
function closestToCreation(candidates: IssuingLink[], createdMs: number): IssuingLink | undefined {
  let best: IssuingLink | undefined;
  for (const link of candidates) {
    const gap = createdMs - link.eventTimeMs;
    if (!(gap >= -SKEW_MS && gap <= CREATION_WINDOW_MS)) continue;
    if (best === undefined || Math.abs(gap) < Math.abs(createdMs - best.eventTimeMs)) best = link;
  }
  return best;
}

/** Without a creationDate: the latest candidate whose credentials could still be alive at `timeMs`. */
function latestWithin(candidates: IssuingLink[], timeMs: number): IssuingLink | undefined {
  let best: IssuingLink | undefined;
  for (const link of candidates) {
    const age = timeMs - link.eventTimeMs;
    if (!(age >= -SKEW_MS && age <= link.call.maxHours * HOUR_MS)) continue;
    if (best === undefined || link.eventTimeMs > best.eventTimeMs) best = link;
  }
  return best;
}
