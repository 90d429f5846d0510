// The signature of a digest: SHA256withRSA (RSA PKCS#1 v1.5 over SHA-256) of the "data signing string"
//   digestEndTime \n digestS3Bucket/digestS3Object \n hex SHA-256 of the inflated digest \n previousDigestSignature
// with the literal `null` for a starting digest, which has no previous signature, as the AWS CLI builds it
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html,
// https://github.com/aws/aws-cli/blob/develop/awscli/customizations/cloudtrail/validation.py).

import { constants, verify } from 'node:crypto';
import type { PublicKeys } from './publicKeys';
import type { DigestFields } from './readDigest';
import { normalHex } from './signatures';

const SIGNATURE_ALGORITHM = 'SHA256withRSA';

function signingString(fields: DigestFields, sha256: string): string {
  return `${fields.digestEndTime}\n${fields.digestS3Bucket}/${fields.digestS3Object}\n${sha256}\n${fields.previousDigestSignature ?? 'null'}`;
}

export type SignatureCheck = { outcome: 'valid' | 'invalid' | 'unchecked'; reason: string };

/** Checks `signature` (hex) of a digest with the key its fingerprint names. `from` says where the signature came from. */
export function checkSignature(fields: DigestFields, sha256: string, signature: string | null, from: string, keys: PublicKeys): SignatureCheck {
  if (signature === null)
    return {
      outcome: 'unchecked',
      reason: 'no signature: the newest digest is signed only in S3 metadata (x-amz-meta-signature); give it with --signature',
    };
  const fingerprint = fields.digestPublicKeyFingerprint?.toLowerCase() ?? null;
  if (fingerprint === null) return { outcome: 'unchecked', reason: 'the digest names no digestPublicKeyFingerprint' };
  const key = keys.byFingerprint.get(fingerprint);
  if (key === undefined)
    return {
      outcome: 'unchecked',
      reason: `no public key with fingerprint ${fingerprint} was given (aws cloudtrail list-public-keys in the digest's Region)`,
    };
  if (fields.digestSignatureAlgorithm !== null && fields.digestSignatureAlgorithm !== SIGNATURE_ALGORITHM)
    return { outcome: 'invalid', reason: `digestSignatureAlgorithm is ${fields.digestSignatureAlgorithm}, not ${SIGNATURE_ALGORITHM}` };
  const hex = normalHex(signature);
  if (hex === null) return { outcome: 'invalid', reason: `the signature from ${from} is not hex` };
  const data = Buffer.from(signingString(fields, sha256), 'utf8');
  let verified = false;
  try {
    verified = verify('sha256', data, { key: key.key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(hex, 'hex'));
  } catch {
    verified = false;
  }
  const which = `key ${fingerprint} (${key.source}), signature from ${from}`;
  return verified
    ? { outcome: 'valid', reason: `signature verified with ${which}` }
    : { outcome: 'invalid', reason: `signature does not verify with ${which}: the digest or its signature was changed` };
}
