// Log shapes for the whole-process benchmark: the same seeded records (bench/generate.ts) written the ways real logs
// come, so the engine is not only measured on the layout it was tuned on. Each shape is a folder under bench-data/
// with a marker beside it (same seed and size → same bytes, so a generated folder is reused).
// - generator: generate.ts's delivery folder (5,000 events per .json.gz).
// - large-records: 2–4 KB records: big nested requestParameters/responseElements, long user agents, strings with
//   escapes and non-ASCII UTF-8.
// - many-small: 100 events per file, the shape of a real delivery folder (CloudTrail delivers about every 5 minutes,
//   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/how-cloudtrail-works.html).
// - few-big: ten files (~130 MB of JSON each at 1M events).
// - pretty: pretty-printed JSON (2-space indent), as an export or `jq .` writes it.
// - jsonl: JSON Lines, one bare record per line (.jsonl.gz; the folder walk reads .gz and detects the lines by content).

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import {
  ACCOUNTS,
  AGENTS,
  deliveryName,
  EVENTS_PER_FILE,
  generateDeliveryFolder,
  hex,
  makeRandom,
  makeRecords,
  ORGANIZATION,
  pick,
  Pools,
  REGIONS,
  type GeneratedSet,
  type Random,
} from './generate';

const gzipAsync = promisify(gzip);

export const SHAPE_NAMES = ['generator', 'large-records', 'many-small', 'few-big', 'pretty', 'jsonl'] as const;
export type ShapeName = (typeof SHAPE_NAMES)[number];

/** How a shape's files hold their records: a CloudTrail {"Records": [...]} object, or one record per line. */
export type RecordLayout = 'records' | 'jsonl';

export interface ShapeSet extends GeneratedSet {
  shape: ShapeName;
  layout: RecordLayout;
  /** The log files' name ending (for globs and listings). */
  extension: string;
}

type JsonObject = { [key: string]: unknown };

interface ShapeWriter {
  layout: RecordLayout;
  extension: string;
  /** Files for `events` events. */
  fileCount(events: number): number;
  /** A record as the shape writes it (default: as generated). */
  reshape?(random: Random, record: JsonObject): JsonObject;
  encode(records: JsonObject[]): string;
}

const recordsObject = (records: JsonObject[]) => JSON.stringify({ Records: records });

const WRITERS: { [shape in Exclude<ShapeName, 'generator'>]: ShapeWriter } = {
  'large-records': {
    layout: 'records',
    extension: '.json.gz',
    fileCount: (events) => Math.ceil(events / EVENTS_PER_FILE),
    reshape: enlargeRecord,
    encode: recordsObject,
  },
  'many-small': { layout: 'records', extension: '.json.gz', fileCount: (events) => Math.ceil(events / 100), encode: recordsObject },
  'few-big': { layout: 'records', extension: '.json.gz', fileCount: (events) => Math.min(10, events), encode: recordsObject },
  pretty: {
    layout: 'records',
    extension: '.json.gz',
    fileCount: (events) => Math.ceil(events / EVENTS_PER_FILE),
    encode: (records) => JSON.stringify({ Records: records }, null, 2) + '\n',
  },
  jsonl: {
    layout: 'jsonl',
    extension: '.jsonl.gz',
    fileCount: (events) => Math.ceil(events / EVENTS_PER_FILE),
    encode: (records) => records.map((record) => JSON.stringify(record)).join('\n') + '\n',
  },
};

const TEXT_WITH_ESCAPES = [
  'Quarterly "finance" export\nrun by the nightly job',
  'C:\\exports\\2024\\q2 — résumé café naïve',
  'Zürich → São Paulo, 東京 and 🚀 launch notes',
  'tab\tseparated\tvalues and a backslash \\ at the end \\',
];
const LONG_AGENT_PARTS = [
  'aws-sdk-js/3.540.0 ua/2.0 os/linux#5.10.213-201.855.amzn2.x86_64 lang/js md/nodejs#20.11.1 api/s3#3.540.0',
  'exec-env/AWS_Lambda_nodejs20.x cfg/retry-mode#standard md/crt-avail app/data-pipeline-ingest#4.2.1',
  'aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.ubuntu.22 prompt/off command/s3api.put-object',
  'Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.42.0 (+https://registry.terraform.io/providers/hashicorp/aws)',
];

function longAgent(random: Random): string {
  const parts = [pick(random, AGENTS)];
  const count = 2 + Math.floor(random() * 3);
  for (let k = 0; k < count; k++) parts.push(pick(random, LONG_AGENT_PARTS));
  return parts.join(' ');
}

function tagSet(random: Random, count: number): JsonObject[] {
  return Array.from({ length: count }, (_, k) => ({ key: `team-${k}-${hex(random, 4)}`, value: pick(random, TEXT_WITH_ESCAPES) }));
}

