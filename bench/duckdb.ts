// The issue's indexing target is relative to DuckDB counting S3 events by eventName over the same files, so the
// benchmark measures DuckDB in the same run rather than quoting a figure from another machine. DuckDB is no
// dependency of the project: the first run installs its Node package (a registry package with a prebuilt binary)
// into the ignored bench-data/ folder; `--no-duckdb` skips it.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ATHENA_CLOUDTRAIL_COLUMNS, toSql, type HiveType, type RawRecord } from '../src/core';

const DUCKDB_PACKAGE = '@duckdb/node-api@1.5.6-r.1';

interface DuckDbConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRows(): unknown[][] }>;
}
interface DuckDbModule {
  DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<DuckDbConnection> }> };
}

export type DuckDbTiming = { ok: true; ms: number; s3Events: number; eventNames: number } | { ok: false; reason: string };

function loadDuckDb(root: string): DuckDbModule | string {
  const prefix = path.join(root, 'duckdb');
  const requireFromPrefix = createRequire(path.join(prefix, 'package.json'));
  if (!existsSync(path.join(prefix, 'node_modules', '@duckdb', 'node-api'))) {
    mkdirSync(prefix, { recursive: true });
    const install = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--prefix', prefix, DUCKDB_PACKAGE], { encoding: 'utf8' });
    if (install.status !== 0) return `npm install ${DUCKDB_PACKAGE} failed: ${(install.stderr || install.stdout).trim().split('\n').pop()}`;
  }
  try {
    return requireFromPrefix('@duckdb/node-api') as DuckDbModule;
  } catch (error) {
    return `cannot load ${DUCKDB_PACKAGE}: ${(error as Error).message}`;
  }
}

/** DuckDB's time to read every gzip log of the folder and count S3 events by eventName (the issue's reference query). */
export async function timeDuckDbCount(root: string, folder: string): Promise<DuckDbTiming> {
  const duckdb = loadDuckDb(root);
  if (typeof duckdb === 'string') return { ok: false, reason: duckdb };
  const connection = await (await duckdb.DuckDBInstance.create(':memory:')).connect();
  const glob = path.join(folder, '**', '*_CloudTrail_*.json.gz').replaceAll("'", "''");
  const sql = `SELECT r.eventName, count(*) FROM (SELECT unnest(Records) AS r FROM read_json('${glob}', maximum_object_size = 2000000000)) WHERE r.eventSource = 's3.amazonaws.com' GROUP BY 1`;
  const start = performance.now();
  const rows = (await connection.runAndReadAll(sql)).getRows();
  const ms = performance.now() - start;
  const s3Events = rows.reduce((sum, row) => sum + Number(row[1]), 0);
  return { ok: true, ms, s3Events, eventNames: rows.length };
}

// The Athena table's shape in DuckDB, shared by the SQL translation's proof (test/core/sql) and the bench's SQL row:
// the log files in a table with the columns of src/core/sql/athenaTable.ts, built with read_json and unnest(Records),
// and the few Trino functions the athena dialect's SQL calls, defined as DuckDB macros.
//
// The Athena table reads the records with a SerDe that matches JSON keys to its lower-case column names whatever
// their case, and keeps a nested object of a STRING column (requestparameters…) as its JSON text: the table built
// here does the same, each column read from the record keys whose lower-case name it is.
/**
 * Trino functions of the athena dialect that DuckDB lacks or names otherwise (https://trino.io/docs/current/functions.html):
 * - json_extract_scalar(json, path): the scalar at a JSONPath, NULL for an object or array. Trino writes keys with
 *   brackets ($["list-type"]), DuckDB's path syntax quotes them with dots ($."list-type").
 * - regexp_like(text, pattern): DuckDB's regexp_matches (both search anywhere in the text).
 * - from_iso8601_timestamp(text): an ISO 8601 text as a timestamp with time zone (UTC when it gives none).
 * - element_at(array, index) / element_at(map, key): the 1-based element or the key's value, NULL when there is none
 *   (DuckDB's subscript does both).
 * - cardinality(array): the number of elements (DuckDB's len).
 * filter(array, lambda) and try(expression) exist in both under those names.
 */
