// Plain sentences about a decoded identity: the one-line summary, and the answers to the three questions the
// Amazon S3 guide says userIdentity answers. One table entry per kind, no branching on types elsewhere.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html

import { lastPathSegment } from '../arn';
import type { CredentialClass, IdentityKind } from '../types';
import type { DecodedIdentity, IdentityQuestions } from './decodedIdentity';

/** What the sentences are built from: the decoded fields plus two facts that are not part of the result. */
export type IdentityFacts = Omit<DecodedIdentity, 'summary' | 'questions'> & { hasUserIdentity: boolean; roleName: string | null };

function inAccount(facts: IdentityFacts): string {
  return facts.accountId === null ? '' : ` of account ${facts.accountId}`;
}

function issuerText(facts: IdentityFacts): string {
  const issuer = facts.sessionIssuer;
  if (issuer === null) return '';
  const who =
    issuer.type === 'Root' ? 'the root user' : `${issuer.type === 'IAMUser' ? 'IAM user ' : ''}${issuer.name ?? issuer.arn ?? 'an unnamed issuer'}`;
  return `, issued by ${who}`;
}

/** Who made the call, per kind. */
const WHO: Readonly<Record<IdentityKind, (facts: IdentityFacts) => string>> = {
  root: (facts) => `The root user${inAccount(facts)}${facts.userName !== null ? ` (account alias ${facts.userName})` : ''}`,
  'iam-user': (facts) => `IAM user ${facts.userName ?? lastPathSegment(facts.arn) ?? facts.principalId ?? '(unnamed)'}${inAccount(facts)}`,
  'assumed-role': (facts) =>
    facts.identityCenter !== null
      ? `IAM Identity Center user ${facts.identityCenter.userName ?? '(unnamed)'} with permission set ${facts.identityCenter.permissionSet}${inAccount(facts)}`
      : `Role ${facts.roleName ?? '(unnamed role)'}${facts.sessionName ? ` (session ${facts.sessionName})` : ''}${inAccount(facts)}`,
  role: (facts) => `IAM role ${facts.userName ?? lastPathSegment(facts.arn) ?? '(unnamed)'}${inAccount(facts)}`,
  'federated-user': (facts) => `Federated user ${facts.sessionName ?? '(unnamed)'}${inAccount(facts)}${issuerText(facts)}`,
  'saml-user': (facts) =>
    `SAML user ${facts.userName ?? facts.principalId ?? '(unnamed)'} from identity provider ${facts.samlProvider ?? '(not named)'}`,
  'web-identity-user': (facts) =>
    `Web identity user ${facts.userName ?? '(unnamed)'} from ${facts.webIdentityProvider ?? 'an OIDC identity provider'}`,
  'identity-center-user': (facts) =>
    `IAM Identity Center user ${facts.onBehalfOf?.userId ?? '(unknown user id)'}${
      facts.onBehalfOf?.identityStoreArn ? ` of identity store ${facts.onBehalfOf.identityStoreArn}` : ''
    }`,
  directory: (facts) => `Directory identity ${facts.userName ?? facts.principalId ?? '(unnamed)'}`,
  'aws-account': (facts) => `AWS account ${facts.accountId ?? '(not given)'}${facts.principalId !== null ? ` (principal ${facts.principalId})` : ''}`,
  anonymous: () => 'An anonymous (unauthenticated) caller',
  'aws-service': (facts) => `AWS service ${facts.invokedBy ?? '(not named)'}`,
  unknown: (facts) =>
    facts.type === null && !facts.hasUserIdentity
      ? 'An unrecorded caller (the record has no userIdentity)'
      : `An identity CloudTrail could not determine${facts.userName !== null ? ` (${facts.userName})` : facts.arn !== null ? ` (${facts.arn})` : ''}`,
};

const CREDENTIAL_PHRASES: Readonly<Record<CredentialClass, string>> = {
  'long-term': ' with a long-term access key',
  temporary: ' with temporary credentials',
  none: '',
  unknown: '',
};

/** Kinds that only ever sign with temporary credentials (STS sessions). */
const SESSION_KINDS: ReadonlySet<IdentityKind> = new Set(['assumed-role', 'federated-user']);

/**
 * The credential phrase. A session kind with an AKIA key id contradicts itself: AWS documentation examples and
 * anonymised data sets carry such placeholders (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-prefixes), so say so rather than repeat the prefix.
 */
function credentialPhrase(facts: IdentityFacts): string {
  if (facts.credential === 'long-term' && SESSION_KINDS.has(facts.kind)) {
    return ' with an access key id marked long-term (AKIA), which a session cannot use: a placeholder or masked value';
  }
  return CREDENTIAL_PHRASES[facts.credential];
}

