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

/** Where a digest sits in its chain: the digests before and after it, and notes about its place. */
export interface ChainPlace {
  previous?: ChainDigest;
  next?: ChainDigest;
  notes: readonly string[];
}

/** What signatures are checked with: the public keys and the signatures given by the user. */
export interface Trust {
  keys: PublicKeys;
  signatures: ReadonlyMap<string, string>;
}

/** The signature check of `digest`, signed by `next`'s previousDigestSignature or else by one the user gave. */
function ownSignature(digest: ChainDigest, next: ChainDigest | undefined, trust: Trust): SignatureCheck {
  const fromNext = next?.fields.previousDigestSignature ?? null;
  const signature = fromNext ?? givenSignature(digest, trust.signatures);
  const from = fromNext !== null && next !== undefined ? `previousDigestSignature in ${next.file}` : 'the signature given';
  return checkSignature(digest.fields, digest.sha256, signature, from, trust.keys);
}

function linkHash(later: ChainDigest): string | null {
  return later.fields.previousDigestHashValue?.toLowerCase() ?? null;
}

/**
 * Judges a parsed digest. When the next digest's previousDigestHashValue is not this digest's hash, the one whose
 * signature verifies is the original, so the other is the one changed: the mismatch is blamed on it.
 */
export function judgeDigest(digest: ChainDigest, place: ChainPlace, trust: Trust, problems: readonly string[]): DigestVerdict {
  const found = new Set<DigestStatus>();
  const reasons = [`inflated SHA-256 ${digest.sha256}`, ...place.notes, ...problems];
  const key = digest.fields.digestS3Object;
  if (!sitsAt(digest.file, key)) {
    found.add('moved');
    reasons.push(`moved: digestS3Object is ${digest.fields.digestS3Bucket}/${key}, but the file is ${digest.file}`);
  }
  const check = ownSignature(digest, place.next, trust);
  const { next, previous } = place;
  if (next !== undefined) {
    const stated = linkHash(next);
    if (stated === digest.sha256) reasons.push(`its hash matches previousDigestHashValue in ${next.file}`);
    else if (check.outcome === 'valid')
      reasons.push(
        `${next.file} says previousDigestHashValue ${stated}, not this file's hash, but this digest's signature verifies: ${next.file} was changed`,
      );
    else {
      found.add('hash-mismatch');
      reasons.push(`hash mismatch in the chain: ${next.file} says previousDigestHashValue ${stated}, this file hashes to ${digest.sha256}`);
    }
  }
  if (previous !== undefined && linkHash(digest) !== previous.sha256 && ownSignature(previous, digest, trust).outcome === 'valid') {
    found.add('hash-mismatch');
    reasons.push(
      `hash mismatch in the chain: previousDigestHashValue ${linkHash(digest)} is not the hash ${previous.sha256} of ${previous.file}, whose signature verifies: this digest was changed`,
    );
  }
  reasons.push(check.reason);
  found.add(SIGNATURE_STATUS[check.outcome]);
  const status = STATUS_ORDER.find((candidate) => found.has(candidate)) ?? 'valid';
  return { file: digest.file, status, sha256: digest.sha256, next: next?.file ?? null, reasons };
}
