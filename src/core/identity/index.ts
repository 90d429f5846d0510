// userIdentity decoding: the public surface of this folder.
export { identityKey, decodeIdentity } from './decode';
export type { ConsoleSignIn, DecodedIdentity, IdentityCenterSession, IdentityQuestions, SessionIssuer } from './decodedIdentity';
export { describeAccessKey, accountIdFromAccessKey, credentialClassOf, describeIdPrefix } from './accessKey';
export type { AccessKeyDescription, IdPrefix } from './accessKey';
export { describeKind } from './kinds';
export type { KindDescription } from './kinds';
export type { PrincipalIdDecoding, PrincipalIdKind } from './principalId';