/** One sentence: who, with which credential, MFA, through which service, and whose copy this is. */
export function summarise(facts: IdentityFacts): string {
  const parts: string[] = [WHO[facts.kind](facts), ' made this request'];
  parts.push(credentialPhrase(facts));
  if (facts.mfa !== null) parts.push(facts.mfa ? ', signed in with MFA' : ', without MFA');
  if (facts.kind !== 'aws-service' && facts.invokedBy !== null) parts.push(`, through ${facts.invokedBy}`);
  if (facts.consoleSession) parts.push(', from a console session');
  if (facts.sourceIdentity !== null) parts.push(`, source identity ${facts.sourceIdentity}`);
  if (facts.crossAccount !== null) parts.push(`; this copy was delivered to account ${facts.crossAccount.recipientAccountId}`);
  if (facts.keyAccountMismatch !== null) {
    parts.push(
      `; but its access key id encodes account ${facts.keyAccountMismatch.keyAccountId}, not ${facts.keyAccountMismatch.recordAccountId}: anonymised data, or a key of another account`,
    );
  }
  parts.push('.');
  return parts.join('');
}

const NOT_RECORDED = 'Not recorded: the record has no userIdentity.';

const ROOT_OR_IAM_USER: Readonly<Record<IdentityKind, (facts: IdentityFacts) => string>> = {
  root: (facts) =>
    `Yes: the root user's credentials${facts.assumedRoot ? ' (a privileged session obtained through STS AssumeRoot)' : ''}${
      facts.credential === 'long-term' ? ', a root access key' : ''
    }.`,
  'iam-user': (facts) => `Yes: the credentials of IAM user ${facts.userName ?? lastPathSegment(facts.arn) ?? '(unnamed)'}.`,
  'assumed-role': (facts) =>
    facts.sessionIssuer?.type === 'IAMUser' || facts.sessionIssuer?.type === 'Root'
      ? `No, but the session was issued to ${facts.sessionIssuer.type === 'Root' ? 'the root user' : `IAM user ${facts.sessionIssuer.name ?? ''}`}.`
      : 'No: a role session.',
  role: () => 'No: an IAM role.',
  'federated-user': (facts) => `No: a federated user${issuerText(facts)}.`,
  'saml-user': () => 'No: a user of a SAML identity provider.',
  'web-identity-user': () => 'No: a user of a web identity (OIDC) provider.',
  'identity-center-user': () => 'No: an IAM Identity Center user.',
  directory: () => 'No: a directory identity.',
  'aws-account': () => 'No: another AWS account (its principal is not named).',
  anonymous: () => 'No: no credentials at all (anonymous request).',
  'aws-service': () => 'No: an AWS service.',
  unknown: (facts) => (facts.hasUserIdentity ? 'Unknown: CloudTrail could not determine the identity type.' : NOT_RECORDED),
};

const TEMPORARY_CREDENTIALS: Readonly<Record<IdentityKind, (facts: IdentityFacts) => string>> = {
  root: (facts) => (facts.credential === 'temporary' ? 'Yes: a temporary session of the root user (ASIA key).' : 'No.'),
  'iam-user': (facts) => (facts.credential === 'temporary' ? 'Yes: a temporary session of the IAM user (ASIA key).' : 'No.'),
  'assumed-role': (facts) =>
    `Yes: temporary credentials of role ${facts.roleName ?? '(unnamed)'}${facts.sessionName ? `, session ${facts.sessionName}` : ''}${
      facts.identityCenter !== null ? ', an IAM Identity Center sign-in' : ''
    }${facts.webIdentityProvider !== null ? `, obtained with a web identity from ${facts.webIdentityProvider}` : ''}.`,
  role: () => 'Not stated: CloudTrail names the role itself.',
  'federated-user': (facts) => `Yes: temporary credentials of a federated user (GetFederationToken)${issuerText(facts)}.`,
  'saml-user': () => 'This is the exchange itself: a SAML assertion traded for temporary role credentials (AssumeRoleWithSAML).',
  'web-identity-user': () => 'This is the exchange itself: a web identity token traded for temporary role credentials (AssumeRoleWithWebIdentity).',
  'identity-center-user': () => 'Yes: an IAM Identity Center token on behalf of the user.',
  directory: () => 'Not stated.',
  'aws-account': () => 'Not stated: only the calling account is recorded.',
  anonymous: () => 'No: no credentials at all.',
  'aws-service': () => "No: the service's own credentials.",
  unknown: (facts) =>
    facts.hasUserIdentity ? (facts.credential === 'temporary' ? 'Yes: a temporary access key (ASIA).' : 'Unknown.') : NOT_RECORDED,
};

/** The three identity questions of AWS's "Amazon S3 CloudTrail events" page, answered for one record. */
export function answerIdentityQuestions(facts: IdentityFacts): IdentityQuestions {
  let awsService: string;
  if (facts.kind === 'aws-service') awsService = `Yes: ${facts.invokedBy ?? 'an AWS service'} made the request.`;
  else if (facts.invokedBy !== null) awsService = `Yes: ${facts.invokedBy} made the request on behalf of this principal.`;
  else if (!facts.hasUserIdentity) awsService = NOT_RECORDED;
  else awsService = 'No.';
  return {
    rootOrIamUser: ROOT_OR_IAM_USER[facts.kind](facts),
    temporaryCredentials: TEMPORARY_CREDENTIALS[facts.kind](facts),
    awsService,
  };
}
