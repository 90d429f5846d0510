// Walking the links: from an event up to whoever is really behind it (lineage), and down from a set of credentials
// to everything done with them and with what they issued (sessionActivity).

import { formatEventTime } from '../load/eventTime';
import type { EventSummary } from '../store/summary';
import type { RawRecord } from '../types';
import type { DecodedIdentity } from '../identity/decodedIdentity';
import { callerFacts, mayHaveCreated, summaryCallerFacts, type CallerFacts } from './caller';
import { isAccessKeyId, ISSUING_CALLS, sessionAccount, sessionKey, type IssuingCall } from './issuers';
import type { FoundLink, IssuingLink, SessionLinks } from './sessionLinks';
import type { ActivitySession, Lineage, LineageBreak, LineageEventRef, LineageHop, LineageOrigin, OriginKind, SessionActivity } from './types';

/** A forged log can make keys issue each other in circles or in a chain as long as the log: stop here. */
export const MAX_HOPS = 64;
/** sessionActivity stops after this many sessions. */
export const MAX_ACTIVITY_SESSIONS = 10_000;

const CREATION_WINDOW_MS = 5 * 60_000;
const SKEW_MS = 60_000;
const HOUR_MS = 3_600_000;

function eventRef(summary: EventSummary): LineageEventRef {
  return {
    id: summary.id,
    eventID: summary.eventID,
    eventName: summary.eventName,
    eventTime: summary.eventTime,
    file: summary.file,
    recordIndex: summary.recordIndex,
  };
}

/** The hop of an issuing event; `session` is the principal that used the credentials, as the step below shows it. */
function hopOf(links: SessionLinks, found: FoundLink, session: string | null): LineageHop | undefined {
  const summary = links.store.summary(found.link.id);
  if (summary === undefined) return undefined;
  const { link, match } = found;
  const { caller } = link;
  const sessionAccountId = sessionAccount(link.session);
  return {
    issuer: eventRef(summary),
    match,
    issuedKey: link.issuedKey,
    session,
    principal: caller.principal,
    identityKind: caller.kind,
    accessKeyId: caller.accessKeyId,
    accountId: caller.accountId,
    mfa: caller.mfa,
    sourceIdentity: link.sourceIdentity,
    crossAccount: caller.accountId !== null && sessionAccountId !== null && caller.accountId !== sessionAccountId,
  };
}

/**
 * How a chain ends at a caller that needed no issuing event, as one rule per kind of end (first that applies wins).
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 */
const ORIGIN_RULES: ReadonlyArray<{
  applies: (caller: CallerFacts) => boolean;
  kind: OriginKind;
  how: (caller: CallerFacts, issued: string | null) => string;
}> = [
  { applies: (caller) => caller.kind === 'anonymous', kind: 'anonymous', how: () => 'An anonymous request: no credentials were used.' },
  {
    applies: (caller) => caller.ec2RoleDelivery !== null || caller.credentialsIssuedTo !== null,
    kind: 'ec2-instance',
    how: (caller) =>
      `Credentials delivered to ${caller.credentialsIssuedTo ?? `instance ${caller.sessionName ?? '(unnamed)'}`} by its metadata service` +
      `${caller.ec2RoleDelivery === null ? '' : ` (IMDSv${caller.ec2RoleDelivery.replace(/\.0$/, '')})`}, for role session ${caller.principal ?? '(unnamed)'}.`,
  },
  {
    applies: (caller) => caller.kind === 'aws-service' || (caller.accessKeyId === null && caller.invokedBy !== null),
    kind: 'aws-service',
    how: (caller, issued) =>
      `The AWS service ${caller.invokedBy ?? caller.principal ?? '(unnamed)'}${issued === null ? ' acting on its own' : `, which obtained the credentials of ${issued}`}` +
      `${caller.invokedBy === 'ec2.amazonaws.com' && issued !== null ? ' for an EC2 instance (instance profile; the session name is the instance id)' : ''}.`,
  },
  {
    applies: (caller) => caller.kind === 'saml-user',
    kind: 'saml-user',
    how: (caller) => `A user of the SAML identity provider ${caller.samlProvider ?? '(unnamed)'}: the chain leaves AWS here.`,
  },
  {
    applies: (caller) => caller.kind === 'web-identity-user',
    kind: 'web-identity-user',
    how: (caller) => `A user of the web identity (OIDC) provider ${caller.webIdentityProvider ?? '(unnamed)'}: the chain leaves AWS here.`,
  },
  {
    applies: (caller) => caller.kind === 'identity-center-user',
    kind: 'identity-center-user',
    how: () => 'An IAM Identity Center user: the chain leaves the account logs here (the Identity Center store names the user).',
  },
  {
    applies: (caller) => (caller.kind === 'iam-user' || caller.kind === 'root') && caller.credential === 'long-term',
    kind: 'iam-user',
    how: (caller) => `${caller.kind === 'root' ? 'The root user' : 'An IAM user'} with the long-term access key ${caller.accessKeyId ?? ''}.`,
  },
  {
    applies: (caller) => (caller.kind === 'iam-user' || caller.kind === 'root') && caller.accessKeyId === null,
    kind: 'iam-user',
    how: (caller) => `${caller.kind === 'root' ? 'The root user' : 'An IAM user'} signed in with a password (console sign-in).`,
  },
];

