// Decoding of a record's userIdentity: the kind, the credential behind the request, and the three questions the
// Amazon S3 guide says the identity answers (root or IAM user credentials? temporary credentials of a role or a
// federated user? a request made by another AWS service?).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html

import { lastPathSegment } from '../arn';
import type { IdentityKey, IdentityKind, RawRecord } from '../types';
import { accountIdFromAccessKey, credentialClassOf, describeAccessKey, describeIdPrefix } from './accessKey';
import { describeKind, KIND_BY_TYPE } from './kinds';
import type { ConsoleSignIn, DecodedIdentity, IdentityCenterSession, SessionIssuer } from './decodedIdentity';
import { decodePrincipalId } from './principalId';
import { answerIdentityQuestions, summarise } from './summary';

type Fields = Record<string, unknown>;

function asObject(value: unknown): Fields | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : null;
}

const lowerCaseNames = new Map<string, string>();

/** A field by its documented name; some edited data sets write every key in lower case. */
function text(object: Fields | null, name: string): string | null {
  if (object === null) return null;
  let value = object[name];
  if (value === undefined) {
    let lower = lowerCaseNames.get(name);
    if (lower === undefined) {
      lower = name.toLowerCase();
      lowerCaseNames.set(name, lower);
    }
    value = object[lower];
  }
  return typeof value === 'string' && value !== '' ? value : null;
}

function child(object: Fields | null, name: string): Fields | null {
  if (object === null) return null;
  return asObject(object[name]) ?? asObject(object[name.toLowerCase()]);
}

/** Anonymous S3 requests: type AWSAccount with accountId "anonymous" or the ANONYMOUS_PRINCIPAL marker. */
function isAnonymous(identity: Fields): boolean {
  const accountId = text(identity, 'accountId');
  const principalId = text(identity, 'principalId');
  return accountId === 'anonymous' || accountId === 'ANONYMOUS_PRINCIPAL' || principalId === 'ANONYMOUS_PRINCIPAL';
}

function kindOf(identity: Fields | null): IdentityKind {
  if (identity === null) return 'unknown';
  const type = text(identity, 'type');
  if (type === null) return text(identity, 'invokedBy') !== null ? 'aws-service' : 'unknown';
  if (type === 'AWSAccount' && isAnonymous(identity)) return 'anonymous';
  return KIND_BY_TYPE.get(type) ?? 'unknown';
}

const ACCOUNT_CACHE_LIMIT = 10_000;
const decodedAccounts = new Map<string, string | null>();

function accountFromKey(accessKeyId: string): string | null {
  let account = decodedAccounts.get(accessKeyId);
  if (account === undefined) {
    account = accountIdFromAccessKey(accessKeyId);
    if (decodedAccounts.size >= ACCOUNT_CACHE_LIMIT) decodedAccounts.clear();
    decodedAccounts.set(accessKeyId, account);
  }
  return account;
}

/** The few identity facts the index keeps per event. Cheap: no allocation beyond the result. */
export function identityKey(record: RawRecord): IdentityKey {
  const identity = asObject(record.userIdentity);
  const kind = kindOf(identity);
  const accessKeyId = text(identity, 'accessKeyId');
  if (kind === 'anonymous') return { kind, principal: 'anonymous', accountId: null, accessKeyId };
  const principal =
    text(identity, 'arn') ??
    text(identity, 'userName') ??
    text(identity, 'invokedBy') ??
    text(identity, 'principalId') ??
    // IdentityCenterUser records name the user only in onBehalfOf.
    text(child(identity, 'onBehalfOf'), 'userId');
  const accountId = text(identity, 'accountId') ?? (accessKeyId === null ? null : accountFromKey(accessKeyId));
  return { kind, principal, accountId, accessKeyId };
}

/** Role name and session name from an assumed-role ARN (arn:aws:sts::<account>:assumed-role/<role>/<session>). */
function assumedRoleParts(arn: string | null): { role: string; session: string } | null {
  if (arn === null) return null;
  const marker = ':assumed-role/';
  const at = arn.indexOf(marker);
  if (at < 0) return null;
  const rest = arn.slice(at + marker.length);
  const slash = rest.indexOf('/');
  return slash < 0 ? { role: rest, session: '' } : { role: rest.slice(0, slash), session: rest.slice(slash + 1) };
}

