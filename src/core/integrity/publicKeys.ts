// CloudTrail's public keys, as `aws cloudtrail list-public-keys` prints them: {"PublicKeyList": [{"Value": base64
// DER PKCS#1 RSAPublicKey, "Fingerprint": hex, "ValidityStartTime", "ValidityEndTime"}]}
// (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListPublicKeys.html). The fingerprint is the
// MD5 of the DER bytes: that is what AWS's own example output shows
// (https://docs.aws.amazon.com/cli/latest/reference/cloudtrail/list-public-keys.html), so each key is filed under
// the fingerprint computed from its value, and a stated fingerprint that disagrees is reported, not trusted.

import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ownField } from './ownField';

export interface PublicKey {
  fingerprint: string;
  key: KeyObject;
  /** The file it came from, for explanations. */
  source: string;
}

export interface PublicKeys {
  /** By lower-case hex fingerprint. */
  byFingerprint: Map<string, PublicKey>;
  problems: string[];
}

/** The fingerprint CloudTrail gives a public key: hex MD5 of its PKCS#1 DER encoding. */
export function publicKeyFingerprint(der: Uint8Array): string {
  return createHash('md5').update(der).digest('hex');
}

/** Adds the keys of one list-public-keys output (already parsed) to `keys`. */
export function addPublicKeyList(keys: PublicKeys, list: unknown, source: string): void {
  const entries = ownField(list, 'PublicKeyList');
  if (!Array.isArray(entries)) {
    keys.problems.push(`${source}: not list-public-keys output (no PublicKeyList array).`);
    return;
  }
  entries.forEach((entry: unknown, position) => {
    const value = ownField(entry, 'Value');
    const where = `${source}: PublicKeyList[${position}]`;
    if (typeof value !== 'string' || value === '') {
      keys.problems.push(`${where} has no Value.`);
      return;
    }
    const der = Buffer.from(value, 'base64');
    let key: KeyObject;
    try {
      key = createPublicKey({ key: der, format: 'der', type: 'pkcs1' });
    } catch (error) {
      keys.problems.push(`${where}: Value is not a DER PKCS#1 RSA public key (${(error as Error).message}).`);
      return;
    }
    const fingerprint = publicKeyFingerprint(der);
    const stated = ownField(entry, 'Fingerprint');
    if (typeof stated === 'string' && stated.toLowerCase() !== fingerprint)
      keys.problems.push(`${where}: stated Fingerprint ${stated} is not the MD5 of its Value (${fingerprint}); filed under ${fingerprint}.`);
    keys.byFingerprint.set(fingerprint, { fingerprint, key, source });
  });
}

/** Reads list-public-keys outputs from files; several files merge. Never throws: problems are listed. */
export async function readPublicKeyFiles(files: readonly string[]): Promise<PublicKeys> {
  const keys: PublicKeys = { byFingerprint: new Map(), problems: [] };
  for (const file of files) {
    let list: unknown;
    try {
      list = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      keys.problems.push(`${file}: cannot be read as JSON (${(error as Error).message}).`);
      continue;
    }
    addPublicKeyList(keys, list, file);
  }
  return keys;
}