/** A policy document as a JSON string inside the record (escaped quotes), as PutBucketPolicy logs it. */
function policyText(random: Random, statements: number): string {
  const statement = () => ({
    Sid: `Stmt${hex(random, 8)}`,
    Effect: random() < 0.8 ? 'Allow' : 'Deny',
    Principal: { AWS: `arn:aws:iam::${pick(random, ACCOUNTS)}:role/${hex(random, 6)}` },
    Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'],
    Resource: [`arn:aws:s3:::bucket-${hex(random, 6)}/*`],
    Condition: { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION } },
  });
  return JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: statements }, statement) });
}

/** The generated record grown to 2–4 KB of JSON, its fields the engine reads (bucketName, key, credentials) kept. */
export function enlargeRecord(random: Random, record: JsonObject): JsonObject {
  const target = 2048 + Math.floor(random() * 2048);
  const parameters =
    typeof record.requestParameters === 'object' && record.requestParameters !== null ? (record.requestParameters as JsonObject) : {};
  const response = typeof record.responseElements === 'object' && record.responseElements !== null ? (record.responseElements as JsonObject) : {};
  const grown: JsonObject = {
    ...record,
    userAgent: longAgent(random),
    requestParameters: { ...parameters, Tagging: { TagSet: tagSet(random, 2 + Math.floor(random() * 4)) }, policy: policyText(random, 1) },
    responseElements: { ...response, 'x-amz-request-charged': 'requester', items: [] as JsonObject[] },
  };
  let size = JSON.stringify(grown).length;
  const items = (grown.responseElements as { items: JsonObject[] }).items;
  while (size < target) {
    const item = {
      itemId: `i-${hex(random, 17)}`,
      state: { code: 16, name: 'running' },
      description: pick(random, TEXT_WITH_ESCAPES),
      tags: tagSet(random, 1 + Math.floor(random() * 2)),
      blockDeviceMapping: [{ deviceName: '/dev/xvda', ebs: { volumeId: `vol-${hex(random, 17)}`, status: 'attached', deleteOnTermination: true } }],
    };
    items.push(item);
    size += JSON.stringify(item).length + 1;
  }
  return grown;
}

function shapeFolder(root: string, shape: ShapeName, seed: number, events: number): string {
  return path.join(root, `shape-${shape}-seed${seed}-events${events}`);
}

/** Gzips at most this many files at once on libuv's threads while the next file's records are made. */
const GZIP_IN_FLIGHT = 2;

async function writeShape(
  root: string,
  shape: Exclude<ShapeName, 'generator'>,
  seed: number,
  events: number,
  log: (line: string) => void,
): Promise<ShapeSet> {
  const writer = WRITERS[shape];
  const folder = shapeFolder(root, shape, seed, events);
  const marker = `${folder}.generated.json`;
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as ShapeSet;
  rmSync(folder, { recursive: true, force: true });
  const random = makeRandom(seed);
  const pools = new Pools(random);
  const fileCount = writer.fileCount(events);
  const perFile = Math.ceil(events / fileCount);
  const start = Date.UTC(2024, 4, 1);
  const set: ShapeSet = { shape, layout: writer.layout, extension: writer.extension, folder, files: fileCount, events, gzipBytes: 0, jsonBytes: 0 };
  const pending: Promise<void>[] = [];
  for (let f = 0; f < fileCount; f++) {
    const account = ACCOUNTS[f % ACCOUNTS.length];
    const region = REGIONS[Math.floor(f / ACCOUNTS.length) % REGIONS.length];
    const at = new Date(start + f * 300_000);
    const dir = path.join(folder, 'AWSLogs', ORGANIZATION, account, 'CloudTrail', region, ...at.toISOString().slice(0, 10).split('-'));
    mkdirSync(dir, { recursive: true });
    const count = Math.min(perFile, events - f * perFile);
    const made = makeRecords(random, pools, account, region, at.getTime(), count);
    const reshape = writer.reshape;
    const text = writer.encode(reshape === undefined ? made : made.map((record) => reshape(random, record)));
    const file = path.join(dir, deliveryName(account, region, at, random, writer.extension));
    set.jsonBytes += Buffer.byteLength(text);
    pending.push(
      gzipAsync(text, { level: 6 }).then((gz) => {
        writeFileSync(file, gz);
        set.gzipBytes += gz.length;
      }),
    );
    if (pending.length >= GZIP_IN_FLIGHT) await pending.shift();
    if (f % 10 === 0) log(`generating ${shape}: ${f + 1}/${fileCount} files`);
  }
  await Promise.all(pending);
  writeFileSync(marker, JSON.stringify(set));
  return set;
}

/** Generates (or reuses) the folder of one shape with `events` events. */
export async function generateShape(root: string, shape: ShapeName, seed: number, events: number, log: (line: string) => void): Promise<ShapeSet> {
  if (shape === 'generator') return { ...generateDeliveryFolder(root, seed, events, log), shape, layout: 'records', extension: '.json.gz' };
  return writeShape(root, shape, seed, events, log);
}

/** Parses a --shapes list (names separated by commas). */
export function parseShapes(list: string): ShapeName[] {
  const names = list.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(SHAPE_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown shape(s) ${unknown.join(', ')} (expected ${SHAPE_NAMES.join(', ')})`);
  return names as ShapeName[];
}
