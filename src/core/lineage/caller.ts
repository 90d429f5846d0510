// The facts about who made a call that lineage needs, kept per issuing event so that walking a chain reads no
// record: the identity the call was made with and how that identity got its credentials.

import { credentialClassOf } from '../identity/accessKey';
import { decodeIdentity } from '../identity/decode';
import type { DecodedIdentity } from '../identity/decodedIdentity';
import type { EventSummary } from '../store/summary';
import { parseEventTime } from '../load/eventTime';
import type { CredentialClass, IdentityKind, RawRecord } from '../types';
import { isAccessKeyId, sessionKey, type IssuingCall } from './issuers';

export interface CallerFacts {
  kind: IdentityKind;
  principal: string | null;
  arn: string | null;
  accountId: string | null;
  /** The access key id the call was signed with (null when absent or not a usable key id). */
  accessKeyId: string | null;
  credential: CredentialClass;
  mfa: boolean | null;
  sourceIdentity: string | null;
  /** sessionContext.attributes.creationDate in ms, NaN when absent. */
  sessionCreatedMs: number;
  consoleSession: boolean;
  assumedRoot: boolean;
  /** sessionContext.ec2RoleDelivery: the credentials came from an EC2 instance's metadata service. */
  ec2RoleDelivery: string | null;
  /** inScopeOf.credentialsIssuedTo (the instance or function) and its issuerType. */
  credentialsIssuedTo: string | null;
  inScopeOf: string | null;
  invokedBy: string | null;
  sessionName: string | null;
  samlProvider: string | null;
  webIdentityProvider: string | null;
}

/** The caller facts of a record. */
export function callerFacts(record: RawRecord, identity: DecodedIdentity = decodeIdentity(record)): CallerFacts {
  const accessKeyId = isAccessKeyId(identity.accessKeyId) ? identity.accessKeyId : null;
  return {
    kind: identity.kind,
    principal: identity.principal,
    arn: identity.arn,
    accountId: identity.accountId,
    accessKeyId,
    credential: identity.credential,
    mfa: identity.mfa,
    sourceIdentity: identity.sourceIdentity,
    sessionCreatedMs: identity.sessionCreated === null ? Number.NaN : parseEventTime(identity.sessionCreated),
    consoleSession: identity.consoleSession,
    assumedRoot: identity.assumedRoot,
    ec2RoleDelivery: identity.ec2RoleDelivery,
    credentialsIssuedTo: identity.credentialsIssuedTo,
    inScopeOf: identity.inScopeOf,
    invokedBy: identity.invokedBy,
    sessionName: identity.sessionName,
    samlProvider: identity.samlProvider,
    webIdentityProvider: identity.webIdentityProvider,
  };
}

/**
 * The caller facts the index keeps for an event (its summary), without reading its record: no session creation
 * time, MFA, sourceIdentity, console or instance-profile marks.
 */
export function summaryCallerFacts(summary: EventSummary): CallerFacts {
  const accessKeyId = isAccessKeyId(summary.accessKeyId) ? summary.accessKeyId : null;
  return {
    kind: summary.identityKind,
    principal: summary.principal,
    arn: summary.principal?.startsWith('arn:') === true ? summary.principal : null,
    accountId: summary.account,
    accessKeyId,
    credential: credentialClassOf(summary.accessKeyId),
    mfa: null,
    sourceIdentity: null,
    sessionCreatedMs: Number.NaN,
    consoleSession: false,
    assumedRoot: false,
    ec2RoleDelivery: null,
    credentialsIssuedTo: null,
    inScopeOf: null,
    invokedBy: summary.identityKind === 'aws-service' ? summary.principal : null,
    sessionName: null,
    samlProvider: null,
    webIdentityProvider: null,
  };
}

/**
 * Whether `call` could have created the session `caller` acted in. A console sign-in gives a user or the root user
 * temporary keys (their browser calls do not all carry sessionCredentialFromConsole); a role session comes from the
 * console only when its calls say so. Identity Center role sessions come from its portal or its SAML sign-in.
 */
export function mayHaveCreated(call: IssuingCall, caller: CallerFacts): boolean {
  if (!call.creates.includes(caller.kind)) return false;
  const userOrRoot = caller.kind === 'iam-user' || caller.kind === 'root';
  if (call.eventName === 'ConsoleLogin') return caller.consoleSession || userOrRoot;
  if (call.eventName === 'AssumeRoot' || (caller.kind === 'root' && caller.assumedRoot)) return call.eventName === 'AssumeRoot' && caller.assumedRoot;
  const identityCenter = sessionKey(caller.arn)?.startsWith('sso|') === true;
  if (call.eventName === 'GetRoleCredentials') return identityCenter;
  return !identityCenter || call.eventName === 'AssumeRoleWithSAML';
}
