// Expands the paths a user gave into log files. Folders are walked recursively, which covers the delivery
// layout AWSLogs/[o-ORG/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/*.json.gz
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html). Digest files
// (…/CloudTrail-Digest/…, https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html)
// are recognised by path and kept apart.

import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { Diagnostic } from '../types';
import { makeDiagnostic } from './diagnostics';

/** File name endings read as logs when found inside a folder (a file named explicitly is always read). */
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
export function isDigestPath(file: string): boolean {
  return file.split(/[\\/]/).some((segment) => segment === DIGEST_MARKER || segment.includes(`_${DIGEST_MARKER}_`));
}

function looksLikeLogName(file: string): boolean {
  const lower = file.toLowerCase();
  return LOG_NAME_ENDINGS.some((ending) => lower.endsWith(ending));
}

async function walkFolder(folder: string, result: WalkResult): Promise<void> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    result.diagnostics.push(makeDiagnostic(folder, 'file-unreadable', `${folder}: folder cannot be read (${(error as Error).message}).`));
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) await walkFolder(full, result);
    else if (entry.isFile() || entry.isSymbolicLink()) await addFile(full, false, result);
  }
}

async function addFile(file: string, explicit: boolean, result: WalkResult): Promise<void> {
  if (isDigestPath(file)) {
    result.digests.push(file);
    return;
  }
  if (!explicit && !looksLikeLogName(file)) {
    result.skipped.push(file);
    return;
  }
  let size = 0;
  try {
    const info = await stat(file);
    if (info.isDirectory()) return walkFolder(file, result);
    size = info.size;
  } catch {
    // loadFile reports the unreadable file with its reason.
  }
  result.logs.push({ file, size });
}

/** Resolves paths to absolute files: folders recursively, digests apart, non-log names in folders skipped. */
export async function expandPaths(paths: readonly string[]): Promise<WalkResult> {
  const result: WalkResult = { logs: [], digests: [], skipped: [], diagnostics: [] };
  for (const given of paths) {
    const resolved = path.resolve(given);
    let isFolder = false;
    try {
      isFolder = (await stat(resolved)).isDirectory();
    } catch (error) {
      result.diagnostics.push(makeDiagnostic(resolved, 'file-unreadable', `${resolved}: cannot be read (${(error as Error).message}).`));
      continue;
    }
    if (isFolder) await walkFolder(resolved, result);
    else await addFile(resolved, true, result);
  }
  return result;
}
