// Seeded generator of realistic synthetic CloudTrail deliveries for the benchmark: the S3 delivery layout
// (AWSLogs/o-ORG/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_UNIQUE.json.gz,
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html), several accounts and
// Regions, many services, S3 management and data events, every userIdentity type
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html),
// errors, and digest files. Same seed and size → same bytes, so a generated folder is reused.

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

/** mulberry32: small, fast, seedable. */
export function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
export const hex = (random: Random, length: number, upper = false): string => {
  let text = '';
  for (let i = 0; i < length; i++) text += Math.floor(random() * 16).toString(16);
  return upper ? text.toUpperCase() : text;
};
const uuid = (random: Random): string => `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const keyId = (random: Random, prefix: string): string => {
  let text = prefix;
  for (let i = 0; i < 16; i++) text += ALNUM[Math.floor(random() * ALNUM.length)];
  return text;
};

export const ORGANIZATION = 'o-exampleorgid';
export const ACCOUNTS = ['111122223333', '444455556666', '777788889999', '123456789012'];
export const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'];
const ROLES = ['Admin', 'ReadOnly', 'DataPipeline', 'DeployRole', 'AWSReservedSSO_PowerUser_0123456789abcdef'];
const BUCKETS = ['example-logs', 'finance-reports', 'web-assets', 'ml-training-data', 'backup-archive', 'customer-uploads'];
const EXTENSIONS = ['.pdf', '.csv', '.json', '.parquet', '.png', '.txt'];
export const AGENTS = [
  '[aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.ubuntu.22 prompt/off command/s3.cp]',
  '[aws-sdk-java/1.12.661 Linux/5.10.210 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS java/17.0.10 vendor/Amazon.com_Inc.]',
  'Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.51',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
  'AWS Internal',
  'lambda.amazonaws.com',
];
const ERRORS = ['AccessDenied', 'NoSuchKey', 'NoSuchBucket', 'ThrottlingException', 'ValidationException'];

/** eventSource → eventNames with their readOnly flag (S3 split by level, see the reference PART A). */
const S3_BUCKET_EVENTS: [string, boolean][] = [
  ['GetBucketAcl', true],
  ['GetBucketPolicy', true],
  ['PutBucketPolicy', false],
  ['GetBucketLocation', true],
  ['ListObjects', true],
  ['CreateBucket', false],
  ['DeleteBucket', false],
  ['GetBucketVersioning', true],
];
const S3_OBJECT_EVENTS: [string, boolean][] = [
  ['GetObject', true],
  ['PutObject', false],
  ['DeleteObject', false],
  ['HeadObject', true],
  ['CopyObject', false],
];
const S3_ACCOUNT_EVENTS: [string, boolean][] = [
  ['ListBuckets', true],
  ['GetAccountPublicAccessBlock', true],
];
const OTHER_EVENTS: Record<string, [string, boolean][]> = {
  'ec2.amazonaws.com': [
    ['DescribeInstances', true],
    ['RunInstances', false],
    ['DescribeVolumes', true],
    ['CreateTags', false],
  ],
  'iam.amazonaws.com': [
    ['GetUser', true],
    ['ListRoles', true],
    ['CreateAccessKey', false],
    ['AttachRolePolicy', false],
  ],
  'sts.amazonaws.com': [
    ['AssumeRole', true],
    ['GetCallerIdentity', true],
    ['AssumeRoleWithWebIdentity', true],
  ],
  'kms.amazonaws.com': [
    ['Decrypt', true],
    ['GenerateDataKey', true],
    ['Encrypt', true],
  ],
  'lambda.amazonaws.com': [
    ['Invoke', false],
    ['ListFunctions20150331', true],
  ],
  'dynamodb.amazonaws.com': [
    ['DescribeTable', true],
    ['ListTables', true],
  ],
  'cloudtrail.amazonaws.com': [
    ['LookupEvents', true],
    ['DescribeTrails', true],
    ['StartLogging', false],
    ['StopLogging', false],
    ['UpdateTrail', false],
  ],
  'signin.amazonaws.com': [['ConsoleLogin', false]],
  'secretsmanager.amazonaws.com': [['GetSecretValue', true]],
  'ssm.amazonaws.com': [
    ['GetParameter', true],
    ['PutParameter', false],
  ],
};
const OTHER_SOURCES = Object.keys(OTHER_EVENTS);

type Identity = Record<string, unknown>;

/**
 * Credentials and addresses repeat in real logs (a session's temporary key signs many calls), so they come from
 * pools: unique-per-event values would make a benchmark of something no trail produces.
 */
export class Pools {
  readonly longTermKeys: string[];
  readonly temporaryKeys: string[];
  readonly addresses: string[];

  constructor(random: Random) {
    this.longTermKeys = Array.from({ length: 200 }, () => keyId(random, 'AKIA'));
    this.temporaryKeys = Array.from({ length: 5000 }, () => keyId(random, 'ASIA'));
    this.addresses = Array.from({ length: 20000 }, (_, k) =>
      k % 2 === 0
        ? `203.0.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`
        : `198.51.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`,
    );
  }
}

function identityFor(random: Random, pools: Pools, account: string): Identity {
  const user = pick(random, USERS);
  const role = pick(random, ROLES);
  const created = '2024-05-01T08:00:00Z';
  const session = { attributes: { creationDate: created, mfaAuthenticated: random() < 0.3 ? 'true' : 'false' } };
  const roleIssuer = {
    type: 'Role',
    principalId: `AROA${hex(random, 17, true)}`,
    arn: `arn:aws:iam::${account}:role/${role}`,
    accountId: account,
    userName: role,
  };
  const kinds: (() => Identity)[] = [
    () => ({
      type: 'IAMUser',
      principalId: `AIDA${hex(random, 17, true)}`,
      arn: `arn:aws:iam::${account}:user/${user}`,
      accountId: account,
      accessKeyId: pick(random, pools.longTermKeys),
      userName: user,
    }),
    () => ({
      type: 'AssumedRole',
      principalId: `${roleIssuer.principalId}:${user}`,
      arn: `arn:aws:sts::${account}:assumed-role/${role}/${user}`,
      accountId: account,
      accessKeyId: pick(random, pools.temporaryKeys),
      sessionContext: { sessionIssuer: roleIssuer, webIdFederationData: {}, ...session },
    }),
    () => ({
      type: 'AssumedRole',
      principalId: `${roleIssuer.principalId}:${user}`,
      arn: `arn:aws:sts::${account}:assumed-role/${role}/${user}`,
      accountId: account,
      accessKeyId: pick(random, pools.temporaryKeys),
      sessionContext: { sessionIssuer: roleIssuer, webIdFederationData: {}, ...session },
    }),
    () => ({ type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account, accessKeyId: keyId(random, 'ASIA') }),
    () => ({ type: 'AWSService', invokedBy: pick(random, ['cloudtrail.amazonaws.com', 'lambda.amazonaws.com', 'config.amazonaws.com']) }),
    () => ({
      type: 'FederatedUser',
      principalId: `${account}:${user}`,
      arn: `arn:aws:sts::${account}:federated-user/${user}`,
      accountId: account,
      accessKeyId: pick(random, pools.temporaryKeys),
      sessionContext: {
        sessionIssuer: {
          type: 'IAMUser',
          principalId: `AIDA${hex(random, 17, true)}`,
          arn: `arn:aws:iam::${account}:user/federator`,
          accountId: account,
          userName: 'federator',
        },
        ...session,
      },
    }),
    () => ({
      type: 'SAMLUser',
      principalId: `SampleUkh1i4+ExamplexL/jEvs=:${user}@example.com`,
      userName: `${user}@example.com`,
      identityProvider: 'bdGOnTesti4+ExampleGYWkgm7ZsEXAMPLE',
    }),
    () => ({
      type: 'WebIdentityUser',
      principalId: `accounts.google.com:${hex(random, 20)}`,
      userName: hex(random, 20),
      identityProvider: 'accounts.google.com',
    }),
    () => ({ type: 'AWSAccount', principalId: `AIDA${hex(random, 17, true)}`, accountId: pick(random, ACCOUNTS) }),
    () => ({
      type: 'IdentityCenterUser',
      accountId: account,
      onBehalfOf: { userId: uuid(random), identityStoreArn: `arn:aws:identitystore::${account}:identitystore/d-1234567890` },
      credentialId: hex(random, 40),
    }),
  ];
  return pick(random, kinds)();
}

function s3Event(random: Random, pools: Pools, account: string, region: string, time: string, identity: Identity): Record<string, unknown> {
  const bucket = pick(random, BUCKETS);
  const roll = random();
  const [name, readOnly] =
    roll < 0.6 ? pick(random, S3_OBJECT_EVENTS) : roll < 0.92 ? pick(random, S3_BUCKET_EVENTS) : pick(random, S3_ACCOUNT_EVENTS);
  const isObject = S3_OBJECT_EVENTS.some(([event]) => event === name);
  const isAccount = S3_ACCOUNT_EVENTS.some(([event]) => event === name);
  const key = `reports/${2020 + Math.floor(random() * 5)}/${hex(random, 8)}/${pick(random, USERS)}-${Math.floor(random() * 100000)}${pick(random, EXTENSIONS)}`;
  const requestParameters: Record<string, unknown> = isAccount
    ? { Host: 's3.amazonaws.com' }
    : { bucketName: bucket, Host: `${bucket}.s3.${region}.amazonaws.com` };
  if (isObject) requestParameters.key = key;
  const resources = isAccount
    ? undefined
    : isObject
      ? [
          { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` },
          { accountId: account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
        ]
      : [{ accountId: account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` }];
  return {
    eventVersion: '1.10',
    userIdentity: identity,
    eventTime: time,
    eventSource: 's3.amazonaws.com',
    eventName: name,
    awsRegion: region,
    sourceIPAddress: pick(random, pools.addresses),
    userAgent: pick(random, AGENTS),
    ...(random() < 0.05 ? { errorCode: pick(random, ERRORS), errorMessage: 'Access Denied' } : {}),
    requestParameters,
    responseElements: null,
    additionalEventData: {
      SignatureVersion: 'SigV4',
      CipherSuite: 'TLS_AES_128_GCM_SHA256',
      bytesTransferredIn: 0,
      AuthenticationMethod: 'AuthHeader',
      'x-amz-id-2': `${hex(random, 60)}=`,
      bytesTransferredOut: Math.floor(random() * 1e6),
    },
    requestID: hex(random, 16, true),
    eventID: uuid(random),
    readOnly,
    ...(resources ? { resources } : {}),
    eventType: 'AwsApiCall',
    managementEvent: !isObject,
    recipientAccountId: account,
    eventCategory: isObject ? 'Data' : 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `${bucket}.s3.${region}.amazonaws.com` },
  };
}

/** CloudTrail's trail calls carry their trail's name and no response (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html). */
const TRAIL_CALLS: ReadonlySet<string> = new Set(['StartLogging', 'StopLogging', 'UpdateTrail']);

function otherEvent(random: Random, pools: Pools, account: string, region: string, time: string, identity: Identity): Record<string, unknown> {
  const source = pick(random, OTHER_SOURCES);
  const [name, readOnly] = pick(random, OTHER_EVENTS[source]);
  const event = otherApiCall(random, pools, account, region, time, identity, source, name, readOnly);
  if (!TRAIL_CALLS.has(name)) return event;
  return { ...event, requestParameters: { name: pick(random, ['org-audit', 'security-trail', 'data-events']) }, responseElements: null };
}

function otherApiCall(
  random: Random,
  pools: Pools,
  account: string,
  region: string,
  time: string,
  identity: Identity,
  source: string,
  name: string,
  readOnly: boolean,
): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: identity,
    eventTime: time,
    eventSource: source,
    eventName: name,
    awsRegion: region,
    sourceIPAddress: random() < 0.2 ? 'AWS Internal' : pick(random, pools.addresses),
    userAgent: pick(random, AGENTS),
    ...(random() < 0.04
      ? { errorCode: pick(random, ERRORS), errorMessage: `User is not authorized to perform: ${source.split('.')[0]}:${name}` }
      : {}),
    requestParameters: {
      filterSet: { items: [{ name: 'tag:Environment', valueSet: { items: [{ value: pick(random, ['prod', 'dev', 'staging']) }] } }] },
      maxResults: 1000,
      includeAllInstances: false,
      instancesSet: { items: [{ instanceId: `i-${hex(random, 17)}` }] },
    },
    responseElements: readOnly
      ? null
      : {
          requestId: uuid(random),
          _return: true,
          credentials: { accessKeyId: pick(random, pools.temporaryKeys), expiration: 'May 1, 2024, 9:00:00 AM', sessionToken: hex(random, 120) },
        },
    requestID: uuid(random),
    eventID: uuid(random),
    readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: `${source.split('.')[0]}.${region}.amazonaws.com`,
    },
    sessionCredentialFromConsole: random() < 0.1 ? 'true' : undefined,
  };
}

/** Records of one synthetic log file. */
export function makeRecords(
  random: Random,
  pools: Pools,
  account: string,
  region: string,
  startMs: number,
  count: number,
): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const time = new Date(startMs + Math.floor(random() * 300_000)).toISOString().slice(0, 19) + 'Z';
    const identity = identityFor(random, pools, account);
    records.push(
      random() < 0.45 ? s3Event(random, pools, account, region, time, identity) : otherEvent(random, pools, account, region, time, identity),
    );
  }
  return records;
}

export interface GeneratedSet {
  folder: string;
  files: number;
  events: number;
  gzipBytes: number;
  jsonBytes: number;
}

export const EVENTS_PER_FILE = 5000;

export function deliveryName(account: string, region: string, at: Date, random: Random, extension = '.json.gz'): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').slice(0, 13);
  let unique = '';
  for (let i = 0; i < 16; i++) unique += 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 62)];
  return `${account}_CloudTrail_${region}_${stamp}Z_${unique}${extension}`;
}

/** Generates (or reuses) a delivery-layout folder of `events` events under `root`. */
export function generateDeliveryFolder(root: string, seed: number, events: number, log: (line: string) => void): GeneratedSet {
  const folder = path.join(root, `set-seed${seed}-events${events}`);
  // The marker sits beside the folder so the loader never sees it.
  const marker = `${folder}.generated.json`;
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as GeneratedSet;
  rmSync(folder, { recursive: true, force: true });
  const random = makeRandom(seed);
  const pools = new Pools(random);
  const fileCount = Math.max(1, Math.ceil(events / EVENTS_PER_FILE));
  const start = Date.UTC(2024, 4, 1);
  const set: GeneratedSet = { folder, files: fileCount, events, gzipBytes: 0, jsonBytes: 0 };
  for (let f = 0; f < fileCount; f++) {
    const account = ACCOUNTS[f % ACCOUNTS.length];
    const region = REGIONS[Math.floor(f / ACCOUNTS.length) % REGIONS.length];
    const at = new Date(start + f * 300_000);
    const day = at.toISOString().slice(0, 10).split('-');
    const dir = path.join(folder, 'AWSLogs', ORGANIZATION, account, 'CloudTrail', region, ...day);
    mkdirSync(dir, { recursive: true });
    const count = Math.min(EVENTS_PER_FILE, events - f * EVENTS_PER_FILE);
    const json = JSON.stringify({ Records: makeRecords(random, pools, account, region, at.getTime(), count) });
    const gz = gzipSync(json, { level: 6 });
    writeFileSync(path.join(dir, deliveryName(account, region, at, random)), gz);
    set.jsonBytes += Buffer.byteLength(json);
    set.gzipBytes += gz.length;
    if (f % 10 === 0) log(`generating ${f + 1}/${fileCount} files`);
  }
  const digestDir = path.join(folder, 'AWSLogs', ORGANIZATION, ACCOUNTS[0], 'CloudTrail-Digest', REGIONS[0], '2024', '05', '01');
  mkdirSync(digestDir, { recursive: true });
  const digest = {
    awsAccountId: ACCOUNTS[0],
    digestStartTime: '2024-05-01T00:00:00Z',
    digestEndTime: '2024-05-01T01:00:00Z',
    digestS3Bucket: 'example-trail-bucket',
    digestS3Object: 'digest.json.gz',
    logFiles: [],
  };
  writeFileSync(
    path.join(digestDir, `${ACCOUNTS[0]}_CloudTrail-Digest_${REGIONS[0]}_org-trail_${REGIONS[0]}_20240501T010000Z.json.gz`),
    gzipSync(JSON.stringify(digest)),
  );
  writeFileSync(marker, JSON.stringify(set));
  return set;
}

/** Generates (or reuses) one uncompressed, pretty-printed log file of about `bytes` bytes, for locate. */
export function generateLargeLogFile(root: string, seed: number, bytes: number): string {
  const file = path.join(root, `single-seed${seed}-${Math.round(bytes / 1048576)}MB.json`);
  if (existsSync(file)) return file;
  mkdirSync(root, { recursive: true });
  const random = makeRandom(seed + 1);
  const pools = new Pools(random);
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const chunk = makeRecords(random, pools, ACCOUNTS[0], REGIONS[0], Date.UTC(2024, 4, 1), 1000).map((record) => JSON.stringify(record, null, 2));
    for (const text of chunk) size += text.length + 2;
    parts.push(...chunk);
  }
  writeFileSync(file, `{"Records": [\n${parts.join(',\n')}\n]}\n`);
  return file;
}
