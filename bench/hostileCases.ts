// The hostile inputs of issue 8 ("never hang, never crash, never lose what loaded"), one builder per case. Each
// builder writes its files into a given temp folder at a given size (the unit suite uses small sizes, `npm run fuzz`
// the sizes of the issue), says how to run it (the CLI, or an engine probe run in a child process) and what must
// hold: an allowed exit status (never 3), the diagnostic codes, and that every event of a real log placed beside
// it is present exactly once. The suite (test/cli/hostileInputs.test.ts) and the fuzz script (bench/fuzz.ts)
// share these builders and `verifyCase`.

import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
  createWriteStream,
} from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import { constants as zlibConstants, createGzip, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { EventStore, fieldNote, loadPaths, readLogText, type DiagnosticCode } from '../src/core';
import { prettyPrintJson } from '../src/view/prettyJson';

/** The repository root, found from this module wherever it runs (out/bench, dist, bench). */
export const REPO_ROOT = ((): string => {
  let folder = __dirname;
  while (!existsSync(path.join(folder, 'package.json')) && path.dirname(folder) !== folder) folder = path.dirname(folder);
  return folder;
})();

/** Real CloudTrail logs shared by the project (see its README.md for their origin). */
export const SHARED_DATA = path.resolve(REPO_ROOT, '../shared/data');

/**
 * A real log: the shared data set's file when it sits beside the clone, else the repository's own copy of a real
 * log of the same shape (test/fixtures holds attributed slices of the same data sets).
 */
export function realLog(inSharedData: string, inRepository: string): string {
  const shared = path.join(SHARED_DATA, inSharedData);
  return existsSync(shared) ? shared : path.join(REPO_ROOT, inRepository);
}

/** The real log placed beside every hostile file: a delivered invictus-ir log, no diagnostics when loaded alone. */
export const GOOD_LOG = realLog(
  'invictus-ir-aws-dataset/218007301253_CloudTrail_us-east-1_20230710T1230Z_KV9LZlfXqBel7nqf.json',
  'test/fixtures/logs/AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10/218007301253_CloudTrail_us-east-1_20230710T1205Z_nx9Yx1FyJdBaTqKj.json',
);

/** How one step runs: the CLI with these arguments, or a named engine probe (see PROBES) in a child process. */
export type Run = { kind: 'cli'; args: string[] } | { kind: 'probe'; probe: string; args: string[] };

/** What a finished child process left. */
export interface RunOutput {
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** The parts of `ctlens stats` (and of a probe's report) that the checks read. */
export interface Stats {
  events: number;
  eventNames: Record<string, number>;
  errors: Record<string, number>;
  diagnostics: { file: string; code: string; message: string; line?: number; column?: number }[];
  /** Probes only: what the probe itself found wrong. */
  failures?: string[];
}

/** One run of a case and the exit statuses it may end with. */
export interface Step {
  run: Run;
  exits: readonly number[];
}

/** A case written to disk: its steps (the first is the one the fuzz script times) and what must hold. */
export interface BuiltCase {
  steps: Step[];
  /** Index of the step whose stdout is a Stats JSON (a `ctlens stats` over the same paths, or a probe); default 0. */
  statsStep?: number;
  /** Codes that must appear (an inner array means one of these), or 'none' when the hostile input is valid data. */
  codes: (DiagnosticCode | DiagnosticCode[])[] | 'none';
  absentCodes?: DiagnosticCode[];
  /** True when the case loads no good log (a cancelled load); else every event of the good log must be there once. */
  withoutGoodLog?: boolean;
  /** Events the hostile files add when loaded right; the stats total must be the good log's plus this. */
  hostileEvents?: number;
  /** Case-specific failures, from the outputs of the steps (same order) and the stats. */
  check?(outputs: RunOutput[], stats: Stats): string[];
  /** A peer tool doing the comparable work on the same file, timed beside the case by the fuzz script. */
  peer?: { label: string; command: string[] };
}

/** One bullet of the issue. */
export interface HostileCase {
  name: string;
  /** The failure of the issue this case reproduces. */
  issue: string;
  unitSize: number;
  fullSize: number;
  build(dir: string, size: number): Promise<BuiltCase>;
}

const MB = 1024 * 1024;
const ESC = '\x1b';

/**
 * A well-formed S3 data event (fields as in https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html),
 * with `fields` replacing or adding top-level fields. Its eventNames start with "Hostile", so they never mix with the good log's.
 */
function probeRecord(n: number, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAPROBEEXAMPLE',
      arn: 'arn:aws:iam::111122223333:user/probe',
      accountId: '111122223333',
      accessKeyId: 'AKIAPROBEEXAMPLE',
      userName: 'probe',
    },
    eventTime: '2023-07-10T12:00:00Z',
    eventSource: 's3.amazonaws.com',
    eventName: 'HostileProbe',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.7',
    userAgent: 'probe-agent',
    requestParameters: { bucketName: 'probe-bucket', key: `object-${n}.txt` },
    responseElements: null,
    requestID: `REQ${n}`,
    eventID: probeEventId(n),
    readOnly: true,
    resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::probe-bucket/object-${n}.txt` }],
    eventType: 'AwsApiCall',
    managementEvent: false,
    recipientAccountId: '111122223333',
    eventCategory: 'Data',
    ...fields,
  };
}

function probeEventId(n: number): string {
  return `abcdef00-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function recordsText(records: readonly unknown[]): string {
  return `{"Records":[${records.map((record) => JSON.stringify(record)).join(',\n')}]}\n`;
}

function cli(...args: string[]): Step {
  return { run: { kind: 'cli', args }, exits: [0, 1] };
}

/** Copies the good log into `folder` (created) and returns its path. */
function placeGoodLog(folder: string): string {
  mkdirSync(folder, { recursive: true });
  const target = path.join(folder, path.basename(GOOD_LOG));
  copyFileSync(GOOD_LOG, target);
  return target;
}

function write(file: string, content: string | Uint8Array): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

function lines(output: RunOutput): string[] {
  return output.stdout.split('\n').filter((line) => line.trim() !== '');
}

function ownCount(counts: Record<string, number>, key: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(counts, key) ? counts[key] : undefined;
}

function expectEqual(what: string, actual: unknown, expected: unknown): string[] {
  return actual === expected ? [] : [`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

function diagnosticsOf(stats: Stats, file: string): Stats['diagnostics'] {
  return stats.diagnostics.filter((diagnostic) => diagnostic.file === file);
}

/** Writes a gzip of `header`, `repeat` × `chunk` and `footer`, streamed so a bomb of gigabytes never sits in memory. */
async function writeGzipStream(file: string, header: string, chunk: Buffer, repeat: number, footer: string): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  const gzip = createGzip({ level: 1 });
  const out = createWriteStream(file);
  gzip.pipe(out);
  const push = async (data: Buffer) => {
    if (!gzip.write(data)) await once(gzip, 'drain');
  };
  await push(Buffer.from(header));
  for (let k = 0; k < repeat; k++) await push(chunk);
  gzip.end(footer);
  await once(out, 'close');
}

/** A capped, counted family of record problems: few messages, placed by line:column, one giving a count near `total`. */
function checkCapped(stats: Stats, file: string, total: number): string[] {
  const own = diagnosticsOf(stats, file);
  const failures = own.length > 200 ? [`${own.length} diagnostics for one file: not capped`] : [];
  if (!own.some((diagnostic) => Number.isInteger(diagnostic.line) && Number.isInteger(diagnostic.column)))
    failures.push(`no diagnostic of ${path.basename(file)} gives its line:column`);
  const counted = own.some((diagnostic) =>
    (diagnostic.message.match(/\d[\d,. ]*/g) ?? []).some((digits) => Number(digits.replace(/[,. ]/g, '')) >= total - 200),
  );
  return counted ? failures : [...failures, `no diagnostic of ${path.basename(file)} counts the ~${total} bad records`];
}

function manyRecordsCase(name: string, issue: string, fileName: string, element: string, code: DiagnosticCode): HostileCase {
  return {
    name,
    issue,
    unitSize: 5_000,
    fullSize: 1_000_000,
    async build(dir, size) {
      const good = placeGoodLog(dir);
      const jsonLines = fileName.endsWith('.jsonl');
      const first = JSON.stringify(probeRecord(0));
      const body = jsonLines ? `${first}\n${`${element}\n`.repeat(size)}` : `{"Records":[${first}${`,${element}`.repeat(size)}]}`;
      const file = write(path.join(dir, fileName), fileName.endsWith('.gz') ? gzipSync(body) : body);
      return {
        steps: [cli('stats', file, good)],
        codes: [code],
        hostileEvents: 1,
        check: (_outputs, stats) => checkCapped(stats, file, size),
        peer: {
          label: 'python3 json',
          command: jsonLines
            ? [
                'python3',
                '-c',
                'import sys,json\nn=0\nfor l in open(sys.argv[1]):\n  try: json.loads(l); n+=1\n  except ValueError: pass\nprint(n)',
                file,
              ]
            : [
                'python3',
                '-c',
                'import sys,gzip,json\nf=sys.argv[1]\nopen_=gzip.open if open(f,"rb").read(2)==b"\\x1f\\x8b" else open\ntry: print(len(json.load(open_(f,"rt"))["Records"]))\nexcept ValueError as e: print(e)',
                file,
              ],
        },
      };
    },
  };
}

/**
 * Gzip data whose text is `before` and then cannot go on: a gzip header, `before` deflated and flushed to a byte
 * boundary, then a block of the reserved type 3 (RFC 1951 §3.2.3), which zlib rejects ("invalid block type").
 */
export function gzipDamagedAfter(before: Uint8Array): Buffer {
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  return Buffer.concat([header, deflateRawSync(before, { finishFlush: zlibConstants.Z_FULL_FLUSH }), Buffer.from([0x07]), Buffer.alloc(64, 0x41)]);
}

function statsCase(
  name: string,
  issue: string,
  sizes: [number, number],
  make: (dir: string, size: number, good: string) => Omit<BuiltCase, 'steps' | 'statsStep'> & { paths: string[]; flags?: string[] },
): HostileCase {
  return {
    name,
    issue,
    unitSize: sizes[0],
    fullSize: sizes[1],
    async build(dir, size) {
      const good = placeGoodLog(path.join(dir, 'good'));
      const { paths, flags = [], ...rest } = make(dir, size, good);
      const step = cli('stats', ...paths, ...flags);
      return { steps: [step], ...rest };
    },
  };
}

/** Bombs this big run with default settings (the issue's "peak memory below 1 GB with default settings"). */
const DEFAULT_SETTINGS_FROM_MB = 2048;

/** The bound a bomb of `inflatedMb` runs with: the default for a big bomb, else a quarter of the bomb, to stay over it. */
function loweredBoundMb(inflatedMb: number): number | undefined {
  return inflatedMb >= DEFAULT_SETTINGS_FROM_MB ? undefined : Math.max(1, Math.floor(inflatedMb / 4));
}

function boundFlags(inflatedMb: number): string[] {
  const bound = loweredBoundMb(inflatedMb);
  return bound === undefined ? [] : ['--max-text-mb', String(bound)];
}

function checkTooLarge(stats: Stats, file: string): string[] {
  const own = diagnosticsOf(stats, file).filter((diagnostic) => diagnostic.code === 'too-large');
  if (own.length === 0) return [];
  return own.some((diagnostic) => /--max-text-mb/.test(diagnostic.message) && /\d/.test(diagnostic.message))
    ? []
    : [`the too-large message does not name the bound and the --max-text-mb flag: ${own[0].message}`];
}

function bombCase(name: string, issue: string, chunkOf: (size: number) => { header: string; chunk: Buffer; footer: string }): HostileCase {
  return {
    name,
    issue,
    unitSize: 8,
    fullSize: 5 * 1024,
    async build(dir, size) {
      const good = placeGoodLog(path.join(dir, 'good'));
      const file = path.join(dir, 'bomb.json.gz');
      const { header, chunk, footer } = chunkOf(size);
      await writeGzipStream(file, header, chunk, Math.ceil((size * MB) / chunk.length), footer);
      const step = cli('stats', file, good, ...boundFlags(size));
      return {
        steps: [step],
        codes: ['too-large'],
        hostileEvents: 0,
        check: (_outputs, stats) => checkTooLarge(stats, file),
        peer: { label: 'gzip -dc | wc -c', command: ['sh', '-c', 'gzip -dc "$1" | wc -c', 'sh', file] },
      };
    },
  };
}

/** C0 controls but tab and newline, DEL and C1 controls: what a terminal may act on. */
function isControlCharacter(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
}

function checkNoControls(label: string, text: string): string[] {
  for (let i = 0; i < text.length; i++) {
    if (!isControlCharacter(text.charCodeAt(i))) continue;
    const around = text.slice(Math.max(0, i - 30), i + 10);
    return [`${label} holds a raw control character U+${text.charCodeAt(i).toString(16).padStart(4, '0')} near ${JSON.stringify(around)}`];
  }
  return [];
}

const PROTOTYPE_KEYS = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

function trailText(fields: readonly string[]): string {
  const selectors = fields.map((field) => ({ Name: `select ${field}`, FieldSelectors: [{ Field: field, Equals: ['x'] }] }));
  return JSON.stringify(
    {
      trailList: [
        {
          Name: 'hostile',
          HomeRegion: 'us-east-1',
          IsMultiRegionTrail: true,
          TrailARN: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/hostile',
          AdvancedEventSelectors: selectors,
        },
      ],
    },
    null,
    2,
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function trailCase(name: string, issue: string, fields: readonly string[], reportsPlace: boolean): HostileCase {
  return {
    name,
    issue,
    unitSize: fields.length,
    fullSize: fields.length,
    async build(dir) {
      const good = placeGoodLog(path.join(dir, 'good'));
      const trail = write(path.join(dir, 'hostile.trail.json'), trailText(fields));
      const events = { run: { kind: 'cli', args: ['events', good, '--trail', trail] }, exits: [1] } as Step;
      return {
        steps: [events, cli('stats', good)],
        statsStep: 1,
        codes: 'none',
        hostileEvents: 0,
        check: ([run], stats) => [
          ...expectEqual('events printed', lines(run).length, stats.events),
          ...lines(run).flatMap((line) => (Array.isArray(JSON.parse(line).trails) ? [] : [`an event has no trails verdict: ${line.slice(0, 100)}`])),
          ...fields.flatMap((field) => {
            const place = reportsPlace ? `${escapeRegExp(trail)}:\\d+:\\d+:` : '';
            return new RegExp(`${place}.*${escapeRegExp(field)}`).test(run.stderr)
              ? []
              : [`stderr does not report the unknown Field ${field}${reportsPlace ? ' at file:line:column' : ''}`];
          }),
        ],
      };
    },
  };
}

function utf16Case(name: string, bigEndian: boolean, bom: boolean): HostileCase {
  return statsCase(name, `a UTF-16 ${bigEndian ? 'BE' : 'LE'} log ${bom ? 'with' : 'without'} BOM is called binary`, [3, 3], (dir, size, good) => {
    const text = (bom ? '\ufeff' : '') + recordsText(Array.from({ length: size }, (_, n) => probeRecord(n, { eventName: 'HostileUtf16' })));
    const bytes = Buffer.from(text, 'utf16le');
    if (bigEndian) bytes.swap16();
    const file = write(path.join(dir, 'utf16.json'), bytes);
    return {
      paths: [file, good],
      codes: ['text-encoding'],
      absentCodes: ['binary-file'],
      check: (_outputs, stats) => {
        const loaded = ownCount(stats.eventNames, 'HostileUtf16');
        const messages = diagnosticsOf(stats, file).filter((diagnostic) => diagnostic.code === 'text-encoding');
        return [
          ...(loaded === undefined || loaded === size ? [] : [`${loaded} of ${size} UTF-16 records loaded: all or none`]),
          ...(messages.some((diagnostic) => /UTF-16/i.test(diagnostic.message)) ? [] : ['the text-encoding diagnostic does not say UTF-16']),
        ];
      },
    };
  });
}

/** A log that a tool deflated where gzip belongs, named as if it were gzip: zlib at level 3 (its header is "x^"), or raw. */
function deflatedCase(name: string, raw: boolean): HostileCase {
  const what = raw ? 'raw deflate data' : 'zlib-compressed data';
  return statsCase(
    name,
    `a log in ${raw ? 'raw deflate' : 'a zlib stream at level 3'} is called binary by its control bytes`,
    [3, 3],
    (dir, size, good) => {
      const text = recordsText(Array.from({ length: size }, (_, n) => probeRecord(n, { eventName: 'HostileDeflated' })));
      const file = write(path.join(dir, 'deflated.json.gz'), raw ? deflateRawSync(text) : deflateSync(text, { level: 3 }));
      return {
        paths: [file, good],
        codes: ['binary-file'],
        check: (_outputs, stats) =>
          diagnosticsOf(stats, file).some((diagnostic) => diagnostic.message.includes(what))
            ? []
            : [`the binary-file diagnostic does not say ${what}`],
      };
    },
  );
}

function queryRun(good: string, query: string, exits: readonly number[] = [0, 1]): Step {
  return { run: { kind: 'cli', args: ['events', good, '--filter', query] }, exits };
}

function probeStep(probe: string, ...args: string[]): Step {
  return { run: { kind: 'probe', probe, args }, exits: [0, 1] };
}

/** Every case of the issue, in its order. */
export const HOSTILE_CASES: readonly HostileCase[] = [
  manyRecordsCase(
    'empty-records-gz',
    'a .json.gz of {"Records":[{},{},…]}: time grows with the square of the bad records',
    'empty.json.gz',
    '{}',
    'invalid-record',
  ),
  manyRecordsCase(
    'invalid-json-records',
    'records that are not valid JSON: line:column rescanned from the start for each',
    'invalid.json',
    '{"eventName":"x",}',
    'invalid-json',
  ),
  manyRecordsCase('bad-json-lines', 'bad JSON Lines: line:column rescanned from the start for each', 'bad.jsonl', '{"eventName":', 'invalid-json'),
  statsCase(
    'records-handed-back-late',
    'a records array the WebAssembly scanner reads to its last element, a string, then hands back: it is read twice',
    [5_000, 200_000],
    (dir, size, good) => {
      const records = Array.from({ length: size }, (_, n) => JSON.stringify(probeRecord(n, { eventName: 'HostileLate' })));
      const file = write(path.join(dir, 'late.json'), `{"Records":[${records.join(',')},"not a record"]}`);
      return {
        paths: [file, good],
        codes: ['invalid-record'],
        hostileEvents: size,
        check: (_outputs, stats) => {
          const loaded = ownCount(stats.eventNames, 'HostileLate');
          const reported = diagnosticsOf(stats, file).filter((diagnostic) => diagnostic.code === 'invalid-record');
          return [
            ...(loaded === size ? [] : [`${loaded} of ${size} records before the string loaded`]),
            ...(reported.length === 1 && reported[0].message.includes(`record ${size} `)
              ? []
              : [`not one report of record ${size}: ${JSON.stringify(reported)}`]),
          ];
        },
      };
    },
  ),
  statsCase('symlink-up', 'a symlink up.json -> .. makes the walk load one file 41 times', [1, 1], (_dir, _size, good) => {
    symlinkSync('..', path.join(path.dirname(good), 'up.json'));
    return { paths: [path.dirname(good)], codes: ['path-loop'], hostileEvents: 0 };
  }),
  statsCase('symlink-up-twice', 'two symlinks to .. never finish', [2, 2], (_dir, size, good) => {
    for (let k = 0; k < size; k++) symlinkSync('..', path.join(path.dirname(good), `up${k}.json`));
    return { paths: [path.dirname(good)], codes: ['path-loop'], hostileEvents: 0 };
  }),
  statsCase('same-file-twice', 'the same file given twice is counted twice', [1, 1], (_dir, _size, good) => ({
    paths: [good, good],
    codes: ['duplicate-path'],
    hostileEvents: 0,
  })),
  statsCase('same-file-via-symlink', 'the same file reached through a symlink is counted twice', [1, 1], (dir, _size, good) => {
    const link = path.join(dir, 'link.json');
    symlinkSync(good, link);
    return { paths: [good, link], codes: ['duplicate-path'], hostileEvents: 0 };
  }),
  bombCase('gzip-bomb-whitespace', 'a gzip of whitespace inflates without bound (killed past 5.6 GB)', () => ({
    header: '',
    chunk: Buffer.alloc(MB, 0x20),
    footer: '',
  })),
  bombCase('gzip-bomb-json', 'a gzip of valid records inflates without bound', () => {
    const record = JSON.stringify(probeRecord(1, { eventName: 'HostileBomb' }));
    const chunk = Buffer.from(`${record},`.repeat(Math.ceil(MB / (record.length + 1))));
    return { header: '{"Records":[', chunk, footer: `${record}]}` };
  }),
  {
    name: 'gzip-bomb-viewer',
    issue: 'the viewer path (readLogText, the gz document provider, the log set re-read) inflates without any bound',
    unitSize: 8,
    fullSize: 5 * 1024,
    async build(dir, size) {
      const good = placeGoodLog(path.join(dir, 'good'));
      const file = path.join(dir, 'bomb.json.gz');
      await writeGzipStream(file, '', Buffer.alloc(MB, 0x20), size, '');
      const bound = loweredBoundMb(size);
      const probe = probeStep('viewer-bomb', file, good, ...(bound === undefined ? [] : [String(bound * MB)]));
      return { steps: [probe], codes: ['too-large'], hostileEvents: 0 };
    },
  },
  {
    name: 'long-key-search',
    issue: 'substring search is O(key × query): a 1,000-char query against a 10 MB object key takes 23 s',
    unitSize: 1,
    fullSize: 10,
    async build(dir, size) {
      const good = placeGoodLog(path.join(dir, 'good'));
      const key = 'a'.repeat(size * MB) + 'b';
      const file = write(
        path.join(dir, 'long-key.json'),
        recordsText([probeRecord(1, { eventName: 'HostileLongKey', requestParameters: { bucketName: 'probe-bucket', key } })]),
      );
      const query = `object:*${'a'.repeat(999)}b*`;
      return {
        steps: [queryRun(file, query), cli('stats', file, good)],
        statsStep: 1,
        codes: 'none',
        hostileEvents: 1,
        check: ([search]) => expectEqual('events found by the 1,000-char query', lines(search).length, 1),
        peer: { label: 'python3 str.find', command: ['python3', '-c', 'import sys; print(open(sys.argv[1]).read().find("a"*999+"b"))', file] },
      };
    },
  },
  {
    name: 'deep-record-pretty',
    issue: 'pretty-printing indents by depth: a 60 KB record nested 10k deep becomes 200 MB (20k deep throws)',
    unitSize: 10_000,
    fullSize: 20_000,
    async build(dir, size) {
      const good = placeGoodLog(path.join(dir, 'good'));
      const nested = '{"a":'.repeat(size) + '1' + '}'.repeat(size);
      const record = JSON.stringify(probeRecord(1, { eventName: 'HostileDeep', requestParameters: '@' })).replace('"@"', nested);
      const file = write(path.join(dir, 'deep.json'), `{"Records":[${record}]}`);
      const probe = probeStep('deep-pretty', file, good);
      return { steps: [probe], codes: [], hostileEvents: 1 };
    },
  },
  statsCase(
    'csv-event-cell-not-object',
    'a console CSV whose event cell is null, 5 or [1] is indexed as empty events',
    [1, 1],
    (dir, _size, good) => {
      const event = JSON.stringify(probeRecord(1, { eventName: 'HostileCsvGood' })).replaceAll('"', '""');
      const rows = [`"${event}"`, 'null', '5', '"[1]"'].map((cell, n) => `HostileCsv,2023-07-10T12:00:00Z,${probeEventId(n + 10)},${cell}`);
      const file = write(path.join(dir, 'console.csv'), ['Event name,Event time,Event ID,CloudTrail event', ...rows].join('\r\n') + '\r\n');
      return { paths: [file, good], codes: [['invalid-record', 'invalid-csv']], hostileEvents: 1 };
    },
  ),
  statsCase('csv-prototype-header', 'a console CSV header named __proto__ crashes the load (exit 3)', [2, 2], (dir, size, good) => {
    const rows = Array.from({ length: size }, (_, n) => `HostileCsvProto,2023-07-10T12:00:00Z,s3.amazonaws.com,${probeEventId(n + 20)},x,y,z`);
    const file = write(
      path.join(dir, 'console.csv'),
      ['Event name,Event time,Event source,Event ID,__proto__,constructor,toString', ...rows].join('\n') + '\n',
    );
    return {
      paths: [file, good],
      codes: 'none',
      hostileEvents: size,
      check: (_outputs, stats) => expectEqual('HostileCsvProto events', ownCount(stats.eventNames, 'HostileCsvProto'), size),
    };
  }),
  {
    name: 'query-prototype-field',
    issue: 'the query constructor:x crashes (field names looked up in a plain object)',
    unitSize: 1,
    fullSize: 1,
    async build(dir) {
      const good = placeGoodLog(path.join(dir, 'good'));
      const fields = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
      return {
        steps: [...fields.map((field) => queryRun(good, `${field}:x`, [2])), cli('stats', good)],
        statsStep: fields.length,
        codes: 'none',
        hostileEvents: 0,
        check: (outputs) =>
          fields.flatMap((field, k) => (outputs[k].stderr.includes(field) ? [] : [`the usage error for ${field}:x does not name the field`])),
      };
    },
  },
  trailCase(
    'trail-prototype-fields',
    'trail field selectors with Field constructor, toString, __proto__, hasOwnProperty, valueOf',
    PROTOTYPE_KEYS,
    false,
  ),
  trailCase('trail-unknown-fields', 'unknown trail selector Field names are accepted silently', ['eventNmae', 'resources.bogus'], true),
  statsCase('prototype-event-names', 'stats silently drop an eventName or errorCode __proto__', [3, 3], (dir, _size, good) => {
    const records = [
      probeRecord(1, { eventName: '__proto__', errorCode: '__proto__' }),
      probeRecord(2, { eventName: '__proto__', errorCode: 'constructor' }),
      probeRecord(3, { eventName: 'constructor', errorCode: 'toString' }),
    ];
    const file = write(path.join(dir, 'proto.json'), recordsText(records));
    return {
      paths: [file, good],
      codes: 'none',
      hostileEvents: 3,
      check: (_outputs, stats) => [
        ...expectEqual('eventNames.__proto__', ownCount(stats.eventNames, '__proto__'), 2),
        ...expectEqual('eventNames.constructor', ownCount(stats.eventNames, 'constructor'), 1),
        ...['__proto__', 'constructor', 'toString'].flatMap((code) => expectEqual(`errors.${code}`, ownCount(stats.errors, code), 1)),
      ],
    };
  }),
  {
    name: 'hover-prototype-keys',
    issue: 'hovers over top-level keys named __proto__, constructor, toString…',
    unitSize: 1,
    fullSize: 1,
    async build(dir) {
      const good = placeGoodLog(path.join(dir, 'good'));
      const extra = PROTOTYPE_KEYS.map((key) => `"${key}":{"${key}":"x"}`).join(',');
      const record = JSON.stringify(probeRecord(1, { eventName: 'HostileHover' })).replace(/}$/, `,${extra}}`);
      const file = write(path.join(dir, 'hover.json'), `{"Records":[${record}]}`);
      const probe = probeStep('hover-keys', file, good);
      return { steps: [probe], codes: 'none', hostileEvents: 1 };
    },
  },
  {
    name: 'trail-nested-deep',
    issue: 'a trail file nested 3,000 deep overflows the stack inside the JSONC parser',
    unitSize: 3_000,
    fullSize: 100_000,
    async build(dir, size) {
      const good = placeGoodLog(path.join(dir, 'good'));
      const trail = write(
        path.join(dir, 'deep.trail.json'),
        `{"trailList":[{"Name":"deep","AdvancedEventSelectors":${'['.repeat(size)}${']'.repeat(size)}}]}`,
      );
      const events: Step = { run: { kind: 'cli', args: ['events', good, '--trail', trail] }, exits: [1] };
      return {
        steps: [events, cli('stats', good)],
        statsStep: 1,
        codes: 'none',
        hostileEvents: 0,
        check: ([run], stats) => [
          ...expectEqual('events printed', lines(run).length, stats.events),
          ...(run.stderr.includes(trail) ? [] : ['stderr does not name the deep trail file']),
        ],
      };
    },
  },
  {
    name: 'forged-trail-calls',
    issue: 'a log forged to hold a huge trail history (every record a StopLogging) makes indexing keep them all and the trails rebuild slow',
    unitSize: 12_000,
    fullSize: 200_000, // ~150 MB: under the default bound on one file's text
    async build(dir, size) {
      const good = placeGoodLog(path.join(dir, 'good'));
      const call = (n: number) =>
        JSON.stringify({
          ...probeRecord(n, { eventSource: 'cloudtrail.amazonaws.com', eventName: n % 2 === 0 ? 'StopLogging' : 'StartLogging' }),
          eventTime: new Date(Date.UTC(2023, 6, 10) + n * 1000).toISOString(),
          requestParameters: { name: `trail-${n % 3}` },
        });
      const file = write(path.join(dir, 'forged-history.json'), '{"Records":[');
      const CHUNK = 10_000;
      for (let from = 0; from < size; from += CHUNK) {
        const chunk = Array.from({ length: Math.min(CHUNK, size - from) }, (_, k) => call(from + k)).join(',');
        appendFileSync(file, from === 0 ? chunk : `,${chunk}`);
      }
      appendFileSync(file, ']}');
      return {
        steps: [cli('stats', file, good), cli('trails', file)],
        codes: ['calls-capped'],
        hostileEvents: size,
        check: ([, trails]) => expectEqual('trails rebuilt from the kept calls', lines(trails).length, 3),
      };
    },
  },
  {
    name: 'overview-extremes',
    issue:
      'the overview over forged times and byte counts: eventTimes from year 1 to 9999 would ask for millions of bins; byte counts of 1e308, negative, as text or objects would overflow or poison the sums',
    unitSize: 2_000,
    fullSize: 200_000,
    async build(dir, size) {
      const good = placeGoodLog(path.join(dir, 'good'));
      const bytes: unknown[] = [1e308, -5, '7', 'lots', { n: 1 }, null, 1024, Number.MAX_SAFE_INTEGER];
      const record = (n: number) =>
        probeRecord(n, {
          eventName: 'HostileOverview',
          eventTime: n % 2 === 0 ? '0001-01-01T00:00:00Z' : '9999-12-31T23:59:59Z',
          additionalEventData: { bytesTransferredOut: bytes[n % bytes.length], bytesTransferredIn: bytes[(n + 3) % bytes.length] },
        });
      const file = write(path.join(dir, 'extremes.json'), recordsText(Array.from({ length: size }, (_, n) => record(n))));
      return {
        steps: [cli('stats', file, good), cli('timeline', file, good), cli('top', file, good, '--by', 'eventName', '--sort', 'bytesOut', '-n', '0')],
        codes: 'none',
        hostileEvents: size,
        check: ([, timeline, top], stats) => {
          const bins = lines(timeline).map((line) => JSON.parse(line) as { counts: Record<string, number> });
          const binned = bins.reduce((sum, bin) => sum + Object.values(bin.counts).reduce((a, b) => a + b, 0), 0);
          const rows = JSON.parse(top.stdout) as { value: string; count: number; bytesOut: number }[];
          const hostile = rows.find((row) => row.value === 'HostileOverview');
          // Counts S3 could have reported: numbers or numeric text from 0 to 2^53; the rest count as not given.
          const plausible = (value: unknown) => {
            const count = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
            return Number.isFinite(count) && count >= 0 && count <= Number.MAX_SAFE_INTEGER ? count : 0;
          };
          let expectedOut = 0;
          for (let n = 0; n < size; n++) expectedOut += plausible(bytes[n % bytes.length]);
          return [
            ...(bins.length <= 150 ? [] : [`the timeline picked ${bins.length} bins over ten thousand years (at most 150 expected)`]),
            ...expectEqual('events counted in the bins', binned, stats.events),
            ...(hostile === undefined ? ['no HostileOverview row in ctlens top'] : []),
            ...(hostile !== undefined && !(Math.abs(hostile.bytesOut - expectedOut) <= expectedOut * 1e-12)
              ? [`HostileOverview bytesOut ${hostile.bytesOut}, expected ${expectedOut} (implausible counts left out)`]
              : []),
          ];
        },
      };
    },
  },
  {
    name: 'rewritten-after-load',
    issue: 'a log rewritten between loading and re-reading: readRecord throws a SyntaxError or returns another record',
    unitSize: 20,
    fullSize: 20_000,
    async build(dir, size) {
      placeGoodLog(dir);
      write(path.join(dir, 'same-size.json'), recordsText(Array.from({ length: size }, (_, n) => probeRecord(n, { eventName: 'HostileRewritten' }))));
      write(path.join(dir, 'shrunk.json'), recordsText(Array.from({ length: size }, (_, n) => probeRecord(n, { eventName: 'HostileShrunk' }))));
      const probe = probeStep('rewritten', dir);
      return { steps: [probe], codes: ['changed-since-load'], hostileEvents: 2 * size };
    },
  },
  {
    name: 'truncated-gz-reread',
    issue: 'a truncated .json.gz loads its good records but re-reading any of them throws "unexpected end of file"',
    unitSize: 200,
    // Not a size of the issue: enough records to re-read many after the cut, few enough that `ctlens events`
    // (about 0.1 ms per event re-read, truncated or not) stays inside the 10 s bound.
    fullSize: 20_000,
    async build(dir, size) {
      const good = placeGoodLog(path.join(dir, 'good'));
      const whole = gzipSync(recordsText(Array.from({ length: size }, (_, n) => probeRecord(n, { eventName: 'HostileTruncated' }))));
      const file = write(path.join(dir, 'truncated.json.gz'), whole.subarray(0, Math.floor(whole.length * 0.6)));
      return {
        steps: [{ run: { kind: 'cli', args: ['events', file, good] }, exits: [1] }, cli('stats', file, good)],
        statsStep: 1,
        codes: ['truncated-gzip'],
        check: ([events], stats) => [
          ...expectEqual('events re-read', lines(events).length, stats.events),
          ...((ownCount(stats.eventNames, 'HostileTruncated') ?? 0) > 0 ? [] : ['no record of the truncated gzip loaded']),
        ],
      };
    },
  },
  statsCase(
    'gzip-damaged-mid',
    'a small .json.gz damaged in its middle loads nothing: inflating as a stream loses the chunk of text it was filling when zlib fails',
    [200, 5_000],
    (dir, size, good) => {
      const text = Buffer.from(recordsText(Array.from({ length: size }, (_, n) => probeRecord(n, { eventName: 'HostileDamaged' }))));
      const before = text.subarray(0, text.length >> 1);
      const file = write(path.join(dir, 'damaged.json.gz'), gzipDamagedAfter(before));
      const wholeBefore = before.toString('latin1').split('"HostileDamaged"').length - 2;
      return {
        paths: [file, good],
        codes: ['invalid-gzip'],
        check: (_outputs, stats) => {
          const loaded = ownCount(stats.eventNames, 'HostileDamaged') ?? 0;
          return loaded >= wholeBefore ? [] : [`${loaded} of the ${wholeBefore} records wholly before the damage loaded`];
        },
        peer: { label: 'gzip -dc | wc -c', command: ['sh', '-c', 'gzip -dc "$1" | wc -c', 'sh', file] },
      };
    },
  ),
  statsCase(
    'gzip-trailing-garbage',
    'bytes appended after a complete .json.gz make the whole file fail to decompress, where gzip -d ignores them with a warning',
    [200, 20_000],
    (dir, size, good) => {
      const gzip = gzipSync(recordsText(Array.from({ length: size }, (_, n) => probeRecord(n, { eventName: 'HostileTrailing' }))));
      const file = write(path.join(dir, 'trailing.json.gz'), Buffer.concat([gzip, Buffer.from('appended after the gzip data\n')]));
      return {
        paths: [file, good],
        codes: ['invalid-gzip'],
        hostileEvents: size,
        check: (_outputs, stats) => expectEqual('HostileTrailing events', ownCount(stats.eventNames, 'HostileTrailing'), size),
        peer: { label: 'gzip -dc | wc -c', command: ['sh', '-c', 'gzip -dc "$1" | wc -c', 'sh', file] },
      };
    },
  ),
  statsCase(
    'duplicate-records-key',
    'duplicate top-level "Records": the scanner takes the first, JSON.parse and jq the last',
    [2, 2],
    (dir, size, good) => {
      const first = JSON.stringify([probeRecord(1, { eventName: 'HostileFirst' })]);
      const last = JSON.stringify(Array.from({ length: size }, (_, n) => probeRecord(n + 2, { eventName: 'HostileLast' })));
      const file = write(path.join(dir, 'duplicate.json'), `{"Records":${first},"Records":${last}}`);
      return {
        paths: [file, good],
        codes: ['duplicate-key'],
        hostileEvents: size,
        check: (_outputs, stats) => [
          ...expectEqual('HostileLast events', ownCount(stats.eventNames, 'HostileLast'), size),
          ...expectEqual('HostileFirst events', ownCount(stats.eventNames, 'HostileFirst'), undefined),
        ],
        peer: { label: 'jq', command: ['jq', '.Records | length', file] },
      };
    },
  ),
  statsCase('nul-byte-early', 'a raw NUL byte in the first 8 KB discards a whole valid file as "binary"', [5, 5], (dir, size, good) => {
    const records = Array.from({ length: size }, (_, n) => JSON.stringify(probeRecord(n, { eventName: 'HostileNul' })));
    records[1] = records[1].replace('probe-agent', 'probe\x00agent');
    const file = write(path.join(dir, 'nul.json'), `{"Records":[${records.join(',\n')}]}`);
    return {
      paths: [file, good],
      codes: [['invalid-json', 'invalid-record']],
      absentCodes: ['binary-file'],
      hostileEvents: size - 1,
    };
  }),
  utf16Case('utf16-le-bom', false, true),
  utf16Case('utf16-le-no-bom', false, false),
  utf16Case('utf16-be-bom', true, true),
  utf16Case('utf16-be-no-bom', true, false),
  deflatedCase('zlib-level-3', false),
  deflatedCase('raw-deflate', true),
  {
    name: 'unicode-case-folding',
    issue: 'object:ÄBC.pdf finds nothing: queries fold case with full Unicode rules, stored values only ASCII',
    unitSize: 1,
    fullSize: 1,
    async build(dir) {
      const good = placeGoodLog(path.join(dir, 'good'));
      const record = probeRecord(1, { eventName: 'HostileUnicode', requestParameters: { bucketName: 'probe-bucket', key: 'ÄBC.pdf' } });
      const file = write(path.join(dir, 'unicode.json'), recordsText([record]));
      const queries = ['object:ÄBC.pdf', 'object:äbc.pdf', 'object:*Äbc*'];
      return {
        steps: [...queries.map((query) => queryRun(file, query)), cli('stats', file, good)],
        statsStep: queries.length,
        codes: 'none',
        hostileEvents: 1,
        check: (outputs) => queries.flatMap((query, k) => expectEqual(`events found by ${query}`, lines(outputs[k]).length, 1)),
      };
    },
  },
  {
    name: 'event-id-case',
    issue: 'id: exact is case-sensitive while id:x* is not: one rule for both',
    unitSize: 1,
    fullSize: 1,
    async build(dir) {
      const good = placeGoodLog(path.join(dir, 'good'));
      const file = write(path.join(dir, 'ids.json'), recordsText([probeRecord(1, { eventName: 'HostileId' })]));
      const upper = probeEventId(1).toUpperCase();
      return {
        steps: [queryRun(file, `id:${upper}`), queryRun(file, `id:${upper.slice(0, -2)}*`), cli('stats', file, good)],
        statsStep: 2,
        codes: 'none',
        hostileEvents: 1,
        check: ([exact, wildcard]) => expectEqual('id:UPPER (exact) and id:UPPER* agree', lines(exact).length, lines(wildcard).length),
      };
    },
  },
  statsCase('impossible-event-time', 'eventTime 2023-02-31 becomes 3 March; +25:99 offsets are accepted', [2, 2], (dir, _size, good) => {
    const records = [
      probeRecord(1, { eventName: 'HostileTime', eventTime: '2023-02-31T10:00:00Z' }),
      probeRecord(2, { eventName: 'HostileTime', eventTime: '2023-01-01T10:00:00+25:99' }),
      probeRecord(3, { eventName: 'HostileTime' }),
    ];
    const file = write(path.join(dir, 'times.json'), recordsText(records));
    return {
      paths: [file, good],
      codes: ['invalid-time'],
      check: (_outputs, stats) =>
        diagnosticsOf(stats, file).filter((diagnostic) => diagnostic.code === 'invalid-time').length >= 2
          ? []
          : ['not both impossible times are diagnosed'],
    };
  }),
  statsCase(
    'missing-fields-positions',
    'missing or mistyped fields get diagnostics without line:column; stats JSON drops positions',
    [4, 4],
    (dir, _size, good) => {
      const records: Record<string, unknown>[] = [
        probeRecord(1, { eventName: 5 }),
        probeRecord(2, { eventSource: ['s3'] }),
        probeRecord(3, { userIdentity: 'root' }),
        probeRecord(4, { eventName: 'HostileFields' }),
      ];
      delete records[3].eventTime;
      const file = write(path.join(dir, 'fields.json'), recordsText(records));
      return {
        paths: [file, good],
        codes: [['invalid-field', 'invalid-record']],
        check: (_outputs, stats) =>
          diagnosticsOf(stats, file).flatMap((diagnostic) =>
            Number.isInteger(diagnostic.line) && Number.isInteger(diagnostic.column) && diagnostic.line! >= 1 && diagnostic.column! >= 1
              ? []
              : [`stats diagnostic without line:column: ${diagnostic.code} ${diagnostic.message}`],
          ),
      };
    },
  ),
  statsCase('workers-50', '--workers 50 has no cap (50 workers, 778 MB)', [60, 60], (dir, size, good) => {
    for (let k = 0; k < size; k++)
      write(path.join(dir, 'many', `log-${k}.json`), recordsText([0, 1, 2].map((n) => probeRecord(k * 3 + n, { eventName: 'HostileWorkers' }))));
    return {
      paths: [path.join(dir, 'many'), good],
      flags: ['--workers', '50'],
      codes: 'none',
      hostileEvents: 3 * size,
      check: ([run]) => (/worker/i.test(run.stderr) ? [] : ['stderr does not say that --workers 50 was capped']),
    };
  }),
  {
    name: 'terminal-escapes',
    issue: 'escape sequences from records reach the terminal unescaped in explain text and stderr diagnostics',
    unitSize: 1,
    fullSize: 1,
    async build(dir) {
      const good = placeGoodLog(path.join(dir, 'good'));
      const records = [
        probeRecord(1, {
          eventName: `HostileEscapes${ESC}]0;renamed${ESC}\\`,
          userAgent: `${ESC}]0;pwned${ESC}\\`,
          errorCode: `${ESC}[2J${ESC}[H`,
          errorMessage: `${ESC}]8;;https://evil.example/\x07click here${ESC}]8;;\x07`,
          sourceIPAddress: `${ESC}[31m203.0.113.7\u009b0m`,
          requestParameters: { bucketName: `bucket${ESC}[1A`, key: `key\x07\r` },
        }),
        probeRecord(2, { eventName: 'HostileEscapes', eventTime: `${ESC}]0;title\x07${ESC}[2J` }),
      ];
      const file = write(path.join(dir, 'escapes.json'), recordsText(records));
      const explain: Step = { run: { kind: 'cli', args: ['explain', file, good, '--event', probeEventId(1)] }, exits: [0, 1] };
      return {
        steps: [explain, cli('stats', file, good)],
        statsStep: 1,
        codes: ['invalid-time'],
        check: ([run]) => [
          ...checkNoControls('explain stdout', run.stdout),
          ...checkNoControls('stderr', run.stderr),
          ...(/\\x1b|\\u001b/i.test(run.stdout) ? [] : ['explain stdout does not show the escaped \\x1b']),
        ],
      };
    },
  },
  {
    name: 'cancel-walk',
    issue: 'cancel does not stop a folder walk (two symlinks to .. never finish)',
    unitSize: 2,
    fullSize: 2,
    async build(dir, size) {
      const good = placeGoodLog(path.join(dir, 'logs'));
      for (let k = 0; k < size; k++) symlinkSync('..', path.join(path.dirname(good), `up${k}.json`));
      const probe = probeStep('cancel-walk', path.dirname(good));
      return { steps: [probe], codes: [], withoutGoodLog: true };
    },
  },
];