export const TRINO_MACROS = [
  `CREATE MACRO json_extract_scalar(j, p) AS CASE WHEN json_type(j, replace(replace(p, '["', '."'), '"]', '"')) IN ('OBJECT', 'ARRAY') THEN NULL
     ELSE json_extract_string(j, replace(replace(p, '["', '."'), '"]', '"')) END`,
  'CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)',
  'CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
  'CREATE MACRO element_at(a, i) AS a[i]',
  'CREATE MACRO cardinality(a) AS len(a)',
];

/** Record keys by their lower-case path (`.useridentity.accesskeyid`): every spelling the records use. */
function keyNames(records: readonly RawRecord[]): Map<string, string[]> {
  const names = new Map<string, string[]>();
  const walk = (value: unknown, path: string, depth: number): void => {
    if (depth > 4 || typeof value !== 'object' || value === null) return;
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
      for (const [key, child] of Object.entries(item)) {
        const lower = `${path}.${key.toLowerCase()}`;
        const spellings = names.get(lower) ?? [];
        if (!spellings.includes(key)) names.set(lower, [...spellings, key]);
        walk(child, lower, depth + 1);
      }
    }
  };
  for (const record of records) walk(record, '', 0);
  return names;
}

function duckType(type: HiveType): string {
  if (type === 'STRING') return 'VARCHAR';
  if ('array' in type) return `${duckType(type.array)}[]`;
  if ('map' in type) return `MAP(${duckType(type.map[0])}, ${duckType(type.map[1])})`;
  return `STRUCT(${type.struct.map(([name, field]) => `"${name}" ${duckType(field)}`).join(', ')})`;
}

/** The value of a column of type `type` named `name` (lower case) in the JSON object at `jsonPath`, whatever the key's case. */
function fieldValue(json: string, jsonPath: string, lowerPath: string, name: string, type: HiveType, names: Map<string, string[]>): string {
  const lower = `${lowerPath}.${name}`;
  const spellings = names.get(lower) ?? [name];
  const values = spellings.map((key) => columnValue(json, `${jsonPath}."${key}"`, lower, type, names));
  return values.length === 1 ? values[0] : `coalesce(${values.join(', ')})`;
}

/** The column's value read from the JSON value `json` at `jsonPath` (`lowerPath`: the key path in lower case). */
function columnValue(json: string, jsonPath: string, lowerPath: string, type: HiveType, names: Map<string, string[]>): string {
  if (type === 'STRING') return `json_extract_string(${json}, '${jsonPath}')`;
  if ('map' in type) return `TRY_CAST(json_extract(${json}, '${jsonPath}') AS ${duckType(type)})`;
  if ('array' in type) {
    const element = columnValue('x', '$', lowerPath, type.array, names);
    return `list_transform(TRY_CAST(json_extract(${json}, '${jsonPath}') AS JSON[]), x -> ${element})`;
  }
  const fields = type.struct.map(([name, field]) => `"${name}" := ${fieldValue(json, jsonPath, lowerPath, name, field, names)}`);
  return `CASE WHEN json_type(${json}, '${jsonPath}') = 'OBJECT' THEN struct_pack(${fields.join(', ')}) END`;
}

/** The SELECT list turning one record `r` into a row of the Athena table. */
function athenaColumns(records: readonly RawRecord[]): string {
  const names = keyNames(records);
  return ATHENA_CLOUDTRAIL_COLUMNS.map(([name, type]) => `${fieldValue('r', '$', '', name, type, names)} AS "${name}"`).join(',\n  ');
}

