// S3 event levels: the public surface of this folder.
export { classifyEvent } from './classify';
export { S3_CATALOGUE, S3_EVENT_SOURCES } from './catalogue';
export type { CatalogueEntry, CatalogueSource } from './catalogue';
export { SPECIAL_CASES, ruleInForce } from './specialCases';
export type { SpecialCase, SpecialCaseId } from './specialCases';
export { apiOperationOf } from './operation';
export type { ApiOperation } from './operation';