/** Failures of a run of a case: exit statuses, codes, the good log's events and the case's own checks. */
export function verifyCase(built: BuiltCase, outputs: RunOutput[], good: Stats): string[] {
  const statsOutput = outputs[built.statsStep ?? 0];
  const failures: string[] = [];
  built.steps.forEach((step, k) => {
    const output = outputs[k];
    const what = `${step.run.kind === 'cli' ? 'ctlens' : 'probe ' + step.run.probe} ${step.run.args.join(' ').slice(0, 160)}`;
    if (output.timedOut) failures.push(`${what}: did not finish (timed out)`);
    else if (!step.exits.includes(output.status ?? -1))
      failures.push(`${what}: exit ${output.status ?? output.signal}, expected ${step.exits.join(' or ')}; stderr: ${output.stderr.slice(0, 600)}`);
  });
  let stats: Stats;
  try {
    stats = JSON.parse(statsOutput.stdout) as Stats;
  } catch {
    return [...failures, `no stats JSON on stdout (exit ${statsOutput.status}): ${statsOutput.stderr.slice(0, 600)}`];
  }
  failures.push(...(stats.failures ?? []));
  const codes = new Set(stats.diagnostics.map((diagnostic) => diagnostic.code));
  if (built.codes === 'none' && stats.diagnostics.length > 0) failures.push(`valid input, yet diagnostics: ${stats.diagnostics[0].message}`);
  for (const wanted of built.codes === 'none' ? [] : built.codes) {
    const anyOf = Array.isArray(wanted) ? wanted : [wanted];
    if (!anyOf.some((code) => codes.has(code))) failures.push(`no ${anyOf.join(' or ')} diagnostic; got ${[...codes].join(', ') || 'none'}`);
  }
  for (const code of built.absentCodes ?? []) if (codes.has(code)) failures.push(`unexpected ${code} diagnostic`);
  const miscounted = built.withoutGoodLog
    ? []
    : Object.entries(good.eventNames).filter(([name, count]) => ownCount(stats.eventNames, name) !== count);
  if (miscounted.length > 0) {
    const [name, count] = miscounted[0];
    failures.push(
      `good log: ${miscounted.length} event names miscounted, e.g. ${count} ${name} expected, got ${ownCount(stats.eventNames, name) ?? 0}`,
    );
  }
  if (built.hostileEvents !== undefined && !built.withoutGoodLog)
    failures.push(...expectEqual('events in all', stats.events, good.events + built.hostileEvents));
  failures.push(...(built.check?.(outputs, stats) ?? []));
  return failures;
}

