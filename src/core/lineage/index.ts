// Session lineage: who is really behind a session, across events and accounts (the public surface of this folder).
export { SessionLinks } from './sessionLinks';
export type { IssuingLink, FoundLink } from './sessionLinks';
export { lineage, lineageOfRecord, lineageOfSummary, originSummary, sessionActivity, MAX_HOPS, MAX_ACTIVITY_SESSIONS } from './lineage';
export { ISSUING_CALLS, ISSUING_CALLS_QUERY, isAccessKeyId } from './issuers';
export type { IssuingCall } from './issuers';
export type { CallerFacts } from './caller';
export { linkFactsOf } from './linkFacts';
export type { LinkFacts } from './linkFacts';
export type * from './types';
export { lineageTerms, originGroups, usesLineageTerms } from './derivedTerms';
