// The API calls that issue credentials, as a table: where each logs the access key id it minted, which principal
// the credentials then act as, and how long they can live. Everything a link is built from comes from here.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_Operations.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
// https://docs.aws.amazon.com/singlesignon/latest/PortalAPIReference/API_GetRoleCredentials.html

import { lastPathSegment, parseArn } from '../arn';
import type { IdentityKind, RawRecord } from '../types';

type Fields = Record<string, unknown>;

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields)[name] : undefined;
}

function textAt(record: RawRecord, path: readonly string[]): string | null {
  let value: unknown = record;
  for (const name of path) value = field(value, name);
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * An access key id as IAM documents it: 16 to 128 word characters
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_Credentials.html). Anonymised logs write `AKIA****…` or
 * `1111`: such values would tie unrelated events together, so they are no link.
 */
const ACCESS_KEY_ID = /^\w{16,128}$/;

export function isAccessKeyId(value: string | null): value is string {
  return value !== null && ACCESS_KEY_ID.test(value);
}

/** The caller facts an issuing call needs to name the session it creates. */
export interface IssuingCaller {
  arn: string | null;
  accountId: string | null;
}

/** One credential-issuing call. */
export interface IssuingCall {
  eventName: string;
  eventSource: string;
  /** Where the record holds the access key id it issued; null when the call issues none (ConsoleLogin). */
  keyPath: readonly string[] | null;
  /** The identity kinds of the sessions it creates: a session of another kind cannot come from it. */
  creates: readonly IdentityKind[];
  /** Longest life of the credentials, in hours (the documented maximum duration). */
  maxHours: number;
  /** The session key (see sessionKey) of the principal the issued credentials act as, or null. */
  session: (record: RawRecord, caller: IssuingCaller) => string | null;
}

const STS = 'sts.amazonaws.com';
const CREDENTIALS_KEY = ['responseElements', 'credentials', 'accessKeyId'];

/** The assumed-role ARN of an AssumeRole* response, else built from the role ARN and the session name asked for. */
function assumedRoleSession(record: RawRecord): string | null {
  const returned = textAt(record, ['responseElements', 'assumedRoleUser', 'arn']);
  if (returned !== null) return returned;
  const role = parseArn(textAt(record, ['requestParameters', 'roleArn']) ?? '');
  const sessionName = textAt(record, ['requestParameters', 'roleSessionName']);
  const roleName = lastPathSegment(role?.arn ?? null);
  if (role === null || roleName === null || sessionName === null) return null;
  return `arn:${role.partition}:sts::${role.accountId}:assumed-role/${roleName}/${sessionName}`;
}

function partitionOf(caller: IssuingCaller): string {
  return parseArn(caller.arn ?? '')?.partition ?? 'aws';
}

/** Identity Center role sessions run as AWSReservedSSO_<permission set>_<suffix>: matched on account and permission set. */
const IDENTITY_CENTER_ROLE = /^AWSReservedSSO_(.+)_[0-9a-f]+$/;

function identityCenterSession(accountId: string, permissionSet: string): string {
  return `sso|${accountId}|${permissionSet}`;
}

