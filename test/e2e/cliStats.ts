// Expected counts for the real-VS-Code tests come from the project's own CLI (`node dist/cli.js stats PATH --json`),
// never from numbers written into the tests: the tree must agree with `ctlens stats` on the same files.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

function findRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/** Tree group label of each S3 level (docs/contracts.md). */
export const LEVEL_LABELS = ['Account-level', 'Bucket-level', 'Object-level (data events)', 'Other services'] as const;

export interface Stats {
  /** events loaded */
  total: number;
  /** events per tree group label (LEVEL_LABELS) */
  levels: Record<string, number>;
  /** files that loaded with problems, as the CLI names them */
  problemFiles: string[];
  raw: unknown;
}

/** Runs `node dist/cli.js stats <paths…> [--filter QUERY]` and maps its JSON answer to the tree's vocabulary. */
export function cliStats(paths: string | string[], filter?: string): Stats {
  const root = findRoot();
  const cli = path.join(root, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) throw new Error(`${cli} does not exist: the CLI (src/cli.ts) is not built`);
  const args = [cli, 'stats', ...(Array.isArray(paths) ? paths : [paths]), ...(filter ? ['--filter', filter] : [])];
  let out: string;
  try {
    out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    // exit 1 = some input had problems; what loaded is still printed
    out = String((e as { stdout?: string }).stdout || '');
    if (!out.trim()) throw e;
  }
  return parseStats(JSON.parse(out));
}

/** `ctlens stats` prints { files, events, uniqueEvents, s3Events, levels, uniqueLevels: { account, bucket, object },
 *  eventNames, errors, diagnostics }; the tree counts each event once (uniqueLevels, uniqueEvents), the status bar
 *  counts records (events); events of no S3 level are the tree's "Other services". */
export function parseStats(j: any): Stats {
  if (typeof j?.events !== 'number' || typeof j?.levels !== 'object')
    throw new Error(`unexpected ctlens stats output: ${JSON.stringify(j).slice(0, 300)}`);
  const treeLevels = j.uniqueLevels ?? j.levels;
  const account = treeLevels.account ?? 0,
    bucket = treeLevels.bucket ?? 0,
    object = treeLevels.object ?? 0;
  const levels: Record<string, number> = {
    'Account-level': account,
    'Bucket-level': bucket,
    'Object-level (data events)': object,
    'Other services': (j.uniqueEvents ?? j.events) - account - bucket - object,
  };
  const problemFiles = [...new Set(((j.diagnostics ?? []) as any[]).map((d) => String(d.file)))];
  return { total: j.events, levels, problemFiles, raw: j };
}

/** A tree group's description as src/view/eventLabels.ts countText writes it: "16,574", or "16,574 · 24 ✗" when some failed. */
const GROUP_COUNT = /^(\d{1,3}(?:,\d{3})*)(?: · (\d{1,3}(?:,\d{3})*) ✗)?$/;

const numberOf = (digits: string) => Number(digits.replace(/,/g, ''));

/** "16,574 · 24 ✗" → { events: 16574, errors: 24 }; undefined when the text is not a group's count (an event row, Problems). */
export function groupCounts(description: string | undefined): { events: number; errors: number } | undefined {
  const m = GROUP_COUNT.exec(description ?? '');
  if (!m || (m[2] !== undefined && numberOf(m[2]) === 0)) return undefined;
  return { events: numberOf(m[1]), errors: m[2] === undefined ? 0 : numberOf(m[2]) };
}

/** The count of a row that is a group, undefined for the other rows (the helpers read it off every row). */
export function countOfDescription(description: string | undefined): number | undefined {
  return groupCounts(description)?.events;
}

/** The count a group row shows; throws, quoting the text, when its description is not a group's count. */
export function groupCount(description: string | undefined): number {
  const counts = groupCounts(description);
  if (!counts) throw new Error(`not a group's count ("16,574" or "16,574 · 24 ✗"): "${description}"`);
  return counts.events;
}

/** The AWS account an access key id belongs to, by the publicly documented encoding (base32 of the characters
 *  after the 4-letter prefix; bits 1–40 of the first 48, i.e. (x & 0x7fffffffff80) >> 7). An independent oracle
 *  for the hover and panel tests: the Invictus records' userIdentity.accountId was anonymised, their keys not. */
export function accountOfAccessKey(key: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of key.slice(4)) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const x = BigInt('0b' + bits.slice(0, 48));
  return ((x & 0x7fffffffff80n) >> 7n).toString().padStart(12, '0');
}
