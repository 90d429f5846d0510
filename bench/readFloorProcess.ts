// The reading floor, a child process of the whole-process benchmark: what any index of every record must do with this
// engine's parts, and nothing more. One thread per core, each taking every other file: read it, inflate it and check
// its CRC (load/gunzipScratch.ts, libdeflate in WebAssembly; zlib for a text the scratch memory does not take, over
// 64 MB, as loading does), find each record (load/recordSpans.ts) and read the members indexing reads
// (load/recordReader.ts, the WebAssembly reader; JSON.parse for a record it leaves, as loading does). No index, no
// strings kept, no merge. `node dist/bench-read-floor.js FOLDER` prints one JSON line {records}. ctlens stats does all
// of this and more (for a log as CloudTrail writes it, it finds each record's end by reading it, without the scan);
// DuckDB beside it says how much of DuckDB's time this part alone takes.

import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
/* eslint-disable no-restricted-imports -- the floor times these inner parts of loading alone, which no surface does */
import { gunzipToScratch } from '../src/core/load/gunzipScratch';
import { recordReader } from '../src/core/load/recordReader';
import { findRecordSpans } from '../src/core/load/recordSpans';
/* eslint-enable no-restricted-imports */

const MOST_TEXT_BYTES = 1 << 30;

function gzipFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.gz'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Reads every record of `files`, each by the reader or else JSON.parse. */
function readAll(files: string[]): number {
  const reader = recordReader();
  if (reader === null) throw new Error('the WebAssembly reader cannot run here');
  let records = 0;
  for (const file of files) {
    const raw = readFileSync(file);
    const text = gunzipToScratch(raw, MOST_TEXT_BYTES) ?? gunzipSync(raw);
    const spans = findRecordSpans(text);
    reader.begin(text);
    for (let i = 0; i < spans.starts.length; i++) {
      if (reader.read(spans.starts[i], spans.ends[i]) === null) JSON.parse(text.toString('utf8', spans.starts[i], spans.ends[i]));
    }
    reader.end();
    records += spans.starts.length;
  }
  return records;
}

async function main(): Promise<void> {
  const folder = process.argv[2];
  if (folder === undefined) throw new Error('usage: bench-read-floor.js FOLDER');
  const files = gzipFiles(folder);
  const threads = Math.max(1, availableParallelism());
  const shares = Array.from({ length: threads }, (_, k) => files.filter((_, i) => i % threads === k));
  const others = shares.slice(1).map(
    (share) =>
      new Promise<number>((resolve, reject) => {
        const worker = new Worker(__filename, { workerData: share });
        worker.once('message', resolve);
        worker.once('error', reject);
      }),
  );
  const records = readAll(shares[0]) + (await Promise.all(others)).reduce((sum, count) => sum + count, 0);
  process.stdout.write(`${JSON.stringify({ records })}\n`);
}

if (isMainThread) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
} else parentPort?.postMessage(readAll(workerData as string[]));
