// What the detail panel and the hovers say about a session's lineage (src/core/lineage): the origin principal as one
// sentence, then each issuing event as a hop with its fields, then where the chain breaks. Plain text only.
// userIdentity fields: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
import {
  lineageOfSummary,
  parseArn,
  type IdentityKind,
  type IssuingLink,
  type Lineage,
  type LineageBreak,
  type LineageHop,
  type LineageOrigin,
  type LinkMatch,
  type OriginKind,
  type SessionLinks,
  formatCount,
} from '../core';
import type { FieldView, LineageBreakView, LineageHopView, LineageView } from './messages';

/** How each kind of caller or origin is named before its principal; the rest are named by their ARN (principalName). */
const NAMED_BY_KIND: Readonly<Partial<Record<IdentityKind | OriginKind, (principal: string | null) => string>>> = {
  'aws-service': (principal) => `the AWS service ${principal ?? '(unnamed)'}`,
  'saml-user': (principal) => `SAML user ${principal ?? '(unnamed)'}`,
  'web-identity-user': (principal) => `web identity user ${principal ?? '(unnamed)'}`,
  'identity-center-user': (principal) => `IAM Identity Center user ${principal ?? '(unnamed)'}`,
  anonymous: () => 'an anonymous caller',
  'ec2-instance': (principal) => `the EC2 instance behind ${principalName(principal)}`,
};

/** The words for a kind of principal, as the panel's notes give it. */
const KIND_WORDS: Readonly<Partial<Record<IdentityKind | OriginKind, string>>> = {
  'iam-user': 'IAM user',
  root: 'root user',
  'assumed-role': 'role session',
  'federated-user': 'federated user',
  'aws-service': 'AWS service',
  'ec2-instance': 'EC2 instance profile',
  'saml-user': 'SAML user',
  'web-identity-user': 'web identity (OIDC) user',
  'identity-center-user': 'IAM Identity Center user',
  anonymous: 'anonymous',
  session: 'session whose issuing event is not loaded',
};

/** How each resource type of an IAM or STS ARN names its principal. */
const ARN_PRINCIPALS: Readonly<Record<string, (resourceId: string) => string>> = {
  user: (id) => `IAM user ${id.slice(id.lastIndexOf('/') + 1)}`,
  role: (id) => `role ${id.slice(id.lastIndexOf('/') + 1)}`,
  'assumed-role': (id) => `role ${id.slice(0, id.indexOf('/'))} session ${id.slice(id.indexOf('/') + 1)}`,
  'federated-user': (id) => `federated user ${id}`,
};

/** A principal as a person reads it: "IAM user bert-jan of 123837392027", "role Admin session alice of …". */
export function principalName(principal: string | null): string {
  if (principal === null) return 'an unnamed principal';
  const arn = parseArn(principal);
  if (arn === null) return principal;
  const of = arn.accountId === '' ? '' : ` of ${arn.accountId}`;
  if (arn.resource === 'root') return `the root user${of}`;
  const named = arn.resourceType === null ? undefined : ARN_PRINCIPALS[arn.resourceType];
  return named === undefined ? principal : `${named(arn.resourceId)}${of}`;
}

function callerName(kind: IdentityKind | OriginKind, principal: string | null): string {
  return (NAMED_BY_KIND[kind] ?? principalName)(principal);
}

/** The session an issuing call created, named as what the call obtained: "role Admin as session alice". */
function obtained(session: string | null, callerAccount: string | null): { what: string; account: string | null } {
  const arn = session === null ? null : parseArn(session);
  if (session?.startsWith('sso|')) {
    const [, account, permissionSet] = session.split('|');
    return { what: `permission set ${permissionSet ?? '(unnamed)'}`, account: account ?? null };
  }
  if (arn === null) return { what: session ?? 'a session', account: null };
  const elsewhere = callerAccount !== null && arn.accountId !== '' && arn.accountId !== callerAccount ? ` in account ${arn.accountId}` : '';
  if (arn.resourceType === 'assumed-role') {
    const slash = arn.resourceId.indexOf('/');
    return { what: `role ${arn.resourceId.slice(0, slash)} as session ${arn.resourceId.slice(slash + 1)}${elsewhere}`, account: arn.accountId };
  }
  return { what: `${principalName(session)}`, account: arn.accountId === '' ? null : arn.accountId };
}

/**
 * What each issuing call did, in words (the calls of ISSUING_CALLS in src/core/lineage/issuers.ts).
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_Operations.html
 */