function originOf(caller: CallerFacts, kind: OriginKind, how: string, keyCreatedBy: LineageOrigin['keyCreatedBy'] = null): LineageOrigin {
  return {
    kind: kind === 'iam-user' && caller.kind === 'root' ? 'root' : kind,
    principal: caller.principal,
    accountId: caller.accountId,
    accessKeyId: caller.accessKeyId,
    credential: caller.credential,
    mfa: caller.mfa,
    how,
    keyCreatedBy,
  };
}

/** The calls that could have created a session like this caller's. */
function candidateCalls(caller: CallerFacts): IssuingCall[] {
  return ISSUING_CALLS.filter((call) => mayHaveCreated(call, caller));
}

function iso(ms: number): string | null {
  return Number.isNaN(ms) ? null : formatEventTime(ms);
}

/** The issuing event to look for: by name, within the time its credentials could have been issued, by key. */
function missingIssuer(caller: CallerFacts, timeMs: number): LineageBreak {
  const calls = candidateCalls(caller);
  const created = caller.sessionCreatedMs;
  const maxHours = Math.max(0, ...calls.map((call) => call.maxHours));
  const after = Number.isNaN(created) ? timeMs - maxHours * HOUR_MS : created - CREATION_WINDOW_MS;
  const before = Number.isNaN(created) ? timeMs : created + SKEW_MS;
  const session = caller.arn ?? caller.principal;
  const accountId = sessionAccount(sessionKey(caller.arn)) ?? caller.accountId;
  const eventNames = calls.map((call) => call.eventName);
  const window = iso(after) === null ? '' : ` between ${iso(after)} and ${iso(before)}`;
  const what = eventNames.length === 0 ? 'the call that issued them' : eventNames.join(' or ');
  return {
    reason: 'not-loaded',
    accessKeyId: caller.accessKeyId,
    session,
    accountId,
    eventNames,
    after: iso(after),
    before: iso(before),
    message:
      `The credentials ${caller.accessKeyId ?? `of ${caller.principal ?? 'this session'}`} were issued by no loaded event: ` +
      `look for ${what}${window}${accountId === null ? '' : ` in the logs of account ${accountId}`}` +
      `${caller.accessKeyId === null ? '' : ` whose response holds ${caller.accessKeyId}`}.`,
  };
}

/** The end of the chain at `caller`, which no loaded event issued credentials to. */
function chainEnd(caller: CallerFacts, timeMs: number, issued: string | null): { origin: LineageOrigin; missing: LineageBreak | null } {
  const rule = ORIGIN_RULES.find((candidate) => candidate.applies(caller));
  if (rule !== undefined) return { origin: originOf(caller, rule.kind, rule.how(caller, issued)), missing: null };
  const missing = missingIssuer(caller, timeMs);
  return {
    origin: originOf(caller, caller.kind === 'unknown' ? 'unknown' : 'session', `The chain stops at ${caller.principal ?? 'an unnamed principal'}.`),
    missing,
  };
}

function stopped(caller: CallerFacts, reason: 'loop' | 'too-deep', message: string): { origin: LineageOrigin; missing: LineageBreak } {
  return {
    origin: originOf(caller, 'session', `The chain stops at ${caller.principal ?? 'an unnamed principal'}: ${message}`),
    missing: {
      reason,
      accessKeyId: caller.accessKeyId,
      session: caller.arn ?? caller.principal,
      accountId: caller.accountId,
      eventNames: [],
      after: null,
      before: null,
      message,
    },
  };
}