const IDENTITY_CENTER_ROLE_PREFIX = 'AWSReservedSSO_';

/**
 * IAM Identity Center provisions roles named AWSReservedSSO_<permission set>_<16 hex> under the path
 * /aws-reserved/sso.amazonaws.com/ (observed in real events; https://docs.aws.amazon.com/singlesignon/latest/userguide/using-service-linked-roles.html).
 */
function identityCenterSession(roleName: string | null, sessionName: string | null): IdentityCenterSession | null {
  if (roleName === null || !roleName.startsWith(IDENTITY_CENTER_ROLE_PREFIX)) return null;
  const body = roleName.slice(IDENTITY_CENTER_ROLE_PREFIX.length);
  const lastUnderscore = body.lastIndexOf('_');
  const permissionSet = lastUnderscore > 0 ? body.slice(0, lastUnderscore) : body;
  return { permissionSet, roleName, userName: sessionName };
}

function booleanText(value: string | null): boolean | null {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return null;
}

/** ConsoleLogin's additionalEventData.MFAUsed is "Yes"/"No" (AWS's own examples also write "YES"). */
function yesNo(value: string | null): boolean | null {
  const folded = value?.toLowerCase();
  return folded === 'yes' ? true : folded === 'no' ? false : null;
}

const SIGN_IN_OUTCOMES: Readonly<Record<string, ConsoleSignIn['outcome']>> = { success: 'success', failure: 'failure' };

/**
 * A ConsoleLogin event's outcome and MFA device; null for other events.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
 */
function consoleSignIn(record: RawRecord): ConsoleSignIn | null {
  if (record.eventName !== 'ConsoleLogin') return null;
  const outcome = text(asObject(record.responseElements), 'ConsoleLogin')?.toLowerCase() ?? '';
  return {
    outcome: Object.hasOwn(SIGN_IN_OUTCOMES, outcome) ? (SIGN_IN_OUTCOMES[outcome] ?? null) : null,
    errorMessage: typeof record.errorMessage === 'string' && record.errorMessage !== '' ? record.errorMessage : null,
    mfaDevice: text(asObject(record.additionalEventData), 'MFAIdentifier'),
  };
}

/** invokedBy of a forward access session: the service is not named, only "AWS Internal". */
const FORWARD_ACCESS_INVOKER = 'AWS Internal';

/**
 * sessionContext.sessionIssuer, or null when it names nothing: absent, empty (`{}`, as federated users' sessions
 * write it), or without one of its documented members as text. Told by its members, not by counting its keys: the
 * record reader makes every documented member, undefined where absent.
 */
function sessionIssuerOf(fields: Fields | null): SessionIssuer | null {
  const issuer = {
    type: text(fields, 'type'),
    arn: text(fields, 'arn'),
    name: text(fields, 'userName') ?? lastPathSegment(text(fields, 'arn')),
    accountId: text(fields, 'accountId'),
    principalId: text(fields, 'principalId'),
  };
  return Object.values(issuer).every((value) => value === null) ? null : issuer;
}

