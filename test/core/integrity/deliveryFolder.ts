// Writes a CloudTrail delivery folder in a temp dir: log files, an hourly digest chain per trail signed with an
// RSA key pair made here, and the public key in the shape of `aws cloudtrail list-public-keys` output. The signing
// string and the fingerprint are written out here independently of the engine, after the AWS CLI
// (https://github.com/aws/aws-cli/blob/develop/awscli/customizations/cloudtrail/validation.py), so the tests check
// the engine against the procedure, not against itself.

import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface KeyPair {
  privateKey: KeyObject;
  /** Base64 DER PKCS#1, as list-public-keys prints Value. */
  value: string;
  fingerprint: string;
}

export function makeKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ format: 'der', type: 'pkcs1' });
  return { privateKey, value: der.toString('base64'), fingerprint: createHash('md5').update(der).digest('hex') };
}

export function publicKeysJson(...pairs: KeyPair[]): string {
  return JSON.stringify({
    PublicKeyList: pairs.map((pair) => ({
      Value: pair.value,
      ValidityStartTime: 1714521600,
      ValidityEndTime: 1717200000,
      Fingerprint: pair.fingerprint,
    })),
  });
}

export interface TrailSpec {
  account: string;
  region: string;
  trail: string;
  homeRegion: string;
  /** S3 key prefix before AWSLogs/ (may be ''). */
  prefix: string;
  /** Organization id for an organization trail layout. */
  organization?: string;
  /** Hours with no logging at all: no logs, no digest; the digest after restarts the chain. */
  stoppedHours?: number[];
}

export interface WrittenTrail {
  spec: TrailSpec;
  /** Digest files, oldest first. */
  digests: string[];
  /** Log files by hour. */
  logs: string[][];
  /** Hex signature of each digest (the S3 metadata a download loses), by digest file. */
  signatures: Map<string, string>;
  /** Inflated digest JSON, by digest file (to edit in tests). */
  digestJson: Map<string, Record<string, unknown>>;
}

export const BUCKET = 'amzn-s3-demo-bucket';
const START = Date.UTC(2024, 4, 1, 0, 0, 0);
const HOUR = 3_600_000;

/** A fresh folder in the temporary folder, which the caller removes when done (in an `after` hook or a suiteTeardown). */
export function tempRoot(): string {
  return mkdtempSync(path.join(tmpdir(), 'ctlens-integrity-'));
}

function stamp(time: number, seconds: boolean): string {
  const iso = new Date(time).toISOString();
  const compact = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + 'T' + iso.slice(11, 13) + iso.slice(14, 16);
  return compact + (seconds ? iso.slice(17, 19) : '') + 'Z';
}

function dayFolders(time: number): string[] {
  return new Date(time).toISOString().slice(0, 10).split('-');
}

function accountBase(spec: TrailSpec): string[] {
  return [
    ...(spec.prefix === '' ? [] : spec.prefix.split('/')),
    'AWSLogs',
    ...(spec.organization === undefined ? [] : [spec.organization]),
    spec.account,
  ];
}