/** The chain of an event whose caller facts are known. */
function walk(links: SessionLinks, summary: EventSummary, start: CallerFacts): Lineage {
  const hops: LineageHop[] = [];
  const visited = new Set<number>([summary.id]);
  let caller = start;
  let timeMs = summary.eventTimeMs;
  let sourceIdentity = start.sourceIdentity;
  let end: { origin: LineageOrigin; missing: LineageBreak | null } | undefined;
  while (end === undefined) {
    const found = links.issuerOf(caller, timeMs);
    const hop = found === undefined ? undefined : hopOf(links, found, caller.arn ?? caller.principal);
    if (found === undefined || hop === undefined) end = chainEnd(caller, timeMs, hops.at(-1)?.session ?? null);
    else if (found.link.call.eventName === 'CreateAccessKey') {
      const rule = ORIGIN_RULES.find((candidate) => candidate.applies(caller));
      end = {
        origin: originOf(caller, rule?.kind ?? 'iam-user', rule?.how(caller, null) ?? '', {
          event: hop.issuer,
          principal: found.link.caller.principal,
        }),
        missing: null,
      };
    } else if (visited.has(found.link.id))
      end = stopped(
        caller,
        'loop',
        `the event ${hop.issuer.eventID ?? hop.issuer.id} issued credentials used earlier in this chain (a forged or edited log).`,
      );
    else if (hops.length >= MAX_HOPS) end = stopped(caller, 'too-deep', `more than ${MAX_HOPS} hops.`);
    else {
      visited.add(found.link.id);
      hops.push(hop);
      sourceIdentity ??= found.link.sourceIdentity;
      caller = found.link.caller;
      timeMs = found.link.eventTimeMs;
    }
  }
  return {
    event: { ...eventRef(summary), principal: summary.principal, accessKeyId: summary.accessKeyId, accountId: summary.account },
    hops,
    origin: end.origin,
    sourceIdentity,
    complete: end.missing === null,
    missing: end.missing,
  };
}

/**
 * The chain of event `id` when its record is at hand (no read), and its decoded identity when the caller has it
 * already. Undefined for an id that is not loaded.
 */
export function lineageOfRecord(links: SessionLinks, id: number, record: RawRecord, identity?: DecodedIdentity): Lineage | undefined {
  const summary = links.store.summary(id);
  return summary === undefined ? undefined : walk(links, summary, callerFacts(record, identity));
}

/**
 * The chain of event `id` from the index alone, reading no record: cheap enough for every event (grouping a tree
 * by origin, an `origin:` filter). Hops found by key are the same as lineage()'s; without the record, a session is
 * matched to its issuing call by principal and time only (no creationDate), and console sessions and instance
 * profiles are not recognised as such. The panel and the CLI use lineage() or lineageOfRecord().
 */
export function lineageOfSummary(links: SessionLinks, id: number): Lineage | undefined {
  const summary = links.store.summary(id);
  return summary === undefined ? undefined : walk(links, summary, summaryCallerFacts(summary));
}

/**
 * The chain of event `id` up to its origin. Reads the event's record (the hops above it need no read); undefined
 * for an id that is not loaded or whose file changed since it was loaded.
 */
export async function lineage(links: SessionLinks, id: number): Promise<Lineage | undefined> {
  const read = await links.store.readRecordIfUnchanged(id);
  return read === undefined ? undefined : lineageOfRecord(links, id, read.record);
}

/** What `ctlens events` prints as `origin`: the origin principal and whether the chain reached it. */
export function originSummary(chain: Lineage): {
  principal: string | null;
  kind: OriginKind;
  accountId: string | null;
  hops: number;
  complete: boolean;
} {
  return {
    principal: chain.origin.principal,
    kind: chain.origin.kind,
    accountId: chain.origin.accountId,
    hops: chain.hops.length,
    complete: chain.complete,
  };
}

interface PendingSession {
  accessKeyId: string | null;
  link: IssuingLink | null;
  match: ActivitySession['match'];
  parentKey: string | null;
  depth: number;
}

/** Keys per `key:a,b,…` query: one pass over the index finds the events of many keys, but each value is matched against every key in the dictionary. */
const KEYS_PER_QUERY = 64;

/** The store ids of the events made with each key (keys are well-formed access key ids: no quoting needed). */
function eventsOfKeys(links: SessionLinks, keys: string[]): Map<string, number[]> {
  const byKey = new Map<string, number[]>(keys.map((key) => [key.toUpperCase(), []]));
  for (let at = 0; at < keys.length; at += KEYS_PER_QUERY) {
    for (const id of idsOf(links, `key:${keys.slice(at, at + KEYS_PER_QUERY).join(',')}`)) {
      const key = links.store.summary(id)?.accessKeyId?.toUpperCase();
      if (key !== undefined) byKey.get(key)?.push(id);
    }
  }
  return new Map(keys.map((key) => [key, byKey.get(key.toUpperCase()) ?? []]));
}

/** A query value in quotes: the parser takes `\` as an escape inside them. */
function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

function idsOf(links: SessionLinks, query: string): Uint32Array {
  const result = links.store.query(query);
  return result.ok ? result.ids : new Uint32Array(0);
}

/**
 * The keys of the sessions a keyless link (Identity Center, console sign-in, a response without the key) created:
 * the events of its principal whose session it issues, by the same session match lineage uses, one read per key.
 */
