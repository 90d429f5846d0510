// DuckDB as a child process of the whole-process benchmark, so it is timed like `ctlens` (node start, load, query,
// exit). `node dist/bench-duckdb-process.js PREFIX LAYOUT GLOB QUERY` with LAYOUT records|jsonl and QUERY
// count (S3 events by eventName, the reference query) or filter:NAME:BUCKET (the rows of events named NAME
// on bucket BUCKET, written as JSON to /dev/null as `ctlens events --filter` writes its lines). Prints one JSON line:
// {s3Events, eventNames} or {rows}.
//
// DuckDB comes from PREFIX (bench/duckdb.ts installs @duckdb/node-api there) or else the project's devDependency.

import { createRequire } from 'node:module';
import * as path from 'node:path';

interface DuckDbConnection {
  runAndReadAll(sql: string): Promise<{ getRows(): unknown[][] }>;
}
interface DuckDbModule {
  DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<DuckDbConnection> }> };
}

function loadDuckDb(prefix: string): DuckDbModule {
  for (const from of [path.join(prefix, 'package.json'), path.join(process.cwd(), 'package.json')]) {
    try {
      return createRequire(from)('@duckdb/node-api') as DuckDbModule;
    } catch {
      // Not installed there: try the next place.
    }
  }
  throw new Error(`@duckdb/node-api is neither under ${prefix} nor a dependency of ${process.cwd()}`);
}

/** The record fields the queries read, as a DuckDB struct: naming them spares DuckDB sampling files for a schema. */
const RECORD_FIELDS = [
  'eventID VARCHAR',
  'eventTime VARCHAR',
  'eventName VARCHAR',
  'eventSource VARCHAR',
  'awsRegion VARCHAR',
  'sourceIPAddress VARCHAR',
  'userAgent VARCHAR',
  'errorCode VARCHAR',
  'errorMessage VARCHAR',
  'recipientAccountId VARCHAR',
  'userIdentity JSON',
  'requestParameters STRUCT(bucketName VARCHAR)',
].join(', ');
const JSONL_COLUMNS = RECORD_FIELDS.split(', ')
  .map((field) => field.replace(' ', ": '") + "'")
  .join(', ');

const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** A relation of the files' records, one row each, in column `r`. */
function recordsRelation(layout: string, glob: string): string {
  // maximum_object_size: a whole log file ({"Records": [...]}) is one JSON object, up to 256 MB as ctlens reads.
  if (layout === 'records')
    return `(SELECT unnest(Records) AS r FROM read_json(${quoted(glob)}, columns = {Records: 'STRUCT(${RECORD_FIELDS})[]'}, maximum_object_size = 1000000000))`;
  // A line is a record: the table's alias `r` makes r.eventName read the same as the unnested struct's field.
  if (layout === 'jsonl') return `(SELECT * FROM read_json(${quoted(glob)}, format = 'newline_delimited', columns = {${JSONL_COLUMNS}})) AS r`;
  throw new Error(`unknown layout ${layout}`);
}

async function main(): Promise<void> {
  const [prefix, layout, glob, query] = process.argv.slice(2);
  const connection = await (await loadDuckDb(prefix).DuckDBInstance.create(':memory:')).connect();
  const records = recordsRelation(layout, glob);
  if (query === 'count') {
    const rows = (
      await connection.runAndReadAll(`SELECT r.eventName, count(*) FROM ${records} WHERE r.eventSource = 's3.amazonaws.com' GROUP BY 1`)
    ).getRows();
    process.stdout.write(JSON.stringify({ s3Events: rows.reduce((sum, row) => sum + Number(row[1]), 0), eventNames: rows.length }) + '\n');
    return;
  }
  const [kind, name, bucket] = query.split(':');
  if (kind !== 'filter' || bucket === undefined) throw new Error(`unknown query ${query}`);
  const selected = `SELECT r.eventID, r.eventTime, r.eventName, r.eventSource, r.awsRegion, r.sourceIPAddress, r.userAgent, r.errorCode,
    r.errorMessage, r.recipientAccountId, r.userIdentity FROM ${records} WHERE r.eventName = ${quoted(name)} AND r.requestParameters.bucketName = ${quoted(bucket)}`;
  const written = (await connection.runAndReadAll(`COPY (${selected}) TO '/dev/null' (FORMAT json)`)).getRows();
  process.stdout.write(JSON.stringify({ rows: Number(written[0]?.[0] ?? 0) }) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
