// What a call did, told from its own record, for the calls an investigation turns on: credentials issued, sign-ins,
// keys created, bucket policies and public access opened, logging stopped. A data table: one teller per eventName.
// Request and response fields as the API references give them:
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutPublicAccessBlock.html
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html

import type { RawRecord } from '../types';

type Json = Record<string, unknown>;

function child(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json)[key] : undefined;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
}

const request = (record: RawRecord, key: string) => text(child(record.requestParameters, key));
const response = (record: RawRecord, ...keys: string[]) => text(keys.reduce<unknown>((value, key) => child(value, key), record.responseElements));

/** "issued key ASIA… (expires …)" when the response shows the credentials. */
function issuedKey(record: RawRecord, container = 'credentials'): string {
  const key = response(record, container, 'accessKeyId');
  if (key === null) return 'the response does not show the key issued';
  const expires = response(record, container, 'expiration');
  return `issued key ${key}${expires === null ? '' : ` (expires ${expires})`}`;
}

function sourceIdentity(record: RawRecord): string {
  const value = response(record, 'sourceIdentity') ?? request(record, 'sourceIdentity');
  return value === null ? '' : `; source identity ${value}`;
}

function assumedRole(record: RawRecord): string {
  const role = request(record, 'roleArn') ?? 'a role';
  const session = request(record, 'roleSessionName');
  return `Assumed ${role}${session === null ? '' : ` as session ${session}`}: ${issuedKey(record)}${sourceIdentity(record)}.`;
}

/** A bucket policy statement open to anyone: Principal "*" or {"AWS": "*"}. */
function grantsEveryone(policyText: string | null): boolean {
  if (policyText === null) return false;
  return /"Principal"\s*:\s*("\*"|\{\s*"AWS"\s*:\s*(\[\s*)?"\*")/.test(policyText);
}

const BLOCK_SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

function publicAccessBlock(record: RawRecord): string {
  const configuration = child(record.requestParameters, 'PublicAccessBlockConfiguration') ?? child(record.requestParameters, 'PublicAccessBlock');
  const off = BLOCK_SETTINGS.filter((setting) => child(configuration, setting) === false || child(configuration, setting) === 'false');
  const where = request(record, 'bucketName') ?? 'the account';
  if (configuration === undefined) return `Set the public access block of ${where} (the record does not show the settings).`;
  return off.length === 0
    ? `Set the public access block of ${where}: all four protections on.`
    : `Set the public access block of ${where} with ${off.join(', ')} off: public access is no longer blocked that way.`;
}

/** eventName → the sentence of what the call did, from its record. */
const TELLERS: ReadonlyMap<string, (record: RawRecord) => string> = new Map<string, (record: RawRecord) => string>([
  ['AssumeRole', assumedRole],
  ['AssumeRoleWithSAML', (record) => `${assumedRole(record)} The caller signed in through a SAML identity provider.`],
  ['AssumeRoleWithWebIdentity', (record) => `${assumedRole(record)} The caller signed in through a web identity (OIDC) provider.`],
  ['GetSessionToken', (record) => `Issued temporary credentials for the caller's own identity: ${issuedKey(record)}.`],
  ['GetFederationToken', (record) => `Issued credentials for federated user ${request(record, 'name') ?? '(unnamed)'}: ${issuedKey(record)}.`],
  [
    'CreateAccessKey',
    (record) =>
      `Created the long-term access key ${response(record, 'accessKey', 'accessKeyId') ?? '(not shown)'} for IAM user ${
        request(record, 'userName') ?? response(record, 'accessKey', 'userName') ?? 'the caller'
      }.`,
  ],
  [
    'ConsoleLogin',
    (record) => {
      const outcome = response(record, 'ConsoleLogin') ?? 'outcome not stated';
      const mfa = text(child(record.additionalEventData, 'MFAUsed'));
      return `Console sign-in: ${outcome}${mfa === null ? '' : `, MFA used: ${mfa}`}.`;
    },
  ],
  [
    'PutBucketPolicy',
    (record) => {
      const policy = text(child(record.requestParameters, 'bucketPolicy')) ?? JSON.stringify(child(record.requestParameters, 'bucketPolicy') ?? null);
      const bucket = request(record, 'bucketName') ?? 'a bucket';
      return grantsEveryone(policy)
        ? `Set the policy of ${bucket}; a statement's Principal is "*": it grants access to anyone.`
        : `Set the policy of ${bucket}.`;
    },
  ],
  ['PutPublicAccessBlock', publicAccessBlock],
  ['PutBucketPublicAccessBlock', publicAccessBlock],
  [
    'DeletePublicAccessBlock',
    (record) =>
      `Removed the public access block of ${request(record, 'bucketName') ?? 'the account'}: nothing blocks public access that way any more.`,
  ],
  ['DeleteBucketPublicAccessBlock', (record) => `Removed the public access block of ${request(record, 'bucketName') ?? 'a bucket'}.`],
  ['StopLogging', (record) => `Stopped trail ${request(record, 'name') ?? '(unnamed)'}: it records nothing until StartLogging.`],
  ['DeleteTrail', (record) => `Deleted trail ${request(record, 'name') ?? '(unnamed)'}.`],
  ['StartLogging', (record) => `Started trail ${request(record, 'name') ?? '(unnamed)'}.`],
  ['PutEventSelectors', (record) => `Changed what trail ${request(record, 'trailName') ?? '(unnamed)'} records (its event selectors).`],
]);

/** What the call did, as sentences; empty for calls the table does not know. A failed call says it changed nothing. */
export function callStory(record: RawRecord): string[] {
  const teller = typeof record.eventName === 'string' ? TELLERS.get(record.eventName) : undefined;
  if (teller === undefined) return [];
  const errorCode = text(record.errorCode);
  if (errorCode !== null)
    return [`The call failed (${errorCode}): it changed nothing${text(record.errorMessage) ? `: ${text(record.errorMessage)}` : ''}.`];
  return [teller(record)];
}