const HOP_VERBS: Readonly<Record<string, (hop: LineageHop) => string>> = {
  AssumeRole: (hop) => `assumed ${obtained(hop.session, hop.accountId).what}`,
  AssumeRoleWithSAML: (hop) => `assumed ${obtained(hop.session, hop.accountId).what} with a SAML assertion`,
  AssumeRoleWithWebIdentity: (hop) => `assumed ${obtained(hop.session, hop.accountId).what} with a web identity token`,
  AssumeRoot: (hop) => `obtained a privileged root session of account ${obtained(hop.session, hop.accountId).account ?? '(unknown)'}`,
  GetSessionToken: () => 'got a temporary session token',
  GetFederationToken: (hop) => `got the credentials of ${obtained(hop.session, hop.accountId).what}`,
  GetRoleCredentials: (hop) => {
    const { what, account } = obtained(hop.session, hop.accountId);
    return `got role credentials of ${what} in account ${account ?? '(unknown)'} from the access portal`;
  },
  ConsoleLogin: () => 'signed in to the console',
};

function hopVerb(hop: LineageHop): string {
  const verb = HOP_VERBS[hop.issuer.eventName ?? ''];
  return verb === undefined ? `called ${hop.issuer.eventName ?? '(unnamed call)'}` : verb(hop);
}

/** "at 11:54:47 UTC", with the date when it is not the day of the event the chain is about. */
function when(time: string | null, eventTime: string | null): string {
  if (time === null) return 'at an unknown time';
  const clock = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(time);
  if (clock === null) return `at ${time}`;
  return eventTime?.slice(0, 10) === clock[1] ? `at ${clock[2]} UTC` : `on ${clock[1]} at ${clock[2]} UTC`;
}

/** The origin as a noun phrase (who, of which account) and what is said of it (with which key, whether it is a break). */
function originParts(origin: LineageOrigin): { who: string; remark: string } {
  const key = origin.accessKeyId === null ? '' : `, with ${origin.credential === 'long-term' ? 'long-term' : 'temporary'} key ${origin.accessKeyId}`;
  const broken = origin.kind === 'session' ? ' (its issuing event is not loaded)' : '';
  return { who: callerName(origin.kind, origin.principal), remark: `${key}${broken}` };
}

function originPhrase(origin: LineageOrigin): string {
  const { who, remark } = originParts(origin);
  return `${who}${remark}`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The chain as one sentence, origin first: "IAM user bert-jan of 123837392027, with long-term key AKIA…, assumed
 * role R as session S at 11:54:47 UTC". `hops` nearest the event first (as lineage() gives them).
 */
export function lineageSentence(origin: LineageOrigin, hops: readonly LineageHop[], eventTime: string | null): string {
  if (hops.length === 0 && origin.kind !== 'session' && origin.kind !== 'unknown')
    return `No issuing event stands between the origin and this call: ${originPhrase(origin)}.`;
  return `${capitalised(chainPhrase(origin, hops, eventTime))}.`;
}

/** The origin and what it did down the chain, as one clause. */
function chainPhrase(origin: LineageOrigin, hops: readonly LineageHop[], eventTime: string | null): string {
  const { who, remark } = originParts(origin);
  const steps = [...hops].reverse().map((hop) => `${hopVerb(hop)} ${when(hop.issuer.eventTime, eventTime)}`);
  if (steps.length === 0) return `${who}${remark}`;
  // "IAM user a of 1, with long-term key K, assumed …" but "the AWS service s assumed …": the remark is set off by commas.
  return `${who}${remark === '' ? ' ' : `${remark}, `}${steps.join(', which ')}`;
}

function field(label: string, value: string | null | undefined, note?: string | null): FieldView | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return note ? { label, value, note } : { label, value };
}

function compact(fields: (FieldView | undefined)[]): FieldView[] {
  return fields.filter((item): item is FieldView => item !== undefined);
}

function mfaText(mfa: boolean | null): string | undefined {
  return mfa === null ? undefined : mfa ? 'yes' : 'no';
}

/** How the hop was tied to the session below it. */
const MATCH_FIELDS: Readonly<Record<LinkMatch, FieldView>> = {
  key: { label: 'Matched by', value: 'access key', note: 'the issuing event minted the very key the session used (keys are unique)' },
  session: {
    label: 'Matched by',
    value: 'session (weaker)',
    note: 'only the session’s principal and creation time agree (the log does not show the key): session names are not unique',
  },
};