export const ISSUING_CALLS: readonly IssuingCall[] = [
  // Session up to 12 h (DurationSeconds 43200); 1 h when chaining roles.
  { eventName: 'AssumeRole', eventSource: STS, keyPath: CREDENTIALS_KEY, creates: ['assumed-role'], maxHours: 12, session: assumedRoleSession },
  {
    eventName: 'AssumeRoleWithSAML',
    eventSource: STS,
    keyPath: CREDENTIALS_KEY,
    creates: ['assumed-role'],
    maxHours: 12,
    session: assumedRoleSession,
  },
  {
    eventName: 'AssumeRoleWithWebIdentity',
    eventSource: STS,
    keyPath: CREDENTIALS_KEY,
    creates: ['assumed-role'],
    maxHours: 12,
    session: assumedRoleSession,
  },
  // A privileged root session of a member account, at most 900 s (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html).
  {
    eventName: 'AssumeRoot',
    eventSource: STS,
    keyPath: CREDENTIALS_KEY,
    creates: ['root'],
    maxHours: 0.25,
    session: (record, caller) => {
      const target = textAt(record, ['requestParameters', 'targetPrincipal']);
      return target === null ? null : `arn:${partitionOf(caller)}:iam::${target}:root`;
    },
  },
  // The same user (or root) with a temporary key, up to 36 h.
  {
    eventName: 'GetSessionToken',
    eventSource: STS,
    keyPath: CREDENTIALS_KEY,
    creates: ['iam-user', 'root'],
    maxHours: 36,
    session: (_record, caller) => caller.arn,
  },
  {
    eventName: 'GetFederationToken',
    eventSource: STS,
    keyPath: CREDENTIALS_KEY,
    creates: ['federated-user'],
    maxHours: 36,
    session: (record, caller) => {
      const returned = textAt(record, ['responseElements', 'federatedUser', 'arn']);
      const name = textAt(record, ['requestParameters', 'name']);
      if (returned !== null) return returned;
      return name === null || caller.accountId === null ? null : `arn:${partitionOf(caller)}:sts::${caller.accountId}:federated-user/${name}`;
    },
  },
  // A long-term key for an IAM user: no session, and no end of life.
  {
    eventName: 'CreateAccessKey',
    eventSource: 'iam.amazonaws.com',
    keyPath: ['responseElements', 'accessKey', 'accessKeyId'],
    creates: [],
    maxHours: Infinity,
    session: () => null,
  },
  // The access portal hands out role credentials; CloudTrail does not log them, so only account, permission set
  // and time tie the call to the session.
  {
    eventName: 'GetRoleCredentials',
    eventSource: 'sso.amazonaws.com',
    keyPath: ['responseElements', 'roleCredentials', 'accessKeyId'],
    creates: ['assumed-role'],
    maxHours: 12,
    session: (record) => {
      const accountId = textAt(record, ['requestParameters', 'accountId']);
      const permissionSet = textAt(record, ['requestParameters', 'roleName']);
      return accountId === null || permissionSet === null ? null : identityCenterSession(accountId, permissionSet);
    },
  },
  // A console sign-in starts a session of the same principal (at most 12 h); its calls carry
  // sessionCredentialFromConsole. https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
  {
    eventName: 'ConsoleLogin',
    eventSource: 'signin.amazonaws.com',
    keyPath: null,
    creates: ['iam-user', 'root', 'assumed-role', 'federated-user'],
    maxHours: 12,
    session: (record, caller) => (textAt(record, ['responseElements', 'ConsoleLogin']) === 'Success' ? caller.arn : null),
  },
];

const CALL_BY_NAME: ReadonlyMap<string, IssuingCall> = new Map(ISSUING_CALLS.map((call) => [call.eventName, call]));

/** The issuing call of this eventName and eventSource, or undefined. */
export function issuingCall(eventName: string | null, eventSource: string | null): IssuingCall | undefined {
  const call = CALL_BY_NAME.get(eventName ?? '');
  return call !== undefined && call.eventSource === eventSource ? call : undefined;
}

/** The query that finds every successful issuing call in the store. */
export const ISSUING_CALLS_QUERY = `name:${ISSUING_CALLS.map((call) => call.eventName).join(',')} source:${[...new Set(ISSUING_CALLS.map((call) => call.eventSource))].join(',')} -error:*`;

/** The access key id an issuing record minted, or null when the record does not show a usable one. */
export function issuedKeyOf(call: IssuingCall, record: RawRecord): string | null {
  const key = call.keyPath === null ? null : textAt(record, call.keyPath);
  return isAccessKeyId(key) ? key : null;
}

/** sourceIdentity asked for or returned by an issuing call (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html#STS-API-source-identity). */
export function requestedSourceIdentity(record: RawRecord): string | null {
  return textAt(record, ['requestParameters', 'sourceIdentity']) ?? textAt(record, ['responseElements', 'sourceIdentity']);
}

/**
 * The key under which a session's principal is matched with the call that created it: the principal's ARN, or for
 * an Identity Center role session its account and permission set (the role name's suffix is not in the call).
 */
export function sessionKey(arn: string | null): string | null {
  if (arn === null) return null;
  const parsed = parseArn(arn);
  if (parsed?.resourceType === 'assumed-role') {
    const roleName = parsed.resourceId.slice(0, Math.max(0, parsed.resourceId.indexOf('/')));
    const identityCenter = IDENTITY_CENTER_ROLE.exec(roleName);
    if (identityCenter !== null) return identityCenterSession(parsed.accountId, identityCenter[1] as string);
  }
  return arn;
}

/** The account a session key belongs to. */
export function sessionAccount(key: string | null): string | null {
  if (key === null) return null;
  if (key.startsWith('sso|')) return key.split('|')[1] ?? null;
  const account = parseArn(key)?.accountId;
  return account === undefined || account === '' ? null : account;
}