function writeAt(root: string, key: string, bytes: Buffer): string {
  const file = path.join(root, BUCKET, ...key.split('/'));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

/** The string CloudTrail signs (AWS CLI: _create_string_to_sign). */
function dataToSign(digest: Record<string, unknown>, inflated: Buffer): string {
  const hash = createHash('sha256').update(inflated).digest('hex');
  return `${digest.digestEndTime}\n${digest.digestS3Bucket}/${digest.digestS3Object}\n${hash}\n${digest.previousDigestSignature ?? 'null'}`;
}

export function logBody(account: string, region: string, at: number, serial: number): Buffer {
  const record = {
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', accountId: account, userName: `user${serial}` },
    eventTime: new Date(at).toISOString().replace('.000', ''),
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: region,
    eventID: `00000000-0000-0000-0000-${String(serial).padStart(12, '0')}`,
  };
  return Buffer.from(JSON.stringify({ Records: [record] }));
}

/** Writes `hours` hours of one trail: `logsPerHour` log files and one digest per hour, chained and signed with `keys`. */
export function writeTrail(root: string, spec: TrailSpec, hours: number, logsPerHour: number, keys: KeyPair): WrittenTrail {
  const written: WrittenTrail = { spec, digests: [], logs: [], signatures: new Map(), digestJson: new Map() };
  let previous: { key: string; hash: string; signature: string } | null = null;
  for (let hour = 0; hour < hours; hour++) {
    const start = START + hour * HOUR;
    const end = start + HOUR;
    written.logs.push([]);
    if (spec.stoppedHours?.includes(hour)) {
      previous = null;
      continue;
    }
    const logFiles = [];
    for (let n = 0; n < logsPerHour; n++) {
      const delivered = start + (n + 1) * 600_000;
      const name = `${spec.account}_CloudTrail_${spec.region}_${stamp(delivered, false)}_${spec.trail.slice(0, 4)}${String(hour * 100 + n).padStart(12, 'x')}.json.gz`;
      const key = [...accountBase(spec), 'CloudTrail', spec.region, ...dayFolders(delivered), name].join('/');
      const body = logBody(spec.account, spec.region, delivered - 1000, hour * 100 + n);
      written.logs[hour].push(writeAt(root, key, gzipSync(body)));
      logFiles.push({ s3Bucket: BUCKET, s3Object: key, hashValue: createHash('sha256').update(body).digest('hex'), hashAlgorithm: 'SHA-256' });
    }
    const name = `${spec.account}_CloudTrail-Digest_${spec.region}_${spec.trail}_${spec.homeRegion}_${stamp(end, true)}.json.gz`;
    const key = [...accountBase(spec), 'CloudTrail-Digest', spec.region, ...dayFolders(end), name].join('/');
    const digest: Record<string, unknown> = {
      awsAccountId: spec.account,
      digestStartTime: new Date(start).toISOString().replace('.000', ''),
      digestEndTime: new Date(end).toISOString().replace('.000', ''),
      digestS3Bucket: BUCKET,
      digestS3Object: key,
      digestPublicKeyFingerprint: keys.fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: null,
      oldestEventTime: null,
      previousDigestS3Bucket: previous === null ? null : BUCKET,
      previousDigestS3Object: previous?.key ?? null,
      previousDigestHashValue: previous?.hash ?? null,
      previousDigestHashAlgorithm: previous === null ? null : 'SHA-256',
      previousDigestSignature: previous?.signature ?? null,
      logFiles,
    };
    const file = writeDigest(root, digest, keys.privateKey, written);
    previous = { key, hash: createHash('sha256').update(JSON.stringify(digest)).digest('hex'), signature: written.signatures.get(file) as string };
  }
  return written;
}

/** Writes (or rewrites) a digest where its digestS3Object says, signed with `privateKey`. */
export function writeDigest(root: string, digest: Record<string, unknown>, privateKey: KeyObject, into: WrittenTrail): string {
  const inflated = Buffer.from(JSON.stringify(digest));
  const file = writeAt(root, digest.digestS3Object as string, gzipSync(inflated));
  if (!into.digests.includes(file)) into.digests.push(file);
  into.signatures.set(file, sign('sha256', Buffer.from(dataToSign(digest, inflated)), privateKey).toString('hex'));
  into.digestJson.set(file, digest);
  return file;
}

/** The hex signature of the newest digest, written as `<digest>.sig` beside it. */
export function writeNewestSignature(trail: WrittenTrail): string {
  const newest = trail.digests[trail.digests.length - 1];
  writeFileSync(`${newest}.sig`, trail.signatures.get(newest) as string);
  return newest;
}

export const TRAIL: TrailSpec = { account: '111122223333', region: 'us-east-1', trail: 'management-trail', homeRegion: 'us-east-1', prefix: 'audit' };