/**
 * CloudTrail's log file name, <account>_CloudTrail_<region>_<YYYYMMDD>T<hhmm>Z_<unique>.json.gz
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html): the Region and
 * delivery day Athena's projected partitions `region` and `timestamp` take from the file's folder. A file named
 * otherwise (a data set's export) gets the partitions CloudTrail would have delivered each record to: its awsRegion
 * and the day of its eventTime.
 */
const DELIVERY_NAME = String.raw`_CloudTrail_([a-z0-9-]+)_(\d{8})T\d{4}Z`;

/**
 * The statement creating table `cloudtrail_logs` in DuckDB from log files: the Athena table's columns
 * (src/core/sql/athenaTable.ts), read with read_json and unnest(Records); `filename` as read_json gives it, `"$path"` as
 * Athena names the file an event came from, `record_index` the record's place in Records, and the partition columns
 * `region` and `timestamp`. `records` (all, or a sample) give the spellings of the keys.
 */
export function athenaTableSql(files: readonly string[], records: readonly RawRecord[]): string {
  const list = files.map((file) => `'${file.replaceAll("'", "''")}'`).join(', ');
  return `CREATE TABLE cloudtrail_logs AS
SELECT ${athenaColumns(records)},
  filename, filename AS "$path", record_index,
  coalesce(nullif(regexp_extract(filename, '${DELIVERY_NAME}', 1), ''), lower(json_extract_string(r, '$.awsRegion'))) AS region,
  coalesce(strftime(try_strptime(nullif(regexp_extract(filename, '${DELIVERY_NAME}', 2), ''), '%Y%m%d'), '%Y/%m/%d'),
    strftime(TRY_CAST(json_extract_string(r, '$.eventTime') AS TIMESTAMPTZ), '%Y/%m/%d')) AS "timestamp"
FROM (
  SELECT unnest(Records) AS r, generate_subscripts(Records, 1) - 1 AS record_index, filename
  FROM read_json([${list}], columns = {Records: 'JSON[]'}, filename = true, maximum_object_size = 1000000000)
)`;
}

export type DuckDbSqlTiming = { ok: true; tableMs: number; median: number; hits: Record<string, number> } | { ok: false; reason: string };

/**
 * DuckDB running toSql's duckdb-dialect SQL for each query over the Athena-shaped table of the folder's logs: the
 * time to build the table once, then the median time of a query (`rounds` rounds), and each query's count.
 */
export async function timeDuckDbSql(
  root: string,
  files: readonly string[],
  sampleRecords: readonly RawRecord[],
  queries: readonly string[],
  rounds: number,
): Promise<DuckDbSqlTiming> {
  const duckdb = loadDuckDb(root);
  if (typeof duckdb === 'string') return { ok: false, reason: duckdb };
  const connection = await (await duckdb.DuckDBInstance.create(':memory:')).connect();
  await connection.run("SET TimeZone = 'UTC'");
  const tableStart = performance.now();
  await connection.run(athenaTableSql(files, sampleRecords));
  const tableMs = performance.now() - tableStart;
  const samples: number[] = [];
  const hits: Record<string, number> = {};
  for (let round = 0; round < rounds; round++) {
    for (const query of queries) {
      const translated = toSql(query, { dialect: 'duckdb' });
      if (!translated.ok) return { ok: false, reason: `bench query "${query}": ${translated.error.message}` };
      const start = performance.now();
      const rows = (await connection.runAndReadAll(`SELECT count(*) FROM (${translated.sql.replace(/^SELECT .*$/m, 'SELECT *')}) matched`)).getRows();
      samples.push(performance.now() - start);
      hits[query] = Number(rows[0][0]);
    }
  }
  samples.sort((a, b) => a - b);
  return { ok: true, tableMs, median: samples[Math.floor(samples.length / 2)], hits };
}

