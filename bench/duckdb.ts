// The indexing target is relative to DuckDB counting S3 events by eventName over the same files, so the
// benchmark measures DuckDB in the same run rather than quoting a figure from another machine. DuckDB is no
// dependency of the project: the first run installs its Node package (a registry package with a prebuilt binary)
// into the ignored bench-data/ folder; `--no-duckdb` skips it.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const DUCKDB_PACKAGE = '@duckdb/node-api@1.5.6-r.1';

interface DuckDbConnection {
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

/** DuckDB's time to read every gzip log of the folder and count S3 events by eventName (the reference query). */
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
