// Notes on record fields for hovers, and the tables behind them: the public surface of this folder.
export { fieldNote, describeAge } from './field';
export type { FieldNote, FieldLink } from './field';
export { describeErrorCode } from './errorCodes';
export type { ErrorCodeDescription } from './errorCodes';
export { EVENT_SOURCES, EVENT_TYPES, EVENT_CATEGORIES, EVENT_VERSIONS, RESOURCE_TYPES } from './glossary';
