// DuckDB as the local stand-in for Athena in the proof: one in-memory database holding the log files in a table with
// the shape of the Athena table and the Trino macros (bench/duckdb.ts builds both, for the bench's SQL row too).
import { basename } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { RawRecord } from '../../../src/core';
import { athenaTableSql, lakeTableSql, TRINO_MACROS } from '../../../bench/duckdb';

export interface AthenaTable {
  connection: DuckDBConnection;
  /** Rows of a query, BigInts as numbers. */
  rows(sql: string): Promise<unknown[][]>;
}

/**
 * A DuckDB database with table `cloudtrail_logs` of the Athena table's shape, table `lake_events` of a Lake event data
 * store's (bench/duckdb.ts athenaTableSql, lakeTableSql) and the Trino macros.
 */
export async function athenaTable(files: readonly string[], records: readonly RawRecord[]): Promise<AthenaTable> {
  // One thread: each query reads 5,544 rows, and npm test runs two test files at once. The proof took 35 s (31.5 s of
  // CPU) this way against 40 s (48 s of CPU) with two, run alone.
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  for (const macro of TRINO_MACROS) await connection.run(macro);
  await connection.run(athenaTableSql(files, records));
  await connection.run(lakeTableSql(files, records));
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
