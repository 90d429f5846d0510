// What a userIdentity.principalId names, from its shape: one decoding for the summary, the three questions and the
// hover, so that none of them calls a principal "not named" while another names it.
// Formats: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
// and the aws:userid table https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
// (account id / AIDA… unique id / account:federated-name / AROA…:role-session-name / AROA…:ec2-instance-id).
// Prefixes: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-prefixes

import { describeIdPrefix, type IdPrefix } from './accessKey';

/** What the principal id identifies. */
export type PrincipalIdKind = 'account' | 'iam-user' | 'role' | 'role-session' | 'federated-user' | 'access-key' | 'unrecognised';

export interface PrincipalIdDecoding {
  kind: PrincipalIdKind;
  /** The IAM unique id (AIDA…, AROA…) or account id before any ":". */
  uniqueId: string;
  /** Text after ":" — a role session name (an EC2 instance id for instance roles) or a federated user's name. */
  sessionName: string | null;
  prefix: IdPrefix | null;
  /** Words naming the principal, e.g. "IAM user with unique id AIDA…", "role AROA…, session s". */
  words: string;
}

const ACCOUNT_ID = /^\d{12}$/;
const EC2_INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

/** How each known prefix reads, with and without a session part. */
const BY_PREFIX: Readonly<Record<string, { kind: PrincipalIdKind; sessionKind?: PrincipalIdKind }>> = {
  AIDA: { kind: 'iam-user' },
  AROA: { kind: 'role', sessionKind: 'role-session' },
  AKIA: { kind: 'access-key' },
  ASIA: { kind: 'access-key' },
};

function sessionWords(sessionName: string | null): string {
  if (sessionName === null) return '';
  return EC2_INSTANCE_ID.test(sessionName)
    ? `session ${sessionName} (an EC2 instance id: the instance's role credentials)`
    : `session ${sessionName}`;
}

type Parts = { uniqueId: string; sessionName: string | null; prefix: IdPrefix | null };

const WORDS: Readonly<Record<PrincipalIdKind, (parts: Parts) => string>> = {
  account: ({ uniqueId }) => `account ${uniqueId} itself`,
  'federated-user': ({ uniqueId, sessionName }) => `federated user ${sessionName} of account ${uniqueId}`,
  'iam-user': ({ uniqueId }) => `IAM user with unique id ${uniqueId}`,
  role: ({ uniqueId }) => `role with unique id ${uniqueId}`,
  'role-session': ({ uniqueId, sessionName }) => `role with unique id ${uniqueId}, ${sessionWords(sessionName)}`,
  'access-key': ({ uniqueId, prefix }) =>
    `${prefix?.meaning ?? 'access key'} ${uniqueId} (an access key id where a principal id belongs: a placeholder)`,
  unrecognised: ({ uniqueId, sessionName }) => `principal ${uniqueId}${sessionName === null ? '' : `, ${sessionWords(sessionName)}`}`,
};

function kindOf({ uniqueId, sessionName, prefix }: Parts): PrincipalIdKind {
  if (ACCOUNT_ID.test(uniqueId)) return sessionName === null ? 'account' : 'federated-user';
  const known = prefix === null ? undefined : BY_PREFIX[prefix.prefix];
  if (known === undefined) return 'unrecognised';
  return sessionName !== null && known.sessionKind !== undefined ? known.sessionKind : known.kind;
}

/** Decodes a principalId; null for an empty or missing one. */
export function decodePrincipalId(principalId: string | null): PrincipalIdDecoding | null {
  if (principalId === null || principalId === '') return null;
  const colon = principalId.indexOf(':');
  const uniqueId = colon < 0 ? principalId : principalId.slice(0, colon);
  const parts: Parts = { uniqueId, sessionName: colon < 0 ? null : principalId.slice(colon + 1) || null, prefix: describeIdPrefix(uniqueId) };
  const kind = kindOf(parts);
  return { kind, ...parts, words: WORDS[kind](parts) };
}