/** Every JSONPath that spells `path` (record keys, in their documented case) as some record writes it. */
function spelledPaths(path: readonly string[], names: Map<string, string[]>): string[] {
  let paths = [{ json: '$', lower: '' }];
  for (const key of path) {
    paths = paths.flatMap(({ json, lower }) => {
      const next = `${lower}.${key.toLowerCase()}`;
      return (names.get(next) ?? [key]).map((spelling) => ({ json: `${json}."${spelling}"`, lower: next }));
    });
  }
  return paths.map(({ json }) => json);
}

/** Text fields of a CloudTrail Lake event data store the lake dialect reads, by their Lake names. */
const LAKE_TEXT_FIELDS = [
  'eventName',
  'eventSource',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'recipientAccountId',
  'eventID',
  'requestID',
  'eventType',
  'eventCategory',
];
const LAKE_IDENTITY_FIELDS = ['type', 'principalId', 'arn', 'accountId', 'accessKeyId', 'userName', 'invokedBy'];

/**
 * The statement creating table `lake_events` with the columns of a CloudTrail Lake event data store that the lake
 * dialect reads (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/query-limitations.html and the Lake
 * event schema): eventTime a timestamp, readOnly and managementEvent booleans, requestParameters a map of strings
 * (a nested value as its JSON text), resources with ARN and ARNPrefix, userIdentity a struct.
 */
export function lakeTableSql(files: readonly string[], records: readonly RawRecord[]): string {
  const names = keyNames(records);
  const text = (path: string[]) => {
    const values = spelledPaths(path, names).map((json) => `json_extract_string(r, '${json}')`);
    return values.length === 1 ? values[0] : `coalesce(${values.join(', ')})`;
  };
  const object = (path: string[]) => {
    const values = spelledPaths(path, names).map((json) => `CASE WHEN json_type(r, '${json}') = 'OBJECT' THEN json_extract(r, '${json}') END`);
    return values.length === 1 ? values[0] : `coalesce(${values.join(', ')})`;
  };
  // A boolean field as CloudTrail writes it (true/false; lookup-events' "true"/"false"); other text is no value.
  const flag = (path: string[]) => `CASE ${text(path)} WHEN 'true' THEN true WHEN 'false' THEN false END`;
  const parameters = object(['requestParameters']);
  const identity = LAKE_IDENTITY_FIELDS.map((field) => `"${field}" := ${text(['userIdentity', field])}`);
  const list = files.map((file) => `'${file.replaceAll("'", "''")}'`).join(', ');
  return `CREATE TABLE lake_events AS
SELECT ${LAKE_TEXT_FIELDS.map((field) => `${text([field])} AS "${field}"`).join(', ')},
  TRY_CAST(TRY_CAST(${text(['eventTime'])} AS TIMESTAMPTZ) AS TIMESTAMP) AS "eventTime",
  ${flag(['readOnly'])} AS "readOnly",
  ${flag(['managementEvent'])} AS "managementEvent",
  struct_pack(${identity.join(', ')}, "onBehalfOf" := struct_pack("userId" := ${text(['userIdentity', 'onBehalfOf', 'userId'])})) AS "userIdentity",
  map_from_entries(list_transform(json_keys(${parameters}), k -> {'key': k, 'value': json_extract_string(${parameters}, '$."' || k || '"')})) AS "requestParameters",
  list_transform(TRY_CAST(${`json_extract(r, '$.resources')`} AS JSON[]),
    x -> struct_pack("accountId" := json_extract_string(x, '$.accountId'), "type" := json_extract_string(x, '$.type'),
      "arn" := json_extract_string(x, '$.ARN'), "arnPrefix" := json_extract_string(x, '$.ARNPrefix'))) AS "resources",
  filename, record_index
FROM (
  SELECT unnest(Records) AS r, generate_subscripts(Records, 1) - 1 AS record_index, filename
  FROM read_json([${list}], columns = {Records: 'JSON[]'}, filename = true, maximum_object_size = 1000000000)
)`;
}
