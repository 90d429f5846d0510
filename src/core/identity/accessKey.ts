// Access key ids and IAM unique-id prefixes.
// Prefixes: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-prefixes
// AKIA = long-term key of an IAM user or the root user; ASIA = temporary key from AWS STS:
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetAccessKeyInfo.html
// Owning account, offline: the 16 characters after the prefix are base32 (RFC 4648 alphabet); the first 48 decoded
// bits, masked with 0x7fffffffff80 and shifted right by 7, are the 12-digit account id. Not documented by AWS: found
// by Aidan Steele (https://awsteele.com/blog/2020/09/26/aws-access-key-format.html) and corrected by Tal Be'ery
// (https://medium.com/@TalBeerySec/a-short-note-on-aws-key-id-f88cc4317489). Keys of the older format (fifth
// character `I` or `J`, e.g. AKIAIOSFODNN7EXAMPLE) do not encode the account. AWS's own answer is STS GetAccessKeyInfo.

import type { CredentialClass } from '../types';

export interface IdPrefix {
  prefix: string;
  meaning: string;
}

/** IAM unique-id prefixes (the first four characters of access key ids and principal ids). */
const ID_PREFIXES: ReadonlyMap<string, string> = new Map([
  ['ABIA', 'AWS STS service bearer token'],
  ['ACCA', 'context-specific credential'],
  ['AGPA', 'IAM user group'],
  ['AIDA', 'IAM user'],
  ['AIPA', 'Amazon EC2 instance profile'],
  ['AKIA', 'long-term access key (IAM user or root user)'],
  ['ANPA', 'managed policy'],
  ['ANVA', 'version of a managed policy'],
  ['APKA', 'public key'],
  ['AROA', 'IAM role'],
  ['ASCA', 'certificate'],
  ['ASIA', 'temporary access key from AWS STS'],
]);

export const ID_PREFIX_REFERENCE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-prefixes';

const CREDENTIAL_BY_PREFIX: ReadonlyMap<string, CredentialClass> = new Map([
  ['AKIA', 'long-term'],
  ['ASIA', 'temporary'],
  ['ABIA', 'temporary'],
]);

export interface AccessKeyDescription {
  accessKeyId: string;
  credential: CredentialClass;
  prefix: IdPrefix | null;
  /** Account decoded from the key itself, or null when the key is too short, malformed or of the older format. */
  decodedAccountId: string | null;
  /** One sentence: what the key is and whose it is. */
  summary: string;
}

/** Meaning of the four-character prefix of an IAM id or access key id, or null when unknown. */
export function describeIdPrefix(id: string): IdPrefix | null {
  const prefix = id.slice(0, 4);
  const meaning = ID_PREFIXES.get(prefix);
  return meaning === undefined ? null : { prefix, meaning };
}

/** Credential class from the access key id prefix: AKIA long-term, ASIA temporary. */
export function credentialClassOf(accessKeyId: string | null): CredentialClass {
  if (accessKeyId === null || accessKeyId === '') return 'none';
  return CREDENTIAL_BY_PREFIX.get(accessKeyId.slice(0, 4)) ?? 'unknown';
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE32_VALUES: ReadonlyMap<string, number> = new Map([...BASE32_ALPHABET].map((char, index) => [char, index]));
/** The account id is 40 bits that start one bit into the decoded key: 10 base32 chars = 50 bits, drop the low 9. */
const ENCODED_CHARACTERS = 10;
const LOW_BITS_AFTER_ACCOUNT = 2 ** 9;
const ACCOUNT_BITS = 2 ** 40;
/** Fifth characters of the older key format, which does not encode the account. */
const OLDER_FORMAT_MARKERS = new Set(['I', 'J']);

/** The 12-digit account id encoded in a (newer-format) access key id, or null. */
export function accountIdFromAccessKey(accessKeyId: string): string | null {
  if (accessKeyId.length < 4 + 16 || !ID_PREFIXES.has(accessKeyId.slice(0, 4))) return null;
  if (OLDER_FORMAT_MARKERS.has(accessKeyId[4] as string)) return null;
  let bits = 0;
  for (let index = 4; index < 4 + ENCODED_CHARACTERS; index++) {
    const value = BASE32_VALUES.get(accessKeyId[index] as string);
    if (value === undefined) return null;
    bits = bits * 32 + value;
  }
  for (let index = 4 + ENCODED_CHARACTERS; index < accessKeyId.length; index++) {
    if (!BASE32_VALUES.has(accessKeyId[index] as string)) return null;
  }
  const account = Math.floor(bits / LOW_BITS_AFTER_ACCOUNT) % ACCOUNT_BITS;
  return String(account).padStart(12, '0');
}

const CREDENTIAL_WORDS: Readonly<Record<CredentialClass, string>> = {
  'long-term': 'a long-term access key (AKIA), which belongs to an IAM user or to the root user',
  temporary: 'a temporary access key from AWS STS (ASIA), valid only together with its session token',
  none: 'no access key',
  unknown: 'an access key id whose prefix does not say whether it is long-term or temporary',
};

/** Credential class, prefix meaning and owning account of an access key id. */
export function describeAccessKey(accessKeyId: string): AccessKeyDescription {
  const credential = credentialClassOf(accessKeyId);
  const decodedAccountId = accountIdFromAccessKey(accessKeyId);
  const prefix = describeIdPrefix(accessKeyId);
  let owner: string;
  if (decodedAccountId !== null) owner = ` The key itself encodes account ${decodedAccountId}.`;
  else if (prefix !== null && OLDER_FORMAT_MARKERS.has(accessKeyId[4] ?? ''))
    owner = ' It has the older key format, which does not encode the account.';
  else owner = '';
  return {
    accessKeyId,
    credential,
    prefix,
    decodedAccountId,
    summary: `${accessKeyId === '' ? 'Empty access key id' : accessKeyId} is ${CREDENTIAL_WORDS[credential]}.${owner}`,
  };
}
