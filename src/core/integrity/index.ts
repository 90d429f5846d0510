// Log integrity: offline validation of CloudTrail log files against digest files.

export { verifyIntegrity } from './verifyIntegrity';
export type { IntegrityOptions } from './verifyIntegrity';
export { readPublicKeyFiles, addPublicKeyList, publicKeyFingerprint } from './publicKeys';
export type { PublicKey, PublicKeys } from './publicKeys';
export { readSignatureFiles } from './signatures';
export type { Signatures } from './signatures';
export { readDigest } from './readDigest';
export type { DigestFields, DigestLogEntry, ReadDigest } from './readDigest';
export type * from './types';
