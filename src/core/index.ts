// Public API of the headless core (no `vscode` import): the engine (load, store, search, locate) and the domain
// rules (S3 classification, identity, ARNs, trails, explanations). Surfaces import from here only.

export * from './types';

// Engine: loading
export { loadPaths, cappedWorkerCount } from './load/loadPaths';
export { loadText, loadFileBytes, readLogText, decodeLogText, readLogHead } from './load/loadText';
export { DEFAULT_MAX_TEXT_BYTES } from './load/decodeInput';
export { IndexCache, DEFAULT_INDEX_CACHE_BYTES, type IndexCacheOptions } from './load/indexCache';
export { RereadWorkers, type Rereader } from './load/rereadWorkers';
export type { LoadedFile, LoadOptions, LoadProgress, LoadResult } from './load/loadedFile';
export type { FileIndex, InternedField, UniqueField } from './load/indexSchema';
export { parseEventTime, formatEventTime } from './load/eventTime';
export { looksLikeCloudTrail } from './load/sniff';
export { formatCount } from './formatCount';

// Engine: the index
export { EventStore, FileChangedError, type EventStoreOptions } from './store/eventStore';
export { cacheLoad } from './store/cacheLoad';
export type { Disposable, QueryResult, ReadRecord, StoredFile } from './store/eventStore';
export type { EventSummary } from './store/summary';
export type { CountField, GroupBucket, GroupCount, GroupField } from './store/group';
export type { CopyCounts, CopyLocation } from './store/duplicates';
export { paceBackgroundJobs, runInSlices, runToEnd } from './store/steps';

// Engine: the query language
export { parseQuery } from './search/parseQuery';
export type { ParseResult, Query, QueryError, QueryTerm } from './search/query';
export type { DerivedTerms } from './search/evaluate';
export { QUERY_FIELDS } from './search/fields';

// Engine: positions in editor text
export { recordRanges } from './locate/recordRanges';
export type { RecordRanges } from './locate/recordRanges';
export { locateAtOffset, jsonPathAt } from './locate/locateAtOffset';
export type { Location } from './locate/locateAtOffset';
export { embeddedFieldAt, isEmbeddedRecordPath, parseRecordText } from './locate/recordAtCursor';
export { byteToCharOffsets, charOffsetOfByte, byteOffsetOfChar } from './locate/offsets';

// Domain rules
export * from './s3';
export * from './identity';
export { parseArn } from './arn';
export * from './trail';
export { eventFacts } from './trail/eventExplanation';
export type { EventFacts, TlsDetails } from './trail/eventExplanation';
export { factLines, tlsText } from './trail/format';
export * from './fieldNotes';

// Log integrity against CloudTrail digest files
export * from './integrity';
export * from './lineage';

// Noise lenses: the events a responder wants out of sight, as query terms.
export { NOISE_LENSES, NOISE_LENS_NAMES, HIDE_LENSES, isNoiseLens, lensTerms } from './noise/lenses';
export type { NoiseLens, NoiseLensInfo, LensSettings } from './noise/lenses';

// Overview: activity over time and top values of a set of events, counted over the index.
export { BIN_WIDTHS, MAX_BINS, MAX_PICKED_BINS, binStartOf, formatBinWidth, parseBinWidth, pickBinWidth } from './overview/binWidths';
export type { BinWidth } from './overview/binWidths';
export { LEVEL_KEYS, OVERVIEW_FIELDS, isOverviewField } from './overview/dimensions';
export type { OverviewField } from './overview/dimensions';
export { DEFAULT_MAX_SERIES, NO_VALUE_SERIES, OTHERS_SERIES, TooManyBinsError } from './overview/timeline';
export type { Timeline, TimelineOptions } from './overview/timeline';
export { DEFAULT_TOP_ROWS } from './overview/topValues';
export type { TopOptions, TopRow, TopSort, TopValues } from './overview/topValues';
export { DEFAULT_OVERVIEW_TABLES } from './overview/overview';
export type { Overview, OverviewOptions } from './overview/overview';

// SQL: the query language as Athena, CloudTrail Lake and DuckDB SQL, and the Athena table over a trail's bucket (issue 13).
export { toSql, SQL_GROUPINGS, athenaTableDdl, hiveType, ATHENA_CLOUDTRAIL_COLUMNS, ATHENA_PARTITIONS, DEFAULT_ATHENA_TABLE } from './sql';
export type { SqlDialect, SqlOptions, SqlResult, AthenaTableOptions, AthenaTableResult, HiveType } from './sql';
