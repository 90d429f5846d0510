// Queries of the query language as SQL for Athena, CloudTrail Lake and DuckDB, and the Athena table they read.
export { toSql, SQL_GROUPINGS } from './toSql';
export type { SqlDialect, SqlOptions, SqlResult } from './toSql';
export { athenaTableDdl, hiveType, ATHENA_CLOUDTRAIL_COLUMNS, ATHENA_PARTITIONS, DEFAULT_ATHENA_TABLE } from './athenaTable';
export type { AthenaTableOptions, AthenaTableResult, HiveType } from './athenaTable';