function hopView(hop: LineageHop, eventTime: string | null, fileLabel: (file: string) => string): LineageHopView {
  const sessionAccount = obtained(hop.session, hop.accountId).account;
  return {
    issuerId: hop.issuer.id,
    eventName: hop.issuer.eventName ?? '(unnamed call)',
    heading: `${hop.issuer.eventName ?? '(unnamed call)'} at ${hop.issuer.eventTime ?? '(no time)'}`,
    sentence: `${capitalised(callerName(hop.identityKind, hop.principal))} ${hopVerb(hop)} ${when(hop.issuer.eventTime, eventTime)}.`,
    fields: compact([
      field('Caller', hop.principal, KIND_WORDS[hop.identityKind]),
      field('Access key', hop.accessKeyId),
      field('MFA', mfaText(hop.mfa)),
      field('Source identity', hop.sourceIdentity),
      field(
        'Account',
        hop.accountId,
        hop.crossAccount ? `cross-account: the session it obtained is in account ${sessionAccount ?? '(unknown)'}` : undefined,
      ),
      field('Issued key', hop.issuedKey),
      field('Session', hop.session),
      MATCH_FIELDS[hop.match],
      field('Event ID', hop.issuer.eventID),
      field('Log file', fileLabel(hop.issuer.file), `record ${formatCount(hop.issuer.recordIndex + 1)}`),
    ]),
    crossAccount: hop.crossAccount,
    weakMatch: hop.match === 'session',
  };
}

function breakView(missing: LineageBreak): LineageBreakView {
  const window = missing.after === null || missing.before === null ? undefined : `${missing.after} and ${missing.before}`;
  return {
    sentence: missing.message,
    fields: compact([
      field('Look for', missing.eventNames.join(', ')),
      field('Between', window),
      field('In the logs of', missing.accountId),
      field('Access key', missing.accessKeyId, 'the credentials whose issuing event is missing'),
      field('Session', missing.session),
    ]),
  };
}

/** The panel's Session lineage section for a chain; `fileLabel` names a log file as the panel does. */
export function buildLineageView(chain: Lineage, fileLabel: (file: string) => string): LineageView {
  const { origin, hops, event } = chain;
  const created = origin.keyCreatedBy;
  return {
    sentence: lineageSentence(origin, hops, event.eventTime),
    originKind: origin.kind,
    origin: compact([
      field('How', origin.how),
      field('Principal', origin.principal, KIND_WORDS[origin.kind]),
      field('Account', origin.accountId),
      field('Access key', origin.accessKeyId, origin.credential === 'unknown' ? undefined : origin.credential),
      field('MFA', mfaText(origin.mfa)),
      field('Source identity', chain.sourceIdentity, 'the first sourceIdentity going up: whom the role required to be named'),
    ]),
    keyCreatedBy:
      created === null
        ? null
        : {
            issuerId: created.event.id,
            sentence: `Its key was created by ${principalName(created.principal)} with ${created.event.eventName ?? 'CreateAccessKey'} ${when(created.event.eventTime, event.eventTime)}.`,
          },
    hops: [...hops].reverse().map((hop) => hopView(hop, event.eventTime, fileLabel)),
    complete: chain.complete,
    missing: chain.missing === null ? null : breakView(chain.missing),
  };
}

/** How an access key was issued, for the hover line. */
interface Issue {
  eventName: string | null;
  eventTime: string | null;
  session: string | null;
  callerAccount: string | null;
  match: LinkMatch;
}

/**
 * The hover line naming where an access key came from: "Issued by AssumeRole at … to role R as session S; origin:
 * IAM user …". `using` is the chain of the hovered event when the key is its own credential (it finds a session
 * matched without the key); undefined when no loaded event issued the key.
 */
export function keyOriginLine(links: SessionLinks, key: string, using?: Lineage): string | undefined {
  const nearest = using?.hops[0];
  const ownKey = nearest !== undefined && (nearest.issuedKey === key || (nearest.issuedKey === null && using?.event.accessKeyId === key));
  if (ownKey && using !== undefined) {
    const issue = { ...nearest.issuer, session: nearest.session, callerAccount: nearest.accountId, match: nearest.match };
    return issuedLine(issue, using.origin, using.hops.slice(1), using.event.eventTime);
  }
  const latest = links
    .issuersOfKey(key)
    .reduce<IssuingLink | undefined>((best, link) => (best === undefined || link.eventTimeMs > best.eventTimeMs ? link : best), undefined);
  const above = latest === undefined ? undefined : lineageOfSummary(links, latest.id);
  if (latest === undefined || above === undefined) return undefined;
  const issue = {
    eventName: latest.eventName,
    eventTime: above.event.eventTime,
    session: latest.session,
    callerAccount: latest.caller.accountId,
    match: 'key' as const,
  };
  return issuedLine(issue, above.origin, above.hops, above.event.eventTime);
}

function issuedLine(issue: Issue, origin: LineageOrigin, above: readonly LineageHop[], eventTime: string | null): string {
  const to = issue.session === null ? '' : ` to ${obtained(issue.session, issue.callerAccount).what}`;
  const weaker = issue.match === 'session' ? ' (matched by session name and creation time, a weaker match: the log does not show the key)' : '';
  const at = issue.eventTime ?? '(no time)';
  return `Issued by ${issue.eventName ?? '(unnamed call)'} at ${at}${to}${weaker}; origin: ${chainPhrase(origin, above, eventTime)}.`;
}
