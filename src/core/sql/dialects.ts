// The three SQL dialects a query is translated to: what each calls the record's fields, how it reads a request
// parameter, a resource list, a time and the log file. Expressions only; toSql.ts assembles the statement.
//
// Athena (Trino): the table of "Create the table for CloudTrail logs in Athena using partition projection",
// https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html (lower-case columns,
// useridentity a STRUCT with onbehalfof, eventtime and readonly STRINGs, requestparameters the JSON text,
// resources ARRAY<STRUCT<arn, accountid, type>>, partitions region and `timestamp` yyyy/MM/dd, the hidden "$path").
// Functions: https://trino.io/docs/current/functions/json.html (json_extract_scalar),
// https://trino.io/docs/current/functions/array.html (filter, cardinality, element_at),
// https://trino.io/docs/current/functions/comparison.html#like (LIKE … ESCAPE).
//
// CloudTrail Lake: SQL over an event data store, FROM <event data store ID>, columns as the record names them
// (userIdentity.arn, eventTime a timestamp, readOnly and managementEvent booleans, requestParameters a
// map<string,string> read with element_at, resources with arnPrefix):
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/query-limitations.html
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/query-lake-cli.html
//
// DuckDB: the Athena table's shape loaded locally (read_json over the log files, unnest(Records)), in DuckDB's own
// functions (json_extract_string, regexp_matches, list_filter, len); the file is read_json's filename column.
// https://duckdb.org/docs/stable/data/json/json_functions

import { ATHENA_PARTITIONS, DEFAULT_ATHENA_TABLE } from './athenaTable';

/** A SQL dialect of toSql. */
export type SqlDialect = 'athena' | 'lake' | 'duckdb';

/** Fields of the record every dialect names directly. */
export type RecordColumn =
  | 'eventTime'
  | 'eventName'
  | 'eventSource'
  | 'awsRegion'
  | 'sourceIPAddress'
  | 'userAgent'
  | 'errorCode'
  | 'recipientAccountId'
  | 'eventID'
  | 'requestID'
  | 'eventType'
  | 'eventCategory'
  | 'identityType'
  | 'identityArn'
  | 'identityUserName'
  | 'identityInvokedBy'
  | 'identityPrincipalId'
  | 'identityOnBehalfOfUserId'
  | 'identityAccountId'
  | 'identityAccessKeyId';

/** How one dialect writes what the translation needs. */
export interface Dialect {
  name: SqlDialect;
  columns: Readonly<Record<RecordColumn, string>>;
  /** The record's readOnly as the text 'true' or 'false' (NULL when absent). */
  readOnlyText: string;
  /** The record's managementEvent as 'true'/'false', or null when the dialect's table has no such column. */
  managementEventText: string | null;
  /** The text value of requestParameters.<key>.<key>… (NULL when absent or not a scalar). */
  requestParameter(path: readonly string[]): string;
  /** True when some element of resources[] satisfies `condition` (written over the element `r`). */
  anyResource(condition: string): string;
  /** The first element of resources[] satisfying `condition`, an expression whose fields are read with `.arn`, `.type`. */
  firstResource(condition: string): string;
  /** The resource element's ARN (Lake: its ARN, else its ARNPrefix; the Athena table has no ARNPrefix column). */
  resourceArn(element: string): string;
  /** Whether resourceArn sees ARNPrefix, as the index does. */
  resourceArnPrefix: boolean;
  /** Whether requestParameters is the record's JSON text (Athena, DuckDB), not a map of strings (Lake). */
  requestParametersAreText: boolean;
  /** eventTime as a timestamp (NULL when unreadable), and a time literal in milliseconds since the epoch. */
  eventTime: string;
  timeLiteral(ms: number): string;
  /** True when `text` matches the regular expression. */
  regexpLike(text: string, pattern: string): string;
  /** The log file an event came from, or null when the dialect cannot tell. */
  file: string | null;
  /** Default table (Athena, DuckDB) or event data store ID (Lake). */
  defaultTable: string;
  /** The FROM target for a table name given by the user. */
  tableReference(table: string): string;
  /** Partition predicates the table offers for a Region and a time range, when it has partitions. */
  partitions: { region: string; day: string } | null;
}

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A quoted identifier for a table name given by the user (dots kept as schema separators). */
function quotedTable(table: string): string {
  return table
    .split('.')
    .map((part) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(part) ? part : `"${part.replaceAll('"', '""')}"`))
    .join('.');
}

const ATHENA_SHAPE_COLUMNS: Readonly<Record<RecordColumn, string>> = {
  eventTime: 'eventtime',
  eventName: 'eventname',
  eventSource: 'eventsource',
  awsRegion: 'awsregion',
  sourceIPAddress: 'sourceipaddress',
  userAgent: 'useragent',
  errorCode: 'errorcode',
  recipientAccountId: 'recipientaccountid',
  eventID: 'eventid',
  requestID: 'requestid',
  eventType: 'eventtype',
  eventCategory: 'eventcategory',
  identityType: 'useridentity.type',
  identityArn: 'useridentity.arn',
  identityUserName: 'useridentity.username',
  identityInvokedBy: 'useridentity.invokedby',
  identityPrincipalId: 'useridentity.principalid',
  identityOnBehalfOfUserId: 'useridentity.onbehalfof.userid',
  identityAccountId: 'useridentity.accountid',
  identityAccessKeyId: 'useridentity.accesskeyid',
};

