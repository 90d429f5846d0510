// DuckDB as the local stand-in for Athena: one in-memory database holding the log files in a table with the shape of
// the Athena table (src/core/sql/athenaTable.ts, from AWS's partition-projection page), built with read_json and
// unnest(Records), and the few Trino functions the athena dialect's SQL calls, defined as DuckDB macros.
//
// The Athena table reads the records with a SerDe that matches JSON keys to its lower-case column names whatever
// their case, and keeps a nested object of a STRING column (requestparameters…) as its JSON text: the table built
// here does the same, each column read from the record key whose lower-case name it is.
import { basename } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ATHENA_CLOUDTRAIL_COLUMNS, type HiveType } from '../../../src/core/sql/athenaTable';
import type { RawRecord } from '../../../src/core';

/**
 * Trino functions of the athena dialect that DuckDB lacks or names otherwise (https://trino.io/docs/current/functions.html):
 * - json_extract_scalar(json, path): the scalar at a JSONPath, NULL for an object or array. Trino writes keys with
 *   brackets ($["list-type"]), DuckDB's path syntax quotes them with dots ($."list-type").
 * - regexp_like(text, pattern): DuckDB's regexp_matches (both search anywhere in the text).
 * - from_iso8601_timestamp(text): an ISO 8601 text as a timestamp with time zone (UTC when it gives none).
 * - element_at(array, index): the 1-based element, NULL past the end (DuckDB's list_extract).
 * - cardinality(array): the number of elements (DuckDB's len).
 * filter(array, lambda) and try(expression) exist in both under those names.
 */
const TRINO_MACROS = [
  `CREATE MACRO json_extract_scalar(j, p) AS CASE WHEN json_type(j, replace(replace(p, '["', '."'), '"]', '"')) IN ('OBJECT', 'ARRAY') THEN NULL
     ELSE json_extract_string(j, replace(replace(p, '["', '."'), '"]', '"')) END`,
  'CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)',
  'CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
  'CREATE MACRO element_at(a, i) AS list_extract(a, i)',
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

export interface AthenaTable {
  connection: DuckDBConnection;
  /** Rows of a query, BigInts as numbers. */
  rows(sql: string): Promise<unknown[][]>;
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
 * A DuckDB database with table `cloudtrail_logs` (the Athena table's columns, `filename` as DuckDB's read_json gives
 * it, `"$path"` as Athena names the file an event came from, `record_index` its place in Records, the partition columns `region` and `timestamp`) and the Trino macros.
 */
export async function athenaTable(files: readonly string[], records: readonly RawRecord[]): Promise<AthenaTable> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  for (const macro of TRINO_MACROS) await connection.run(macro);
  const list = files.map((file) => `'${file.replaceAll("'", "''")}'`).join(', ');
  await connection.run(`CREATE TABLE cloudtrail_logs AS
SELECT ${athenaColumns(records)},
  filename, filename AS "$path", record_index,
  coalesce(nullif(regexp_extract(filename, '${DELIVERY_NAME}', 1), ''), lower(json_extract_string(r, '$.awsRegion'))) AS region,
  coalesce(strftime(try_strptime(nullif(regexp_extract(filename, '${DELIVERY_NAME}', 2), ''), '%Y%m%d'), '%Y/%m/%d'),
    strftime(TRY_CAST(json_extract_string(r, '$.eventTime') AS TIMESTAMPTZ), '%Y/%m/%d')) AS "timestamp"
FROM (
  SELECT unnest(Records) AS r, generate_subscripts(Records, 1) - 1 AS record_index, filename
  FROM read_json([${list}], columns = {Records: 'JSON[]'}, filename = true, maximum_object_size = 1000000000)
)`);
  return {
    connection,
    rows: async (sql) =>
      (await connection.runAndReadAll(sql)).getRows().map((row) => row.map((value) => (typeof value === 'bigint' ? Number(value) : value))),
  };
}

/** A row's key: the file's name and the record's index in it, as the store's summaries give them. */
export function recordKey(file: string, recordIndex: number): string {
  return `${basename(file)}#${recordIndex}`;
}
