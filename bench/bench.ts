// `npm run bench [-- --events N] [--seed S] [--locate-mb M] [--no-duckdb] [--shapes a,b] [--runs N] [--no-shapes]`:
// generates (or reuses) a synthetic delivery folder under bench-data/, then prints the engine's figures next to the
// one-thread gunzip + JSON.parse floor and the issue's targets. Run with --expose-gc (the npm script does) so retained
// heap is measured after collection.
//
// Then, "whole process, per shape": `ctlens stats` and `ctlens events --filter` run as child processes, as a user runs
// them, beside DuckDB as a child process on the same files, on each log shape of bench/shapes.ts (1M events each
// unless --events is given; --runs N runs per figure, median, each ctlens run followed by DuckDB's, their ratio the
// median of the pairs'; --no-shapes skips the section). Each shape also has its reading floor beside DuckDB
// (bench/readFloorProcess.ts): the part of ctlens's work that no index can skip.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { EventStore, loadPaths, locateAtOffset, recordRanges, trailsFromLogs, verifyIntegrity, type RawRecord } from '../src/core';
import { timeDuckDbCount, timeDuckDbSql } from './duckdb';
import { generateDeliveryFolder, generateLargeLogFile } from './generate';
import { timeWarmReopen } from './warmReopen';
import { measureAlternately, measureProcess, median, type PairMeasure, type ProcessMeasure, type ProcessSpec } from './processBench';
import { retainedBytes } from './retained';
import { generateShape, parseShapes, SHAPE_NAMES, type ShapeName, type ShapeSet } from './shapes';

interface Options {
  events: number;
  seed: number;
  locateMegabytes: number;
  root: string;
  duckdb: boolean;
  /** Shapes of the whole-process section (none with --no-shapes). */
  shapes: ShapeName[];
  /** Events of each shape: 1M, or --events when given. */
  shapeEvents: number;
  /** Runs per whole-process figure (the median is shown). */
  runs: number;
}

const FLAGS: Record<string, (options: Options) => void> = {
  '--no-duckdb': (options) => (options.duckdb = false),
  '--no-shapes': (options) => (options.shapes = []),
};
const NUMBER_OPTIONS: Record<string, (options: Options, value: number) => void> = {
  '--events': (options, value) => {
    options.events = value;
    options.shapeEvents = value;
  },
  '--seed': (options, value) => (options.seed = value),
  '--locate-mb': (options, value) => (options.locateMegabytes = value),
  '--runs': (options, value) => (options.runs = value),
};