/** Runs a case's steps with `execute`, then verifies them. */
export async function runCase(
  built: BuiltCase,
  good: Stats,
  execute: (run: Run, stepIndex: number) => Promise<RunOutput>,
): Promise<{ outputs: RunOutput[]; failures: string[] }> {
  const outputs: RunOutput[] = [];
  for (let k = 0; k < built.steps.length; k++) outputs.push(await execute(built.steps[k].run, k));
  return { outputs, failures: verifyCase(built, outputs, good) };
}

// Engine probes: cases the CLI cannot reach (re-reads after a rewrite, the viewer's inflating, pretty-printing,
// hovers, cancel). Each runs in a child process, so a hang or a crash is seen from outside like the CLI's, and
// prints a Stats JSON whose `failures` list what the probe found wrong.

async function storeOf(paths: string[], options: { signal?: AbortSignal } = {}): Promise<EventStore> {
  const store = new EventStore();
  store.add(await loadPaths(paths, { workers: 0, ...options }));
  return store;
}

function statsOfStore(store: EventStore, failures: string[], extra: Stats['diagnostics'] = []): Stats {
  const counts = (field: 'eventName' | 'errorCode') => {
    const result: Record<string, number> = Object.create(null) as Record<string, number>;
    for (const bucket of store.group(store.allIds(), field)) if (bucket.value !== null) result[bucket.value] = bucket.count;
    return result;
  };
  const diagnostics = [...store.diagnostics(), ...extra].map(({ file, code, message, line, column }) => ({ file, code, message, line, column }));
  return { events: store.allIds().length, eventNames: counts('eventName'), errors: counts('errorCode'), diagnostics, failures };
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

type Probe = (args: string[]) => Promise<Stats>;

const PROBES = new Map<string, Probe>([
  [
    'rewritten',
    async ([dir]) => {
      const store = await storeOf([dir]);
      const before = new Map<number, string>();
      for (const id of store.allIds()) before.set(id, (await store.readRecord(id)).text);
      const sameSize = path.join(dir, 'same-size.json');
      const shrunk = path.join(dir, 'shrunk.json');
      writeFileSync(sameSize, readFileSync(sameSize, 'utf8').replaceAll('object-', 'OBJECT-').replaceAll('"eventName"', '"eventNAME"'));
      truncateSync(shrunk, Math.floor(readFileSync(shrunk).length / 2));
      const failures: string[] = [];
      const reported: Stats['diagnostics'] = [];
      for (const id of store.allIds()) {
        const file = store.summary(id)?.file ?? '?';
        const changed = file === sameSize || file === shrunk;
        try {
          const { text } = await store.readRecord(id);
          if (changed && text !== before.get(id))
            failures.push(`${path.basename(file)}: readRecord returned other bytes than were indexed, without a word`);
        } catch (error) {
          const code = (error as { code?: string }).code;
          reported.push({ file, code: code ?? 'thrown', message: errorText(error) });
          if (!changed) failures.push(`${path.basename(file)} is unchanged but its record cannot be re-read: ${errorText(error)}`);
          else if (error instanceof SyntaxError || !/changed since it was loaded/i.test(errorText(error)))
            failures.push(`${path.basename(file)}: re-reading after a rewrite fails with ${errorText(error)}, not "changed since it was loaded"`);
        }
      }
      return statsOfStore(store, failures, reported);
    },
  ],
  [
    'viewer-bomb',
    async ([file, good, bound]) => {
      const store = await storeOf([good]);
      const failures: string[] = [];
      const reported: Stats['diagnostics'] = [];
      try {
        const text = await (bound === undefined ? readLogText(file) : readLogText(file, Number(bound)));
        failures.push(`readLogText returned ${text.length} characters over the bound${bound === undefined ? '' : ` of ${bound} bytes`}`);
      } catch (error) {
        if (/too.large|--max-text-mb|bound/i.test(errorText(error))) reported.push({ file, code: 'too-large', message: errorText(error) });
        else failures.push(`readLogText failed without naming the bound: ${errorText(error)}`);
      }
      return statsOfStore(store, failures, reported);
    },
  ],
  [
    'deep-pretty',
    async ([file, good]) => {
      const store = await storeOf([file, good]);
      const failures: string[] = [];
      const text = readFileSync(file, 'utf8');
      try {
        const pretty = prettyPrintJson(text);
        const bound = 100 * text.length + MB;
        if (pretty.length > bound) failures.push(`prettyPrintJson made ${pretty.length} characters of ${text.length} (bound ${bound})`);
      } catch (error) {
        failures.push(`prettyPrintJson threw ${errorText(error)}`);
      }
      const deep = store.query('name:HostileDeep');
      for (const id of deep.ok ? deep.ids : []) {
        try {
          await store.readRecord(id);
        } catch (error) {
          failures.push(`readRecord of the deep record threw ${errorText(error)}`);
        }
      }
      return statsOfStore(store, failures);
    },
  ],
  [
    'hover-keys',
    async ([file, good]) => {
      const store = await storeOf([file, good]);
      const failures: string[] = [];
      const found = store.query('name:HostileHover');
      for (const id of found.ok ? found.ids : []) {
        const { record } = await store.readRecord(id);
        for (const key of PROTOTYPE_KEYS) {
          for (const hoverPath of [[key], [key, key], ['userIdentity', key], ['requestParameters', key]]) {
            try {
              const explanation = fieldNote(record, hoverPath);
              if (explanation !== undefined && (typeof explanation.title !== 'string' || !Array.isArray(explanation.lines)))
                failures.push(`hover on ${hoverPath.join('.')} is not an explanation: ${String(explanation)}`);
            } catch (error) {
              failures.push(`hover on ${hoverPath.join('.')} threw ${errorText(error)}`);
            }
          }
        }
      }
      if (!found.ok || found.ids.length !== 1) failures.push('the record with prototype keys did not load');
      return statsOfStore(store, failures);
    },
  ],
  [
    'cancel-walk',
    async ([dir]) => {
      const cancel = new AbortController();
      cancel.abort();
      const store = await storeOf([dir], { signal: cancel.signal });
      return statsOfStore(store, store.allIds().length === 0 ? [] : [`${store.allIds().length} events loaded after the load was cancelled`]);
    },
  ],
]);

/** Entry of a probe child process: prints its Stats JSON; exit 1 when it has diagnostics, 3 when it threw. */
export async function runProbe(name: string, args: string[]): Promise<void> {
  const probe = PROBES.get(name);
  if (probe === undefined) {
    process.stderr.write(`unknown probe ${name}\n`);
    process.exitCode = 2;
    return;
  }
  try {
    const stats = await probe(args);
    process.stdout.write(JSON.stringify(stats) + '\n');
    process.exitCode = stats.diagnostics.length > 0 ? 1 : 0;
  } catch (error) {
    process.stderr.write(`probe ${name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 3;
  }
}
