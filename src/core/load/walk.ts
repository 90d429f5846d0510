// Expands the paths a user gave into log files. Folders are walked recursively, which covers the delivery
// layout AWSLogs/[o-ORG/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/*.json.gz
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html). Digest files
// (…/CloudTrail-Digest/…, https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html)
// are recognised by path and kept apart. Symbolic links are followed, but each real file and folder (device +
// inode) is visited once, so a link back up the tree cannot make the walk loop or read a file twice.

import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { compareCodeUnits } from '../compareCodeUnits';
import type { Diagnostic } from '../types';
import { makeDiagnostic } from './diagnostics';

/** File name endings read as logs when found inside a folder (a file named explicitly is always read), beside FIREHOSE_OBJECT_NAME. */
const LOG_NAME_ENDINGS = ['.json', '.json.gz', '.gz', '.jsonl', '.ndjson', '.csv'];
const DIGEST_MARKER = 'CloudTrail-Digest';

/** The files found under the given paths. */
export interface WalkResult {
  logs: { file: string; size: number }[];
  digests: string[];
  skipped: string[];
  diagnostics: Diagnostic[];
}

/** True for a path in the digest layout or with a digest file name. */
function isDigestPath(file: string): boolean {
  return file.split(/[\\/]/).some((segment) => segment === DIGEST_MARKER || segment.includes(`_${DIGEST_MARKER}_`));
}

/**
 * The name Amazon Data Firehose gives an object it delivers to S3, which has no extension unless it compresses:
 * `<stream name>-<stream version>-<year>-<month>-<day>-<hour>-<minute>-<second>-<uuid>`
 * (https://docs.aws.amazon.com/firehose/latest/dev/s3-object-name.html), the way CloudTrail events sent to CloudWatch
 * Logs reach S3 through a subscription.
 */
const FIREHOSE_OBJECT_NAME = /-\d+-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function looksLikeLogName(file: string): boolean {
  const lower = file.toLowerCase();
  return LOG_NAME_ENDINGS.some((ending) => lower.endsWith(ending)) || FIREHOSE_OBJECT_NAME.test(lower);
}

function identityOf(info: Stats): string {
  return `${info.dev}:${info.ino}`;
}

/** The calls a walk makes; a failed call rejects. */
export interface WalkFileSystem {
  stat(file: string): Promise<Stats>;
  readdir(folder: string): Promise<string[]>;
  realpath(file: string): Promise<string>;
}

/** Through the thread pool: for a thread that must keep answering (the extension host). */
export const POOLED_CALLS: WalkFileSystem = { stat, readdir, realpath };

/**
 * Blocking calls: for a thread that may block (ctlens), where a folder of 10,000 logs took 0.43–0.58 s of round trips
 * to the thread pool even stat'ed 32 ahead, and 0.12–0.21 s so.
 */
export const BLOCKING_CALLS: WalkFileSystem = {
  stat: async (file) => statSync(file),
  readdir: async (folder) => readdirSync(folder),
  realpath: async (file) => realpathSync(file),
};

/** Entries of a folder stat'ed ahead of the one being visited. */
const STATS_AHEAD = 32;

/** One walk: what it found and which real files and folders it has already been through. */
class Walk {
  readonly result: WalkResult = { logs: [], digests: [], skipped: [], diagnostics: [] };
  /** Real files and folders seen, by device + inode, with the first path they were seen by. */
  private readonly seen = new Map<string, string>();
  /** Real folders a link must not lead back to, with their paths: the folders being walked and those above the
   *  folder the user gave (walking one of those would walk it again). */
  private readonly ancestors = new Map<string, string>();

  constructor(
    private readonly signal: AbortSignal | undefined,
    private readonly fs: WalkFileSystem,
  ) {}

  private warn(file: string, code: 'path-loop' | 'duplicate-path', message: string): void {
    this.result.diagnostics.push(makeDiagnostic(file, code, message, {}, 'warning'));
  }

