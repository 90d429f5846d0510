// The verdict on one digest: where it sits, whether the next digest's previousDigestHashValue is its hash, and
// whether its signature verifies (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html).

import * as path from 'node:path';
import type { ChainDigest } from './chain';
import { checkSignature, type SignatureCheck } from './digestSignature';
import { sitsAt } from './layout';
import type { PublicKeys } from './publicKeys';
import type { DigestStatus, DigestVerdict } from './types';

/** When several checks fail, the status names the worst: changed content before a changed place before no proof. */
const STATUS_ORDER: readonly DigestStatus[] = ['hash-mismatch', 'signature-invalid', 'moved', 'signature-unchecked', 'valid'];

const SIGNATURE_STATUS: Record<SignatureCheck['outcome'], DigestStatus> = {
  valid: 'valid',
  invalid: 'signature-invalid',
  unchecked: 'signature-unchecked',
};

/** The signature of `digest` given by the user, by path, S3 key or file name. */
function givenSignature(digest: ChainDigest, signatures: ReadonlyMap<string, string>): string | null {
  return signatures.get(digest.file) ?? signatures.get(digest.fields.digestS3Object) ?? signatures.get(path.basename(digest.file)) ?? null;
}

/** Judges a parsed digest; `next` is the digest naming it as previous, `notes` its place in the chain. */
export function judgeDigest(
  digest: ChainDigest,
  next: ChainDigest | undefined,
  notes: readonly string[],
  signatures: ReadonlyMap<string, string>,
  keys: PublicKeys,
  problems: readonly string[],
): DigestVerdict {
  const found = new Set<DigestStatus>();
  const reasons = [`inflated SHA-256 ${digest.sha256}`, ...notes, ...problems];
  const key = digest.fields.digestS3Object;
  if (!sitsAt(digest.file, key)) {
    found.add('moved');
    reasons.push(`moved: digestS3Object is ${digest.fields.digestS3Bucket}/${key}, but the file is ${digest.file}`);
  }
  if (next !== undefined) {
    const stated = next.fields.previousDigestHashValue?.toLowerCase() ?? null;
    if (stated === digest.sha256) reasons.push(`its hash matches previousDigestHashValue in ${next.file}`);
    else {
      found.add('hash-mismatch');
      reasons.push(`hash mismatch in the chain: ${next.file} says previousDigestHashValue ${stated}, this file hashes to ${digest.sha256}`);
    }
  }
  const fromNext = next?.fields.previousDigestSignature ?? null;
  const signature = fromNext ?? givenSignature(digest, signatures);
  const from = fromNext !== null && next !== undefined ? `previousDigestSignature in ${next.file}` : 'the signature given';
  const check = checkSignature(digest.fields, digest.sha256, signature, from, keys);
  reasons.push(check.reason);
  found.add(SIGNATURE_STATUS[check.outcome]);
  const status = STATUS_ORDER.find((candidate) => found.has(candidate)) ?? 'valid';
  return { file: digest.file, status, sha256: digest.sha256, next: next?.file ?? null, reasons };
}
