// What decoding a userIdentity yields: the types shared by the decoder and the sentences written about it.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html

import type { CredentialClass, IdentityKind } from '../types';
import type { AccessKeyDescription, IdPrefix } from './accessKey';
import type { PrincipalIdDecoding } from './principalId';

export interface IdentityQuestions {
  /** Was the request made with root or IAM user credentials? */
  rootOrIamUser: string;
  /** Was it made with temporary security credentials for a role or a federated user? */
  temporaryCredentials: string;
  /** Was it made by another AWS service? */
  awsService: string;
}

export interface SessionIssuer {
  /** Root, IAMUser or Role. */
  type: string | null;
  arn: string | null;
  name: string | null;
  accountId: string | null;
  principalId: string | null;
}

/** IAM Identity Center role session: a role named AWSReservedSSO_<permission set>_<suffix>. */
export interface IdentityCenterSession {
  permissionSet: string;
  roleName: string;
  /** The session name, which Identity Center sets to the user name. */
  userName: string | null;
}

export interface DecodedIdentity {
  kind: IdentityKind;
  /** userIdentity.type exactly as written, or null. */
  type: string | null;
  kindLabel: string;
  credential: CredentialClass;
  /** sessionContext.attributes.mfaAuthenticated, else a ConsoleLogin's additionalEventData.MFAUsed; null when the record does not say. */
  mfa: boolean | null;
  mfaSource: 'sessionContext.attributes.mfaAuthenticated' | 'additionalEventData.MFAUsed' | null;
  /** ARN when present, otherwise the best human name. */
  principal: string | null;
  /** Account the caller belongs to (userIdentity.accountId, or decoded from the access key id). */
  accountId: string | null;
  accountIdSource: 'userIdentity.accountId' | 'access key id' | null;
  /** One sentence a person reads at a glance. */
  summary: string;
  /** The three questions of AWS's "Amazon S3 CloudTrail events" page (cloudtrail-logging-s3-info.html), answered. */
  questions: IdentityQuestions;
  arn: string | null;
  userName: string | null;
  principalId: string | null;
  principalIdPrefix: IdPrefix | null;
  /** What the principal id names (IAM user, role session, account…), from its shape. */
  principalIdDecoded: PrincipalIdDecoding | null;
  accessKeyId: string | null;
  accessKey: AccessKeyDescription | null;
  sessionName: string | null;
  sessionIssuer: SessionIssuer | null;
  sessionCreated: string | null;
  sourceIdentity: string | null;
  /** WebIdentityUser identityProvider, or sessionContext.webIdFederationData.federatedProvider. */
  webIdentityProvider: string | null;
  /** SAMLUser identityProvider (the SAML name qualifier). */
  samlProvider: string | null;
  invokedBy: string | null;
  onBehalfOf: { userId: string | null; identityStoreArn: string | null } | null;
  identityCenter: IdentityCenterSession | null;
  /**
   * Set when the access key id encodes an account other than userIdentity.accountId. Real CloudTrail never writes
   * that, so the record was edited (anonymised data) or the key belongs to another account: a red flag to read.
   */
  keyAccountMismatch: { recordAccountId: string; keyAccountId: string } | null;
  /** Set when userIdentity.accountId differs from recipientAccountId: this copy went to another account. */
  crossAccount: { callerAccountId: string; recipientAccountId: string } | null;
  anonymous: boolean;
  /** Top-level sessionCredentialFromConsole is "true". */
  consoleSession: boolean;
  /** sessionContext.assumedRoot: a privileged root session obtained through STS AssumeRoot. */
  assumedRoot: boolean;
  /** sessionContext.ec2RoleDelivery: 1.0 = IMDSv1, 2.0 = IMDSv2. */
  ec2RoleDelivery: string | null;
  /** userIdentity.inScopeOf.issuerType, e.g. AWS::Lambda::Function. */
  inScopeOf: string | null;
  /** userIdentity.inScopeOf.credentialsIssuedTo: the resource (e.g. an EC2 instance ARN) the credentials were issued to. */
  credentialsIssuedTo: string | null;
  /**
   * invokedBy "AWS Internal" with a temporary (ASIA) key: an AWS service called on the principal's behalf with a
   * forward access session (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html).
   */
  forwardAccessSession: boolean;
  /** A ConsoleLogin record: its outcome (responseElements.ConsoleLogin), or null for any other event. */
  consoleSignIn: ConsoleSignIn | null;
}

/** responseElements.ConsoleLogin of a ConsoleLogin event, with its errorMessage when it failed. */
export interface ConsoleSignIn {
  outcome: 'success' | 'failure' | null;
  errorMessage: string | null;
  /** additionalEventData.MFAIdentifier: the MFA device used. */
  mfaDevice: string | null;
}
