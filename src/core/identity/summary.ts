// Plain sentences about a decoded identity: the one-line summary, and the answers to the three questions the
// Amazon S3 guide says userIdentity answers. One table entry per kind, no branching on types elsewhere.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html

import { lastPathSegment } from '../arn';
import type { CredentialClass, IdentityKind } from '../types';
import type { DecodedIdentity, IdentityQuestions } from './decodedIdentity';
import type { PrincipalIdKind } from './principalId';

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

/** The principal an AWSAccount identity names by its principal id, e.g. " (IAM user with unique id AIDA…)". */
function awsAccountPrincipal(facts: IdentityFacts): string {
  const decoded = facts.principalIdDecoded;
  if (decoded === null || (decoded.kind === 'account' && decoded.uniqueId === facts.accountId)) return '';
  return ` (${decoded.words})`;
}

/**
 * A console sign-in failure for a user name that does not exist names no user.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
 */
const HIDDEN_USER_NAME = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** Who made the call, per kind. */
const WHO: Readonly<Record<IdentityKind, (facts: IdentityFacts) => string>> = {
  root: (facts) => `The root user${inAccount(facts)}${facts.userName !== null ? ` (account alias ${facts.userName})` : ''}`,
  'iam-user': (facts) =>
    facts.userName === HIDDEN_USER_NAME
      ? `An unknown IAM user name${inAccount(facts)} (AWS writes ${HIDDEN_USER_NAME} when the typed user name does not exist)`
      : `IAM user ${facts.userName ?? lastPathSegment(facts.arn) ?? facts.principalId ?? '(unnamed)'}${inAccount(facts)}`,
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
  'aws-account': (facts) => `AWS account ${facts.accountId ?? '(not given)'}${awsAccountPrincipal(facts)}`,
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

const SIGN_IN_VERBS: Readonly<Record<'success' | 'failure' | 'unknown', string>> = {
  success: ' signed in to the console',
  failure: ' failed to sign in to the console',
  unknown: ' tried to sign in to the console (the record does not say whether it succeeded)',
};

/** The verb: a ConsoleLogin says whether the sign-in worked; every other event is "made this request". */
function verbPhrase(facts: IdentityFacts): string {
  const signIn = facts.consoleSignIn;
  if (signIn === null) return ' made this request';
  const verb = SIGN_IN_VERBS[signIn.outcome ?? 'unknown'];
  return signIn.outcome === 'failure' && signIn.errorMessage !== null ? `${verb} (${signIn.errorMessage})` : verb;
}

function mfaPhrase(facts: IdentityFacts): string {
  if (facts.mfa === null) return '';
  const signIn = facts.consoleSignIn;
  if (signIn?.outcome === 'failure') return facts.mfa ? ', MFA used' : ', no MFA used';
  if (signIn !== null) return facts.mfa ? ` with MFA${signIn.mfaDevice ? ` (${signIn.mfaDevice})` : ''}` : ' without MFA';
  return facts.mfa ? ', signed in with MFA' : ', without MFA';
}

/**
 * EC2 instance credentials: sessionContext.ec2RoleDelivery says which instance metadata service handed them out.
 * IMDSv1 answers any GET from the instance, so an SSRF flaw can steal the role's credentials; AWS recommends IMDSv2.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html
 */
const IMDS_VERSIONS: Readonly<Record<string, { name: string; warning: string }>> = {
  '1.0': { name: 'IMDSv1', warning: ' (warning: the older metadata service, open to SSRF credential theft; require IMDSv2)' },
  '2.0': { name: 'IMDSv2', warning: '' },
};

/** "IMDSv1" or "IMDSv2" (with the warning IMDSv1 deserves), or the raw value for a version AWS has not documented. */
function imdsWords(ec2RoleDelivery: string, withWarning: boolean): string {
  const version = Object.hasOwn(IMDS_VERSIONS, ec2RoleDelivery) ? IMDS_VERSIONS[ec2RoleDelivery] : undefined;
  if (version === undefined) return `ec2RoleDelivery ${ec2RoleDelivery}`;
  return withWarning ? version.name + version.warning : version.name;
}

function computePhrase(facts: IdentityFacts): string {
  const parts: string[] = [];
  if (facts.ec2RoleDelivery !== null) parts.push(`, with EC2 instance role credentials delivered by ${imdsWords(facts.ec2RoleDelivery, true)}`);
  if (facts.inScopeOf !== null || facts.credentialsIssuedTo !== null) {
    const issuedTo = facts.credentialsIssuedTo === null ? '' : ` ${facts.credentialsIssuedTo}`;
    parts.push(`, credentials issued to ${facts.inScopeOf ?? 'a resource'}${issuedTo}`);
  }
  return parts.join('');
}

function invokedByPhrase(facts: IdentityFacts): string {
  if (facts.forwardAccessSession) return ', through a forward access session (an AWS service calling on its behalf, invokedBy AWS Internal)';
  return facts.kind !== 'aws-service' && facts.invokedBy !== null ? `, through ${facts.invokedBy}` : '';
}

/** One sentence: who, with which credential, MFA, through which service, and whose copy this is. */
export function summarise(facts: IdentityFacts): string {
  const parts: string[] = [WHO[facts.kind](facts), verbPhrase(facts)];
  // A console sign-in is made with a password (and MFA), not with the access key the record may carry.
  if (facts.consoleSignIn === null) parts.push(credentialPhrase(facts));
  parts.push(mfaPhrase(facts));
  parts.push(computePhrase(facts));
  parts.push(invokedByPhrase(facts));
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

type AwsAccountAnswers = Readonly<Record<PrincipalIdKind | 'none', (facts: IdentityFacts) => string>>;

/** An AWSAccount identity names its principal only by principalId: the answers read its shape (see principalId.ts). */
const AWS_ACCOUNT_ROOT_OR_IAM_USER: AwsAccountAnswers = {
  'iam-user': (facts) =>
    `Yes: an IAM user of account ${facts.accountId ?? '(not given)'}, known by its unique id ${facts.principalIdDecoded?.uniqueId}.`,
  role: (facts) => `No: a role (unique id ${facts.principalIdDecoded?.uniqueId}).`,
  'role-session': (facts) => `No: a role session (${facts.principalIdDecoded?.words}).`,
  'federated-user': (facts) => `No: ${facts.principalIdDecoded?.words}.`,
  account: (facts) => `Not stated: the principal is ${facts.principalIdDecoded?.words}; CloudTrail does not say which of its identities.`,
  'access-key': (facts) => `Not stated: the principal id is ${facts.principalIdDecoded?.words}.`,
  unrecognised: (facts) => `Not stated: the principal id ${facts.principalId} has no IAM prefix this tool knows.`,
  none: () => 'Not stated: another AWS account, whose principal the record does not name.',
};

const AWS_ACCOUNT_TEMPORARY: AwsAccountAnswers = {
  'iam-user': (facts) => `No: IAM user ${facts.principalIdDecoded?.uniqueId} is neither a role nor a federated user.`,
  role: (facts) => `Yes: a role's credentials are temporary (role unique id ${facts.principalIdDecoded?.uniqueId}).`,
  'role-session': (facts) => `Yes: temporary credentials of the ${facts.principalIdDecoded?.words}.`,
  'federated-user': (facts) => `Yes: temporary credentials of ${facts.principalIdDecoded?.words} (GetFederationToken).`,
  account: () => 'Not stated: only the calling account is recorded.',
  'access-key': () => 'Not stated: the principal id is a placeholder access key id.',
  unrecognised: (facts) =>
    facts.principalIdDecoded?.sessionName
      ? `Probably: the principal id carries a session name (${facts.principalIdDecoded.sessionName}), as role sessions do.`
      : 'Not stated: only the calling account is recorded.',
  none: () => 'Not stated: only the calling account is recorded.',
};

/** A forward access session signs with a temporary key, but it is not a session the principal opened. */
const FORWARD_ACCESS_SESSION =
  "Not a session of its own: a forward access session, temporary credentials AWS derives from the original request when a service calls another service on the principal's behalf (invokedBy AWS Internal, ASIA key).";

const ROOT_OR_IAM_USER: Readonly<Record<IdentityKind, (facts: IdentityFacts) => string>> = {
  root: (facts) =>
    `Yes: the root user's credentials${facts.assumedRoot ? ' (a privileged session obtained through STS AssumeRoot)' : ''}${
      facts.credential === 'long-term' ? ', a root access key' : ''
    }.`,
  'iam-user': (facts) =>
    facts.userName === HIDDEN_USER_NAME
      ? `Yes, tried: an IAM user name that does not exist (${HIDDEN_USER_NAME}).`
      : `Yes: the credentials of IAM user ${facts.userName ?? lastPathSegment(facts.arn) ?? '(unnamed)'}.`,
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
  'aws-account': (facts) => AWS_ACCOUNT_ROOT_OR_IAM_USER[facts.principalIdDecoded?.kind ?? 'none'](facts),
  anonymous: () => 'No: no credentials at all (anonymous request).',
  'aws-service': () => 'No: an AWS service.',
  unknown: (facts) => (facts.hasUserIdentity ? 'Unknown: CloudTrail could not determine the identity type.' : NOT_RECORDED),
};

const TEMPORARY_CREDENTIALS: Readonly<Record<IdentityKind, (facts: IdentityFacts) => string>> = {
  root: (facts) =>
    facts.forwardAccessSession
      ? FORWARD_ACCESS_SESSION
      : facts.credential === 'temporary'
        ? 'Yes: a temporary session of the root user (ASIA key).'
        : 'No.',
  'iam-user': (facts) =>
    facts.forwardAccessSession
      ? FORWARD_ACCESS_SESSION
      : facts.credential === 'temporary'
        ? 'Yes: a temporary session of the IAM user (ASIA key).'
        : 'No.',
  'assumed-role': (facts) =>
    `Yes: temporary credentials of role ${facts.roleName ?? '(unnamed)'}${facts.sessionName ? `, session ${facts.sessionName}` : ''}${
      facts.identityCenter !== null ? ', an IAM Identity Center sign-in' : ''
    }${facts.webIdentityProvider !== null ? `, obtained with a web identity from ${facts.webIdentityProvider}` : ''}${
      facts.ec2RoleDelivery !== null ? `, the role of an EC2 instance (${imdsWords(facts.ec2RoleDelivery, false)})` : ''
    }${facts.forwardAccessSession ? ', used by an AWS service on its behalf through a forward access session' : ''}.`,
  role: () => 'Not stated: CloudTrail names the role itself.',
  'federated-user': (facts) => `Yes: temporary credentials of a federated user (GetFederationToken)${issuerText(facts)}.`,
  'saml-user': () => 'This is the exchange itself: a SAML assertion traded for temporary role credentials (AssumeRoleWithSAML).',
  'web-identity-user': () => 'This is the exchange itself: a web identity token traded for temporary role credentials (AssumeRoleWithWebIdentity).',
  'identity-center-user': () => 'Yes: an IAM Identity Center token on behalf of the user.',
  directory: () => 'Not stated.',
  'aws-account': (facts) => AWS_ACCOUNT_TEMPORARY[facts.principalIdDecoded?.kind ?? 'none'](facts),
  anonymous: () => 'No: no credentials at all.',
  'aws-service': () => "No: the service's own credentials.",
  unknown: (facts) =>
    facts.hasUserIdentity ? (facts.credential === 'temporary' ? 'Yes: a temporary access key (ASIA).' : 'Unknown.') : NOT_RECORDED,
};

/** The three identity questions of AWS's "Amazon S3 CloudTrail events" page, answered for one record. */
export function answerIdentityQuestions(facts: IdentityFacts): IdentityQuestions {
  let awsService: string;
  if (facts.kind === 'aws-service') awsService = `Yes: ${facts.invokedBy ?? 'an AWS service'} made the request.`;
  else if (facts.forwardAccessSession)
    awsService = 'Yes: an AWS service made the request on behalf of this principal, through a forward access session (invokedBy AWS Internal).';
  else if (facts.invokedBy !== null) awsService = `Yes: ${facts.invokedBy} made the request on behalf of this principal.`;
  else if (!facts.hasUserIdentity) awsService = NOT_RECORDED;
  else awsService = 'No.';
  return {
    rootOrIamUser: ROOT_OR_IAM_USER[facts.kind](facts),
    temporaryCredentials: TEMPORARY_CREDENTIALS[facts.kind](facts),
    awsService,
  };
}