async function keysOfSession(links: SessionLinks, link: IssuingLink): Promise<string[]> {
  const session = link.session;
  if (session === null || session.includes('*')) return [];
  const needle = session.startsWith('sso|') ? `:${session.split('|')[1]}:assumed-role/AWSReservedSSO_${session.split('|')[2]}_` : session;
  const firstOfKey = new Map<string, number>();
  for (const id of idsOf(links, `principal:${quoted(needle)}`)) {
    const key = links.store.summary(id)?.accessKeyId ?? null;
    if (isAccessKeyId(key) && !firstOfKey.has(key)) firstOfKey.set(key, id);
  }
  const keys: string[] = [];
  for (const [key, id] of firstOfKey) {
    const read = await links.store.readRecordIfUnchanged(id);
    const summary = links.store.summary(id);
    if (read === undefined || summary === undefined) continue;
    if (links.issuerOf(callerFacts(read.record), summary.eventTimeMs)?.link.id === link.id) keys.push(key);
  }
  return keys;
}

/** The sessions to start from: a store id of an issuing event (or of any event: its own credentials), a key, or an eventID. */
function startingSessions(links: SessionLinks, target: string | number): PendingSession[] {
  const root = (accessKeyId: string | null, link: IssuingLink | null): PendingSession => ({
    accessKeyId,
    link,
    match: link === null ? null : 'key',
    parentKey: null,
    depth: 0,
  });
  if (typeof target === 'string' && isAccessKeyId(target)) {
    const issuers = links.issuersOfKey(target);
    return [root(target, issuers[0] ?? null)];
  }
  const ids = typeof target === 'number' ? [target] : /^[\w-]+$/.test(target) ? [...idsOf(links, `id:${target}`)] : [];
  const issuing = ids.map((id) => links.issuedBy(id)).find((link) => link !== undefined);
  if (issuing !== undefined) return [root(issuing.issuedKey, issuing)];
  const key = ids.length === 0 ? null : (links.store.summary(ids[0] as number)?.accessKeyId ?? null);
  return isAccessKeyId(key) ? [root(key, links.issuersOfKey(key)[0] ?? null)] : [];
}

/**
 * Every event made with a set of credentials and, transitively, with every credential issued by those events:
 * what everything a principal started did. `target`: an access key id, an issuing eventID, or a store id (of an
 * issuing event: its credentials; of any other event: the credentials it was made with).
 */
export async function sessionActivity(links: SessionLinks, target: string | number): Promise<SessionActivity> {
  let level = startingSessions(links, target);
  const seenKeys = new Set(level.map((pending) => pending.accessKeyId).filter((key) => key !== null));
  const seenLinks = new Set(level.map((pending) => pending.link?.id).filter((id) => id !== undefined));
  const sessions: ActivitySession[] = [];
  const all = new Set<number>();
  let truncated = false;
  while (level.length > 0 && !truncated) {
    const keyed: (PendingSession & { accessKeyId: string })[] = [];
    for (const pending of level) {
      if (pending.accessKeyId !== null) keyed.push({ ...pending, accessKeyId: pending.accessKeyId });
      else if (pending.link !== null)
        for (const key of await keysOfSession(links, pending.link)) {
          if (seenKeys.has(key)) continue;
          seenKeys.add(key);
          keyed.push({ ...pending, accessKeyId: key, match: 'session' });
        }
    }
    const eventsByKey = eventsOfKeys(
      links,
      keyed.map((pending) => pending.accessKeyId),
    );
    const nextLevel: PendingSession[] = [];
    for (const pending of keyed) {
      if (sessions.length >= MAX_ACTIVITY_SESSIONS) {
        truncated = true;
        break;
      }
      const ids = eventsByKey.get(pending.accessKeyId) ?? [];
      for (const id of ids) {
        all.add(id);
        const issued = links.issuedBy(id);
        if (issued === undefined || seenLinks.has(issued.id)) continue;
        seenLinks.add(issued.id);
        if (issued.issuedKey !== null && seenKeys.has(issued.issuedKey)) continue;
        if (issued.issuedKey !== null) seenKeys.add(issued.issuedKey);
        nextLevel.push({ accessKeyId: issued.issuedKey, link: issued, match: 'key', parentKey: pending.accessKeyId, depth: pending.depth + 1 });
      }
      const issuerSummary = pending.link === null ? undefined : links.store.summary(pending.link.id);
      sessions.push({
        accessKeyId: pending.accessKeyId,
        session: ids.length === 0 ? null : (links.store.summary(ids[0] as number)?.principal ?? null),
        issuer: issuerSummary === undefined ? null : eventRef(issuerSummary),
        match: pending.match,
        parentKey: pending.parentKey,
        depth: pending.depth,
        events: ids.length,
      });
    }
    level = nextLevel;
  }
  return { sessions, ids: [...all].sort((a, b) => a - b), truncated };
}
