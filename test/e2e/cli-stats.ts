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

/** Runs `node dist/cli.js stats <paths…> --json` and maps its answer to the tree's vocabulary. */
export function cliStats(...paths: string[]): Stats {
  const root = findRoot();
  const cli = path.join(root, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) throw new Error(`${cli} does not exist: the CLI (src/cli.ts) is not built`);
  let out: string;
  try {
    out = execFileSync(process.execPath, [cli, 'stats', '--json', ...paths], { encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (e) {
    // a non-zero exit (e.g. some file had problems) may still carry the JSON answer on stdout
    out = String((e as { stdout?: string }).stdout || '');
    if (!out.trim()) throw e;
  }
  return parseStats(JSON.parse(out));
}

export function parseStats(j: any): Stats {
  const total = num(j.events ?? j.total ?? j.count ?? j.totalEvents);
  const byLevel = j.levels ?? j.byLevel ?? j.level ?? {};
  const pick = (...keys: string[]) => {
    for (const k of keys) {
      const v = byLevel[k];
      if (typeof v === 'number') return v;
      if (v && typeof v === 'object' && typeof (v.events ?? v.count) === 'number') return v.events ?? v.count;
    }
    throw new Error(`ctlens stats --json: no count for level ${keys.join('/')} in ${JSON.stringify(byLevel)}`);
  };
  const levels: Record<string, number> = {
    'Account-level': pick('account', 'Account-level', 'accountLevel'),
    'Bucket-level': pick('bucket', 'Bucket-level', 'bucketLevel'),
    'Object-level (data events)': pick('object', 'Object-level', 'objectLevel', 'Object-level (data events)'),
    'Other services': pick('other', 'Other services', 'otherServices', 'nonS3', 'none'),
  };
  const diags: any[] = j.diagnostics ?? j.problems ?? [];
  const problemFiles = [...new Set(diags.map(d => String(d.file ?? d.path ?? '')).filter(Boolean))];
  return { total, levels, problemFiles, raw: j };
}

function num(v: unknown): number {
  if (typeof v !== 'number') throw new Error(`ctlens stats --json: no event total (got ${JSON.stringify(v)})`);
  return v;
}

/** "12 events · 2 errors" → 12 (the count a tree group shows in its description). */
export function countOfDescription(description: string | undefined): number | undefined {
  const m = /([\d,]+)\s+events?/.exec(description || '');
  return m ? Number(m[1].replace(/,/g, '')) : undefined;
}