/** A path element that indexes an array (the older records' `host` array). */
const ARRAY_INDEX = /^\d+$/;

/** A JSONPath in bracket notation, which both Trino and (through the proof's macro) DuckDB read: $["list-type"]. */
function bracketPath(path: readonly string[]): string {
  return '$' + path.map((key) => (ARRAY_INDEX.test(key) ? `[${key}]` : `[${JSON.stringify(key)}]`)).join('');
}

/** The same path in DuckDB's syntax: $."list-type", $."host"[0]. */
function dottedPath(path: readonly string[]): string {
  return '$' + path.map((key) => (ARRAY_INDEX.test(key) ? `[${key}]` : `.${JSON.stringify(key)}`)).join('');
}

const S3_ARN_PREFIX_LENGTH = 'arn:aws:s3:::'.length;

const ATHENA: Dialect = {
  name: 'athena',
  columns: ATHENA_SHAPE_COLUMNS,
  readOnlyText: 'readonly',
  managementEventText: null,
  requestParameter: (path) => `json_extract_scalar(requestparameters, ${sqlString(bracketPath(path))})`,
  anyResource: (condition) => `cardinality(filter(resources, r -> ${condition})) > 0`,
  firstResource: (condition) => `element_at(filter(resources, r -> ${condition}), 1)`,
  resourceArn: (element) => `${element}.arn`,
  resourceArnPrefix: false,
  requestParametersAreText: true,
  // Records of some exports write a space for the T (parseEventTime accepts both).
  eventTime: "try(from_iso8601_timestamp(replace(eventtime, ' ', 'T')))",
  timeLiteral: (ms) => `from_iso8601_timestamp(${sqlString(new Date(ms).toISOString())})`,
  regexpLike: (text, pattern) => `regexp_like(${text}, ${sqlString(pattern)})`,
  file: '"$path"',
  defaultTable: DEFAULT_ATHENA_TABLE,
  tableReference: quotedTable,
  partitions: { region: ATHENA_PARTITIONS.region, day: `"${ATHENA_PARTITIONS.date}"` },
};

const DUCKDB: Dialect = {
  ...ATHENA,
  name: 'duckdb',
  requestParameter: (path) => `json_extract_string(requestparameters, ${sqlString(dottedPath(path))})`,
  anyResource: (condition) => `len(list_filter(resources, r -> ${condition})) > 0`,
  firstResource: (condition) => `list_extract(list_filter(resources, r -> ${condition}), 1)`,
  eventTime: 'TRY_CAST(eventtime AS TIMESTAMPTZ)',
  timeLiteral: (ms) => `TIMESTAMPTZ ${sqlString(new Date(ms).toISOString())}`,
  regexpLike: (text, pattern) => `regexp_matches(${text}, ${sqlString(pattern)})`,
  file: 'filename',
  // A local table built from the log files has no partitions.
  partitions: null,
};

const LAKE: Dialect = {
  name: 'lake',
  columns: {
    eventTime: 'eventTime',
    eventName: 'eventName',
    eventSource: 'eventSource',
    awsRegion: 'awsRegion',
    sourceIPAddress: 'sourceIPAddress',
    userAgent: 'userAgent',
    errorCode: 'errorCode',
    recipientAccountId: 'recipientAccountId',
    eventID: 'eventID',
    requestID: 'requestID',
    eventType: 'eventType',
    eventCategory: 'eventCategory',
    identityType: 'userIdentity.type',
    identityArn: 'userIdentity.arn',
    identityUserName: 'userIdentity.userName',
    identityInvokedBy: 'userIdentity.invokedBy',
    identityPrincipalId: 'userIdentity.principalId',
    identityOnBehalfOfUserId: 'userIdentity.onBehalfOf.userId',
    identityAccountId: 'userIdentity.accountId',
    identityAccessKeyId: 'userIdentity.accessKeyId',
  },
  readOnlyText: 'CAST(readOnly AS varchar)',
  managementEventText: 'CAST(managementEvent AS varchar)',
  // requestParameters is a map of strings: a nested value is read from its JSON text.
  requestParameter: ([key, ...rest]) => {
    const top = `element_at(requestParameters, ${sqlString(key)})`;
    return rest.length === 0 ? top : `json_extract_scalar(${top}, ${sqlString(bracketPath(rest))})`;
  },
  anyResource: (condition) => `cardinality(filter(resources, r -> ${condition})) > 0`,
  firstResource: (condition) => `element_at(filter(resources, r -> ${condition}), 1)`,
  resourceArn: (element) => `coalesce(${element}.arn, ${element}.arnPrefix)`,
  resourceArnPrefix: true,
  requestParametersAreText: false,
  eventTime: 'eventTime',
  timeLiteral: (ms) => `timestamp ${sqlString(new Date(ms).toISOString().replace('T', ' ').replace('Z', ''))}`,
  regexpLike: (text, pattern) => `regexp_like(${text}, ${sqlString(pattern)})`,
  file: null,
  defaultTable: '<event-data-store-id>',
  tableReference: (table) => table,
  partitions: null,
};

export const DIALECTS: Readonly<Record<SqlDialect, Dialect>> = { athena: ATHENA, lake: LAKE, duckdb: DUCKDB };

/** Where the bucket part of an S3 ARN starts (1-based, for substr). */
export const S3_ARN_PATH_START = S3_ARN_PREFIX_LENGTH + 1;