  /** Walks a path given by the user (explicit) or found in a folder, with what stat said of it when stat'ed ahead. */
  async visit(given: string, explicit: boolean, stated?: Promise<Stats>): Promise<void> {
    // Before any call: a stat started after a cancel may outlive the folder it looks at, and reject unheard.
    if (this.signal?.aborted) return;
    let info: Stats;
    try {
      info = await (stated ?? this.fs.stat(given));
    } catch (error) {
      // A dangling link or an unreadable entry in a folder: loadFile reports it with its reason.
      if (explicit) this.result.diagnostics.push(makeDiagnostic(given, 'file-unreadable', `${given}: cannot be read (${(error as Error).message}).`));
      else if (looksLikeLogName(given)) this.result.logs.push({ file: given, size: 0 });
      else this.result.skipped.push(given);
      return;
    }
    if (info.isDirectory()) return explicit ? this.root(given, info) : this.folder(given, info);
    if (isDigestPath(given)) {
      this.result.digests.push(given);
      return;
    }
    if (!explicit && !looksLikeLogName(given)) {
      this.result.skipped.push(given);
      return;
    }
    if (this.isRepeat(given, info, 'file')) return;
    this.result.logs.push({ file: given, size: info.size });
  }

  /** True (with a warning) when this real file or folder was already reached by another path. */
  private isRepeat(given: string, info: Stats, what: 'file' | 'folder'): boolean {
    const identity = identityOf(info);
    const first = this.seen.get(identity);
    if (first === undefined) {
      this.seen.set(identity, given);
      return false;
    }
    const message = first === given ? `${given}: given twice; read once.` : `${given}: the same ${what} as ${first}; read once.`;
    this.warn(given, 'duplicate-path', message);
    return true;
  }

  private async folder(folder: string, info: Stats): Promise<void> {
    const identity = identityOf(info);
    const inside = this.ancestors.get(identity);
    if (inside !== undefined) {
      this.warn(folder, 'path-loop', `${folder}: a link back to ${inside}, a folder it is inside; not followed.`);
      return;
    }
    if (this.isRepeat(folder, info, 'folder')) return;
    let names: string[];
    try {
      names = await this.fs.readdir(folder);
    } catch (error) {
      this.result.diagnostics.push(makeDiagnostic(folder, 'file-unreadable', `${folder}: folder cannot be read (${(error as Error).message}).`));
      return;
    }
    names.sort(compareCodeUnits);
    this.ancestors.set(identity, folder);
    // The entries are visited in order, but stat'ed STATS_AHEAD ahead: one at a time, a folder of 10,000 logs took
    // 1.5 s of round trips to the thread pool, a fifth of what DuckDB takes to read them all.
    const paths = names.map((name) => path.join(folder, name));
    const stats: Promise<Stats>[] = [];
    const statAhead = (k: number) => {
      if (k < paths.length) stats[k] = this.fs.stat(paths[k]);
      // A failed stat is the visit's to report; until then it must not count as unhandled.
      stats[k]?.catch(() => undefined);
    };
    for (let k = 0; k < STATS_AHEAD; k++) statAhead(k);
    for (let k = 0; k < paths.length; k++) {
      // Nothing more is stat'ed once cancelled: the entries left would each be stat'ed, ahead, and not visited.
      if (this.signal?.aborted) break;
      statAhead(k + STATS_AHEAD);
      await this.visit(paths[k], false, stats[k]);
      delete stats[k];
    }
    this.ancestors.delete(identity);
  }

  /** Walks a folder the user gave, with the folders above it counted as ancestors. */
  private async root(folder: string, info: Stats): Promise<void> {
    const above = await foldersAbove(folder, this.fs);
    const fresh = above.filter(([identity]) => !this.ancestors.has(identity));
    for (const [identity, where] of fresh) this.ancestors.set(identity, where);
    await this.folder(folder, info);
    for (const [identity] of fresh) this.ancestors.delete(identity);
  }
}

/** The real folders above a folder, up to the file system root, by identity with their paths. */
async function foldersAbove(folder: string, fs: WalkFileSystem): Promise<[string, string][]> {
  const above: [string, string][] = [];
  try {
    let current = await fs.realpath(folder);
    for (let parent = path.dirname(current); parent !== current; current = parent, parent = path.dirname(current))
      above.push([identityOf(await fs.stat(parent)), parent]);
  } catch {
    // A folder above cannot be read: links to it are then only caught once they lead into the walk itself.
  }
  return above;
}

/**
 * Resolves paths to absolute files: folders recursively, digests apart, non-log names in folders skipped, each real
 * file once. Stops early (with what it found so far) when `signal` aborts.
 */
export async function expandPaths(paths: readonly string[], signal?: AbortSignal, fs = POOLED_CALLS): Promise<WalkResult> {
  const walk = new Walk(signal, fs);
  for (const given of paths) await walk.visit(path.resolve(given), true);
  return walk.result;
}