/** Full decoding of the record's userIdentity, JSON-serialisable. */
export function decodeIdentity(record: RawRecord): DecodedIdentity {
  const identity = asObject(record.userIdentity);
  const key = identityKey(record);
  const kind = key.kind;
  const sessionContext = child(identity, 'sessionContext');
  const attributes = child(sessionContext, 'attributes');
  const issuerFields = child(sessionContext, 'sessionIssuer');
  const webIdFederation = child(sessionContext, 'webIdFederationData');
  const onBehalfOfFields = child(identity, 'onBehalfOf');
  const inScopeOfFields = child(identity, 'inScopeOf');

  const arn = text(identity, 'arn');
  const principalId = text(identity, 'principalId');
  const userName = text(identity, 'userName');
  const accessKeyId = key.accessKeyId;
  const identityAccount = kind === 'anonymous' ? null : text(identity, 'accountId');

  const sessionIssuer = sessionIssuerOf(issuerFields);

  const roleParts = assumedRoleParts(arn);
  const principalIdDecoded = decodePrincipalId(principalId);
  const principalSession = principalIdDecoded?.sessionName ?? null;
  let sessionName: string | null = null;
  if (kind === 'assumed-role' || (kind === 'unknown' && roleParts !== null)) sessionName = roleParts?.session || principalSession;
  else if (kind === 'federated-user') sessionName = lastPathSegment(arn) ?? principalSession;
  else if (kind === 'aws-account' && principalIdDecoded?.kind === 'role-session') sessionName = principalSession;
  const roleName = roleParts?.role ?? (sessionIssuer?.type === 'Role' ? sessionIssuer.name : null);

  const recipientAccountId = typeof record.recipientAccountId === 'string' ? record.recipientAccountId : null;
  const callerAccount = key.accountId;
  const crossAccount =
    callerAccount !== null && recipientAccountId !== null && callerAccount !== recipientAccountId
      ? { callerAccountId: callerAccount, recipientAccountId }
      : null;

  const accessKey = accessKeyId === null ? null : describeAccessKey(accessKeyId);
  const keyAccountId = accessKey?.decodedAccountId ?? null;
  const keyAccountMismatch =
    identityAccount !== null && keyAccountId !== null && identityAccount !== keyAccountId ? { recordAccountId: identityAccount, keyAccountId } : null;

  const typeText = text(identity, 'type');
  const identityProvider = text(identity, 'identityProvider');
  const onBehalfOf =
    onBehalfOfFields === null ? null : { userId: text(onBehalfOfFields, 'userId'), identityStoreArn: text(onBehalfOfFields, 'identityStoreArn') };

  const signIn = consoleSignIn(record);
  const sessionMfa = booleanText(text(attributes, 'mfaAuthenticated'));
  const signInMfa = signIn === null ? null : yesNo(text(asObject(record.additionalEventData), 'MFAUsed'));
  const credential = credentialClassOf(accessKeyId);
  const invokedBy = text(identity, 'invokedBy');

  const decodedWithoutText: Omit<DecodedIdentity, 'summary' | 'questions'> = {
    kind,
    type: typeText,
    kindLabel: describeKind(kind).label,
    credential,
    mfa: sessionMfa ?? signInMfa,
    mfaSource: sessionMfa !== null ? 'sessionContext.attributes.mfaAuthenticated' : signInMfa !== null ? 'additionalEventData.MFAUsed' : null,
    principal: key.principal,
    accountId: key.accountId,
    accountIdSource: identityAccount !== null ? 'userIdentity.accountId' : key.accountId !== null ? 'access key id' : null,
    arn,
    userName,
    principalId,
    principalIdPrefix: principalId === null ? null : describeIdPrefix(principalId),
    principalIdDecoded,
    accessKeyId,
    accessKey,
    keyAccountMismatch,
    sessionName,
    sessionIssuer,
    sessionCreated: text(attributes, 'creationDate'),
    sourceIdentity: text(sessionContext, 'sourceIdentity'),
    webIdentityProvider: kind === 'web-identity-user' ? identityProvider : text(webIdFederation, 'federatedProvider'),
    samlProvider: kind === 'saml-user' ? identityProvider : null,
    invokedBy,
    onBehalfOf,
    identityCenter: identityCenterSession(roleName, sessionName),
    crossAccount,
    anonymous: kind === 'anonymous',
    consoleSession: record.sessionCredentialFromConsole === 'true' || record.sessionCredentialFromConsole === true,
    assumedRoot: text(sessionContext, 'assumedRoot') === 'true' || sessionContext?.assumedRoot === true,
    ec2RoleDelivery: text(sessionContext, 'ec2RoleDelivery'),
    inScopeOf: text(inScopeOfFields, 'issuerType'),
    credentialsIssuedTo: text(inScopeOfFields, 'credentialsIssuedTo'),
    forwardAccessSession: invokedBy === FORWARD_ACCESS_INVOKER && credential === 'temporary',
    consoleSignIn: signIn,
  };
  const withRecordContext = { ...decodedWithoutText, hasUserIdentity: identity !== null, roleName };
  return {
    ...decodedWithoutText,
    summary: summarise(withRecordContext),
    questions: answerIdentityQuestions(withRecordContext),
  };
}
