// userIdentity.type values and the stable kind ids the CLI and the UI use.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html

import type { IdentityKind } from '../types';

export interface KindDescription {
  kind: IdentityKind;
  /** The userIdentity.type value that maps to this kind (KIND_BY_TYPE is built from it); anonymous shows its AWSAccount variant, for display only. */
  type: string;
  label: string;
  /** What the type means, paraphrasing the CloudTrail userIdentity documentation. */
  meaning: string;
}

const KINDS: ReadonlyArray<KindDescription> = [
  { kind: 'root', type: 'Root', label: 'Root user', meaning: "The request was made with the account's root user credentials." },
  { kind: 'iam-user', type: 'IAMUser', label: 'IAM user', meaning: "The request was made with an IAM user's credentials." },
  {
    kind: 'assumed-role',
    type: 'AssumedRole',
    label: 'Assumed role',
    meaning: 'The request was made with temporary credentials obtained by assuming a role (AWS STS AssumeRole and its variants).',
  },
  { kind: 'role', type: 'Role', label: 'IAM role', meaning: 'The request was made by an IAM role, a persistent identity with specific permissions.' },
  {
    kind: 'federated-user',
    type: 'FederatedUser',
    label: 'Federated user',
    meaning: 'The request was made with temporary credentials obtained through AWS STS GetFederationToken.',
  },
  {
    kind: 'saml-user',
    type: 'SAMLUser',
    label: 'SAML user',
    meaning: 'The caller authenticated with a SAML assertion (seen on AssumeRoleWithSAML records).',
  },
  {
    kind: 'web-identity-user',
    type: 'WebIdentityUser',
    label: 'Web identity user',
    meaning: 'The caller authenticated with a web identity (OIDC) provider (seen on AssumeRoleWithWebIdentity records).',
  },
  {
    kind: 'identity-center-user',
    type: 'IdentityCenterUser',
    label: 'IAM Identity Center user',
    meaning: 'The request was made on behalf of an IAM Identity Center user.',
  },
  {
    kind: 'directory',
    type: 'Directory',
    label: 'Directory identity',
    meaning: 'The request was made to a directory service whose identity type is not known.',
  },
  { kind: 'aws-account', type: 'AWSAccount', label: 'AWS account', meaning: 'The request was made by another AWS account.' },
  {
    kind: 'anonymous',
    type: 'AWSAccount (anonymous)',
    label: 'Anonymous caller',
    meaning: 'An unauthenticated (anonymous) request to Amazon S3: no credentials were used.',
  },
  {
    kind: 'aws-service',
    type: 'AWSService',
    label: 'AWS service',
    meaning: 'The request was made by an AWS service (an account that belongs to the service).',
  },
  { kind: 'unknown', type: 'Unknown', label: 'Unknown identity', meaning: 'CloudTrail could not determine the identity type.' },
];

const KIND_DESCRIPTIONS: ReadonlyMap<IdentityKind, KindDescription> = new Map(KINDS.map((entry) => [entry.kind, entry]));

/** userIdentity.type → kind, from the table above (AWSAccount may still turn out anonymous, decided from the record). */
export const KIND_BY_TYPE: ReadonlyMap<string, IdentityKind> = new Map(
  KINDS.filter((entry) => entry.kind !== 'anonymous').map((entry) => [entry.type, entry.kind]),
);

export function describeKind(kind: IdentityKind): KindDescription {
  return KIND_DESCRIPTIONS.get(kind) as KindDescription;
}
