// Field explanations for hovers and the tables behind them: the public surface of this folder.
export { explainField, describeAge } from './field';
export type { FieldExplanation, FieldLink } from './field';
export { ERROR_CODES, describeErrorCode } from './error-codes';
export type { ErrorCodeDescription } from './error-codes';
export { EVENT_SOURCES, EVENT_TYPES, EVENT_CATEGORIES, EVENT_VERSIONS, RESOURCE_TYPES } from './glossary';