function parseOptions(argv: string[]): Options {
  const options: Options = {
    events: 200_000,
    seed: 42,
    locateMegabytes: 100,
    root: path.resolve('bench-data'),
    duckdb: true,
    shapes: [...SHAPE_NAMES],
    shapeEvents: 1_000_000,
    runs: 3,
  };
  let shapesGiven: ShapeName[] | undefined;
  for (let k = 0; k < argv.length; k++) {
    const flag = FLAGS[argv[k]];
    if (flag !== undefined) {
      flag(options);
      continue;
    }
    if (argv[k] === '--shapes') {
      shapesGiven = parseShapes(argv[++k] ?? '');
      continue;
    }
    const setter = NUMBER_OPTIONS[argv[k]];
    if (setter === undefined) throw new Error(`unknown option ${argv[k]}`);
    const value = Number(argv[k + 1]);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${argv[k]} needs a positive number`);
    setter(options, value);
    k++;
  }
  if (shapesGiven !== undefined && options.shapes.length > 0) options.shapes = shapesGiven;
  return options;
}

function percentile(samples: number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

function listFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json.gz') && !entry.name.includes('CloudTrail-Digest'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** One thread, no index: gunzip and JSON.parse every file. The floor a parser cannot beat on one core. */
function parseFloor(files: string[]): number {
  const start = performance.now();
  let records = 0;
  for (const file of files) records += (JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { Records: unknown[] }).Records.length;
  if (records === 0) throw new Error('no records parsed');
  return performance.now() - start;
}

/** One thread: gunzip and SHA-256 every file, as `gunzip | sha256sum` would. The floor of integrity validation. */
function hashFloor(files: string[]): number {
  const start = performance.now();
  for (const file of files)
    createHash('sha256')
      .update(gunzipSync(readFileSync(file)))
      .digest('hex');
  return performance.now() - start;
}

function timeQueries(store: EventStore, queries: string[], rounds: number): { median: number; p99: number; hits: Record<string, number> } {
  const samples: number[] = [];
  const hits: Record<string, number> = {};
  for (let round = 0; round < rounds; round++) {
    for (const query of queries) {
      const start = performance.now();
      const result = store.query(query);
      samples.push(performance.now() - start);
      if (!result.ok) throw new Error(`bench query "${query}" does not parse: ${result.error.message}`);
      hits[query] = result.ids.length;
    }
  }
  return { median: percentile(samples, 0.5), p99: percentile(samples, 0.99), hits };
}

/** A filter matching about a tenth of the synthetic events: one identity kind in ten (bench/generate.ts). */
const TENTH_FILTER = 'identity:aws-service';

/**
 * Median time of store.overview (the timeline by level and every default table) over all events and over a tenth of
 * them, and the time of the very first call (which also works out what it keeps per loaded file).
 */
function timeOverview(store: EventStore, rounds: number): { first: number; all: number; tenth: number; tenthEvents: number } {
  const tenth = store.query(TENTH_FILTER);
  if (!tenth.ok) throw new Error(`bench filter "${TENTH_FILTER}" does not parse: ${tenth.error.message}`);
  const all = store.allIds();
  const firstStart = performance.now();
  store.overview(all, { timeline: { by: 'level' } });
  const first = performance.now() - firstStart;
  const medianMs = (ids: Uint32Array) => {
    const samples: number[] = [];
    // One round more than measured: the first compiles the loops.
    for (let round = 0; round <= rounds; round++) {
      const start = performance.now();
      store.overview(ids, { timeline: { by: 'level' } });
      if (round > 0) samples.push(performance.now() - start);
    }
    return median(samples);
  };
  return { first, all: medianMs(all), tenth: medianMs(tenth.ids), tenthEvents: tenth.ids.length };
}

const fmt = (value: number, digits = 1) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The in-process figures: the engine as a library, in this process, next to the floors and DuckDB. */
async function inProcess(options: Options): Promise<void> {
  const log = (line: string) => process.stderr.write(`\r\x1b[K${line}`);
  const set = generateDeliveryFolder(options.root, options.seed, options.events, log);
  log('');
  const files = listFiles(set.folder);
  const gzipMB = set.gzipBytes / 1048576;
  const jsonMB = set.jsonBytes / 1048576;
  process.stderr.write(
    `\rset: ${set.folder} — ${files.length} files, ${set.events.toLocaleString('en-US')} events, ${fmt(jsonMB)} MB JSON, ${fmt(gzipMB)} MB gzip\n`,
  );

  process.stderr.write('floor: one-thread gunzip + JSON.parse…\n');
  const floorMs = parseFloor(files);

  process.stderr.write(options.duckdb ? 'duckdb: count S3 events by eventName…\n' : '');
  const duckdb = options.duckdb ? await timeDuckDbCount(options.root, set.folder) : { ok: false as const, reason: 'skipped (--no-duckdb)' };

  process.stderr.write('engine: loadPaths + EventStore.add…\n');
  const heapBefore = await retainedBytes();
  const start = performance.now();
  const store = new EventStore();
  let result: Awaited<ReturnType<typeof loadPaths>> | undefined = await loadPaths([set.folder]);
  const loadedMs = performance.now() - start;
  store.add(result);
  const indexMs = performance.now() - start;
  const diagnostics = result.diagnostics.length;
  const digests = result.digests.length;
  result = undefined;
  const heapPerEvent = ((await retainedBytes()) - heapBefore) / store.size;
  if (store.size !== set.events) throw new Error(`indexed ${store.size} events, expected ${set.events}`);

  const fieldQueries = [
    'name:GetObject',
    'error:AccessDenied',
    'bucket:finance-reports',
    'level:object',
    'source:s3 -error:*',
    'principal:alice',
    'identity:assumed-role category:data',
    'name:Get*,Put* region:eu-west-1',
    'object:*.pdf',
    'ip:203.0.113.*',
    'key:AKIA*',
    `after:2024-05-01T01:00 before:2024-05-01T02:00`,
  ];
  const textQueries = ['alice', 'AccessDenied', 'report', '.pdf', 'finance'];
  const engineS3 = store.query('source:s3.amazonaws.com');
  const engineS3Events = engineS3.ok ? engineS3.ids.length : -1;
  const field = timeQueries(store, fieldQueries, 7);
  const text = timeQueries(store, textQueries, 5);

  process.stderr.write(options.duckdb ? 'duckdb: the field filters as toSql SQL over the Athena-shaped table…\n' : '');
  const sampleRecords = (JSON.parse(gunzipSync(readFileSync(files[0])).toString('utf8')) as { Records: RawRecord[] }).Records;
  const duckdbSql = options.duckdb
    ? await timeDuckDbSql(options.root, files, sampleRecords, fieldQueries, 3)
    : { ok: false as const, reason: 'skipped (--no-duckdb)' };
  const sqlDisagrees = duckdbSql.ok ? fieldQueries.filter((query) => duckdbSql.hits[query] !== field.hits[query]) : [];

  process.stderr.write('overview: timeline and top tables…\n');
  const overviewMs = timeOverview(store, 9);

  process.stderr.write('trails: rebuilt from the trail calls in the logs…\n');
  const trailsStart = performance.now();
  const rebuiltTrails = trailsFromLogs(store);
  const trailsMs = performance.now() - trailsStart;
  const trailChanges = rebuiltTrails.reduce((sum, trail) => sum + trail.timeline.length + trail.failedCalls.length, 0);

  process.stderr.write('warm reopen: the folder loaded again through the index cache…\n');
  const reopen = await timeWarmReopen(set.folder, path.join(options.root, 'index-cache'));

  process.stderr.write('integrity: one-thread gunzip + SHA-256, then verifyIntegrity…\n');
  const hashFloorMs = hashFloor(files);
  const verifyStart = performance.now();
  const integrity = await verifyIntegrity([set.folder]);
  const verifyMs = performance.now() - verifyStart;
  if (integrity.logs.length !== files.length) throw new Error(`verifyIntegrity hashed ${integrity.logs.length} logs, expected ${files.length}`);

  process.stderr.write(`locate: ${options.locateMegabytes} MB single log file…\n`);
  const largeFile = generateLargeLogFile(options.root, options.seed, options.locateMegabytes * 1048576);
  const largeText = readFileSync(largeFile, 'utf8');
  const rangesStart = performance.now();
  const ranges = recordRanges(largeText);
  const rangesMs = performance.now() - rangesStart;
  const locateSamples: number[] = [];
  let seed = 7;
  for (let k = 0; k < 2000; k++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const offset = seed % largeText.length;
    const t = performance.now();
    locateAtOffset(largeText, offset, ranges);
    locateSamples.push(performance.now() - t);
  }
  const largeSize = statSync(largeFile).size / 1048576;

  const rows: [string, string, string][] = [
    ['events indexed', set.events.toLocaleString('en-US'), ''],
    ['files / digests kept apart / diagnostics', `${files.length} / ${digests} / ${diagnostics}`, ''],
    ['input size', `${fmt(jsonMB)} MB JSON, ${fmt(gzipMB)} MB gzip`, ''],
    ['floor: 1-thread gunzip + JSON.parse', `${fmt(floorMs / 1000, 2)} s`, '(reference)'],
    ['engine: loadPaths (2 workers)', `${fmt(loadedMs / 1000, 2)} s`, ''],
    [
      'duckdb: count S3 events by eventName',
      duckdb.ok ? `${fmt(duckdb.ms / 1000, 2)} s (${duckdb.s3Events.toLocaleString('en-US')} S3 events)` : duckdb.reason,
      '(reference)',
    ],
    ['engine: index total (load + store.add)', `${fmt(indexMs / 1000, 2)} s`, '≤ DuckDB time'],
    ['engine time ÷ floor time', `${fmt(indexMs / floorMs, 2)}`, ''],
    [
      'S3 events counted: engine / DuckDB',
      `${engineS3Events.toLocaleString('en-US')} / ${duckdb.ok ? duckdb.s3Events.toLocaleString('en-US') : '—'}`,
      'equal',
    ],
    ['engine time ÷ DuckDB time', duckdb.ok ? fmt(indexMs / duckdb.ms, 2) : '—', '≤ 1.00'],
    ['throughput', `${fmt(set.events / (indexMs / 1000) / 1000, 0)} k events/s, ${fmt(jsonMB / (indexMs / 1000), 0)} MB/s JSON`, ''],
    [
      'verifyIntegrity / 1-thread gunzip + SHA-256',
      `${fmt(verifyMs / 1000, 2)} s / ${fmt(hashFloorMs / 1000, 2)} s = ${fmt(verifyMs / hashFloorMs, 2)}`,
      'bound by gunzip + SHA-256',
    ],
    [
      'trailsFromLogs (from the calls kept at indexing)',
      `${fmt(trailsMs, 0)} ms: ${rebuiltTrails.length} trails, ${trailChanges.toLocaleString('en-US')} calls = ${fmt((trailsMs / indexMs) * 100, 1)} % of index time`,
      '≤ 10 % of index time',
    ],
    [
      'warm reopen (index cache): cold / warm load + store.add',
      `${fmt(reopen.coldMs / 1000, 2)} s / ${fmt(reopen.warmMs / 1000, 2)} s (warm CPU ${fmt(reopen.warmCpuMs / 1000, 2)} s; ${reopen.entries} entries, ${fmt(reopen.bytes / 1048576, 1)} MB)`,
      'warm ≤ 1.5 s at 1M',
    ],
    ['retained per event (heap + external, after gc)', `${fmt(heapPerEvent, 1)} B`, '≤ 150 B'],
    ['field filter median / p99', `${fmt(field.median, 2)} / ${fmt(field.p99, 2)} ms`, 'median < 50 ms'],
    [
      `overview aggregates (timeline + 9 tables), median: all / ${TENTH_FILTER}`,
      `${fmt(overviewMs.all, 1)} ms (${store.size.toLocaleString('en-US')} events) / ${fmt(overviewMs.tenth, 1)} ms (${overviewMs.tenthEvents.toLocaleString('en-US')}); first call ${fmt(overviewMs.first, 0)} ms`,
      'median < 150 ms at 1M',
    ],
    [
      'field filters: DuckDB running toSql SQL / engine query(), median',
      duckdbSql.ok
        ? `${fmt(duckdbSql.median, 1)} ms / ${fmt(field.median, 2)} ms (DuckDB table built in ${fmt(duckdbSql.tableMs / 1000, 2)} s); counts ${sqlDisagrees.length === 0 ? 'equal' : `differ: ${sqlDisagrees.join(', ')}`}`
        : duckdbSql.reason,
      'counts equal',
    ],
    ['free text median / p99', `${fmt(text.median, 2)} / ${fmt(text.p99, 2)} ms`, 'median < 300 ms'],
    [
      `recordRanges of ${fmt(largeSize, 0)} MB file (once per version)`,
      `${fmt(rangesMs, 0)} ms (${ranges.count.toLocaleString('en-US')} records)`,
      '',
    ],
    ['locateAtOffset median / p99', `${fmt(percentile(locateSamples, 0.5), 3)} / ${fmt(percentile(locateSamples, 0.99), 3)} ms`, '< 5 ms'],
  ];
  printTable(rows);
  console.log('\nquery hits:', JSON.stringify({ ...field.hits, ...text.hits }));
}

function printTable(rows: [string, string, string][]): void {
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length), ['measure', 'figure', 'target'][column].length));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  console.log(line(['measure', 'figure', 'target']));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** The bundles the whole-process rows run, beside this one in dist/. */
const CLI_SCRIPT = path.join(__dirname, 'cli.js');
const DUCKDB_SCRIPT = path.join(__dirname, 'bench-duckdb-process.js');
const RETAINED_SCRIPT = path.join(__dirname, 'bench-retained.js');
const READ_FLOOR_SCRIPT = path.join(__dirname, 'bench-read-floor.js');
/** ctlens exits 1 when an input had problems; it has still read everything and printed. */
const CTLENS_EXIT_CODES = [0, 1];
/** The `ctlens events --filter` row's filter, and the same selection for DuckDB (bench/duckdbProcess.ts). */
const EVENTS_FILTER = { query: 'name:GetObject bucket:finance-reports', duckdb: 'filter:GetObject:finance-reports' };

function shapeFiles(set: ShapeSet): string[] {
  return readdirSync(set.folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(set.extension) && !entry.name.includes('CloudTrail-Digest'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** One thread, no index: gunzip and JSON.parse every record of the shape's files (each line of JSON Lines). */
function shapeParseFloor(set: ShapeSet, files: string[]): number {
  const start = performance.now();
  let records = 0;
  for (const file of files) {
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    if (set.layout === 'jsonl') {
      for (const line of text.split('\n')) {
        if (line === '') continue;
        JSON.parse(line);
        records++;
      }
    } else records += (JSON.parse(text) as { Records: unknown[] }).Records.length;
  }
  if (records !== set.events) throw new Error(`floor parsed ${records} records, expected ${set.events}`);
  return performance.now() - start;
}

const seconds = (ms: number) => `${fmt(ms / 1000, 2)} s`;
const usage = (measure: ProcessMeasure) => `${seconds(measure.wallMs)} / ${seconds(measure.cpuMs)} / ${fmt(measure.peakRssMb, 0)} MB`;
const agreement = (ours: number, theirs: number) => (ours === theirs ? 'equal' : `differ by ${(ours - theirs).toLocaleString('en-US')}`);

/** The rows of one shape: ctlens and DuckDB as child processes, and the one-thread engine against its floor. */
async function shapeRows(options: Options, shape: ShapeName): Promise<[string, string, string][]> {
  const log = (line: string) => process.stderr.write(`\r\x1b[K${line}`);
  const set = await generateShape(options.root, shape, options.seed, options.shapeEvents, log);
  const files = shapeFiles(set);
  const glob = path.join(set.folder, '**', `*_CloudTrail_*${set.extension}`);
  const ctlens = { runs: options.runs, captureStdout: true, okExitCodes: CTLENS_EXIT_CODES };
  const rows: [string, string, string][] = [
    [
      `${shape}: input`,
      `${files.length.toLocaleString('en-US')} files, ${set.events.toLocaleString('en-US')} events, ${fmt(set.jsonBytes / 1048576, 0)} MB JSON, ${fmt(set.gzipBytes / 1048576, 0)} MB gzip`,
      '',
    ],
  ];

  const duckdbSpec = (query: string): ProcessSpec => ({
    script: DUCKDB_SCRIPT,
    args: [path.join(options.root, 'duckdb'), set.layout, glob, query],
    options: { captureStdout: true },
  });
  // Each against DuckDB doing the same work, run alternately with it (measureAlternately); alone with --no-duckdb.
  const measured = async (ours: ProcessSpec, query: string): Promise<PairMeasure | { first: ProcessMeasure; second?: undefined }> =>
    options.duckdb
      ? await measureAlternately(ours, duckdbSpec(query), options.runs)
      : { first: await measureProcess(ours.script, ours.args, { ...ours.options, runs: options.runs }) };
  const alternately = options.duckdb ? ' and DuckDB, alternately,' : '';

  log(`${shape}: ctlens stats${alternately} ×${options.runs}…`);
  const stats = await measured({ script: CLI_SCRIPT, args: ['stats', set.folder], options: ctlens }, 'count');
  const printed = JSON.parse(stats.first.runs[0].stdout) as { events: number; s3Events: number };
  if (printed.events !== set.events) throw new Error(`${shape}: ctlens stats counted ${printed.events} events, expected ${set.events}`);
  rows.push([`${shape}: ctlens stats`, usage(stats.first), set.events >= 1_000_000 ? 'peak RSS reported at 1M' : '']);

  log(`${shape}: ctlens events --filter${alternately} ×${options.runs}…`);
  const eventsArgs = ['events', set.folder, '--filter', EVENTS_FILTER.query];
  const events = await measured({ script: CLI_SCRIPT, args: eventsArgs, options: { ...ctlens, captureStdout: false } }, EVENTS_FILTER.duckdb);
  // events writes one line per selected record; stats --filter counts them without the bench reading the lines.
  const filtered = await measureProcess(CLI_SCRIPT, ['stats', set.folder, '--filter', EVENTS_FILTER.query], { ...ctlens, runs: 1 });
  const eventLines = (JSON.parse(filtered.runs[0].stdout) as { events: number }).events;

  if (stats.second !== undefined && events.second !== undefined) {
    const counted = JSON.parse(stats.second.runs[0].stdout) as { s3Events: number };
    const selected = JSON.parse(events.second.runs[0].stdout) as { rows: number };
    rows.push(
      [
        `${shape}: DuckDB count S3 events by eventName`,
        `${usage(stats.second)}; S3 events ${agreement(printed.s3Events, counted.s3Events)}`,
        'counts equal',
      ],
      [
        `${shape}: ctlens stats ÷ DuckDB, wall / CPU (median of the runs' pairs)`,
        `${fmt(stats.wallRatio, 2)} / ${fmt(stats.cpuRatio, 2)}`,
        shape === 'generator' ? 'wall ≤ 1.00, CPU ≤ 1.00' : 'wall ≤ 1.00',
      ],
      [
        `${shape}: ctlens events --filter "${EVENTS_FILTER.query}" (rows to /dev/null) vs DuckDB`,
        `ctlens ${usage(events.first)}, DuckDB ${usage(events.second)}: ${fmt(events.wallRatio, 2)} wall, ${fmt(events.cpuRatio, 2)} CPU; ${eventLines.toLocaleString('en-US')} rows, ${agreement(eventLines, selected.rows)}`,
        'rows equal',
      ],
    );
    // The reading floor against DuckDB in pairs of their own: how much of DuckDB's time reading alone takes here.
    log(`${shape}: the reading floor and DuckDB, alternately, ×${options.runs}…`);
    const floor = await measureAlternately(
      { script: READ_FLOOR_SCRIPT, args: [set.folder], options: { captureStdout: true } },
      duckdbSpec('count'),
      options.runs,
    );
    const floorRecords = (JSON.parse(floor.first.runs[0].stdout) as { records: number }).records;
    if (floorRecords !== set.events) throw new Error(`${shape}: the reading floor read ${floorRecords} records, expected ${set.events}`);
    rows.push([
      `${shape}: reading floor (read, inflate + CRC, find and read each record in WebAssembly; no index) ÷ DuckDB, wall`,
      `floor ${usage(floor.first)}, DuckDB ${usage(floor.second)}: ${fmt(floor.wallRatio, 2)}; ctlens stats ÷ floor ${fmt(stats.first.wallMs / floor.first.wallMs, 2)}`,
      'reference',
    ]);
  } else
    rows.push([
      `${shape}: ctlens events --filter "${EVENTS_FILTER.query}" (rows to /dev/null)`,
      `${usage(events.first)}; ${eventLines.toLocaleString('en-US')} rows`,
      '',
    ]);

  log(`${shape}: what a store keeps of the folder…`);
  const retained = await measureProcess(RETAINED_SCRIPT, [set.folder], { runs: 1, captureStdout: true }, ['--expose-gc']);
  const kept = JSON.parse(retained.runs[0].stdout) as { events: number; files: number; bytes: number };
  rows.push([
    `${shape}: retained by the store (heap + external, after gc)`,
    `${fmt(kept.bytes / kept.events, 1)} B/event, ${fmt(kept.bytes / kept.files / 1024, 1)} KB/file (${fmt(kept.bytes / 1048576, 0)} MB)`,
    set.events >= 1_000_000 ? '≤ 150 B/event at 1M' : '',
  ]);

  // Alternately too, for the reason measureAlternately gives: each run of one thread, then the floor.
  log(`${shape}: ctlens stats --workers 0 and the one-thread gunzip + JSON.parse floor, alternately, ×${options.runs}…`);
  const oneThreadRuns: ProcessMeasure[] = [];
  const floorsMs: number[] = [];
  for (let k = 0; k < options.runs; k++) {
    oneThreadRuns.push(await measureProcess(CLI_SCRIPT, ['stats', '--workers', '0', set.folder], { ...ctlens, runs: 1 }));
    floorsMs.push(shapeParseFloor(set, files));
  }
  const oneThreadWallMs = median(oneThreadRuns.map((run) => run.wallMs));
  const ratio = median(oneThreadRuns.map((run, k) => run.wallMs / floorsMs[k]));
  rows.push([
    `${shape}: 1 thread: ctlens stats --workers 0 wall ÷ gunzip + JSON.parse floor (median of the runs' pairs)`,
    `${seconds(oneThreadWallMs)} / ${seconds(median(floorsMs))} = ${fmt(ratio, 2)} (CPU ${seconds(median(oneThreadRuns.map((run) => run.cpuMs)))}, peak RSS ${fmt(median(oneThreadRuns.map((run) => run.peakRssMb)), 0)} MB)`,
    '≤ 1.30',
  ]);
  log('');
  return rows;
}

/** The whole-process section: every shape's rows, a failing shape shown as its error. */
async function wholeProcess(options: Options): Promise<void> {
  if (options.shapes.length === 0) return;
  const rows: [string, string, string][] = [];
  for (const shape of options.shapes) {
    try {
      rows.push(...(await shapeRows(options, shape)));
    } catch (error) {
      rows.push([`${shape}: failed`, (error as Error).message.split('\n')[0], '']);
    }
  }
  console.log(
    `\nwhole process, per shape (child processes; median of ${options.runs} run${options.runs === 1 ? '' : 's'}; wall / CPU = user + system, all threads / peak RSS)`,
  );
  printTable(rows);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  await inProcess(options);
  // After inProcess returns its store is garbage: the floors measured here run in a process holding no index.
  await wholeProcess(options);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
