// Reads one CloudTrail digest file: gzip JSON whose fields are listed at
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
// Keeps the hex SHA-256 of the inflated bytes (the next digest's previousDigestHashValue and the signing string
// are computed over them) and only the fields validation uses, each checked for its type.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { inflateBounded, type InflateEnd, type Inflated } from '../load/inflate';
import { ownField, stringField } from './ownField';

/** Largest inflated digest read. A digest lists about 300 bytes per log file, so this allows some 800k files an hour. */
const MAX_DIGEST_BYTES = 256 * 1024 * 1024;

/** One `logFiles[]` entry. */
export interface DigestLogEntry {
  s3Bucket: string | null;
  s3Object: string;
  hashValue: string;
}

/** The fields of a digest that validation reads; strings exactly as written (the signing string uses them). */
export interface DigestFields {
  awsAccountId: string | null;
  digestStartTime: string;
  digestEndTime: string;
  digestS3Bucket: string;
  digestS3Object: string;
  digestPublicKeyFingerprint: string | null;
  digestSignatureAlgorithm: string | null;
  previousDigestS3Bucket: string | null;
  previousDigestS3Object: string | null;
  previousDigestHashValue: string | null;
  previousDigestSignature: string | null;
  logFiles: DigestLogEntry[];
}

export type ReadDigest =
  | { ok: true; file: string; sha256: string; fields: DigestFields; problems: string[] }
  | { ok: false; file: string; sha256: string | null; reason: string };

const REQUIRED = ['digestStartTime', 'digestEndTime', 'digestS3Bucket', 'digestS3Object'] as const;

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

async function rawBytes(file: string, bound: number): Promise<Inflated> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > bound) return { bytes: Buffer.alloc(0), end: 'over-bound' };
    chunks.push(chunk);
  }
  return { bytes: Buffer.concat(chunks, length), end: 'complete' };
}

const END_REASONS: Record<Exclude<InflateEnd, 'complete'>, (bound: number, detail?: string) => string> = {
  'over-bound': (bound) => `is more than ${bound} bytes once inflated; not read`,
  truncated: () => 'has gzip data cut short',
  invalid: (_bound, detail) => `has damaged gzip data (${detail})`,
};

/** The inflated bytes of a digest, or why there are none. */
async function readBytes(file: string, bound: number): Promise<{ bytes: Buffer } | { reason: string }> {
  let inflated: Inflated;
  try {
    inflated = (await isGzip(file)) ? await inflateBounded(() => createReadStream(file), bound) : await rawBytes(file, bound);
  } catch (error) {
    return { reason: `cannot be read (${(error as Error).message})` };
  }
  return inflated.end === 'complete' ? { bytes: inflated.bytes } : { reason: END_REASONS[inflated.end](bound, inflated.reason) };
}

function logEntries(value: unknown, problems: string[]): DigestLogEntry[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push('logFiles is not an array: no log file is checked against this digest.');
    return [];
  }
  const entries: DigestLogEntry[] = [];
  value.forEach((entry: unknown, position) => {
    const s3Object = stringField(entry, 's3Object');
    const hashValue = stringField(entry, 'hashValue');
    if (s3Object === null || hashValue === null) problems.push(`logFiles[${position}] lacks s3Object or hashValue; skipped.`);
    else entries.push({ s3Bucket: stringField(entry, 's3Bucket'), s3Object, hashValue: hashValue.toLowerCase() });
  });
  return entries;
}

/** Reads and parses a digest file; never throws. */
export async function readDigest(file: string, bound = MAX_DIGEST_BYTES): Promise<ReadDigest> {
  const read = await readBytes(file, bound);
  if ('reason' in read) return { ok: false, file, sha256: null, reason: `the digest ${read.reason}` };
  const sha256 = createHash('sha256').update(read.bytes).digest('hex');
  let json: unknown;
  try {
    json = JSON.parse(read.bytes.toString('utf8'));
  } catch (error) {
    return { ok: false, file, sha256, reason: `the digest is not JSON (${(error as Error).message})` };
  }
  const absent = REQUIRED.filter((name) => stringField(json, name) === null);
  if (absent.length > 0) return { ok: false, file, sha256, reason: `not a CloudTrail digest: no ${absent.join(', ')}` };
  const problems: string[] = [];
  const fields: DigestFields = {
    awsAccountId: stringField(json, 'awsAccountId'),
    digestStartTime: stringField(json, 'digestStartTime') as string,
    digestEndTime: stringField(json, 'digestEndTime') as string,
    digestS3Bucket: stringField(json, 'digestS3Bucket') as string,
    digestS3Object: stringField(json, 'digestS3Object') as string,
    digestPublicKeyFingerprint: stringField(json, 'digestPublicKeyFingerprint'),
    digestSignatureAlgorithm: stringField(json, 'digestSignatureAlgorithm'),
    previousDigestS3Bucket: stringField(json, 'previousDigestS3Bucket'),
    previousDigestS3Object: stringField(json, 'previousDigestS3Object'),
    previousDigestHashValue: stringField(json, 'previousDigestHashValue'),
    previousDigestSignature: stringField(json, 'previousDigestSignature'),
    logFiles: logEntries(ownField(json, 'logFiles'), problems),
  };
  return { ok: true, file, sha256, fields, problems };
}
