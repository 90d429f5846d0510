// Where files sit in the delivery layout
//   <bucket>/[<prefix>/]AWSLogs/[<o-orgid>/]<account>/CloudTrail[-Digest]/<region>/<YYYY>/<MM>/<DD>/<name>
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html). A local copy keeps
// the layout from some folder down but rarely the bucket or the prefix, so files are compared from the account
// folder on: the part that names account, kind, Region and delivery day, which a prefix or a download cannot change.

import * as path from 'node:path';

const KIND_FOLDERS = new Set(['CloudTrail', 'CloudTrail-Digest', 'CloudTrail-Insight']);

/** Path segments of an S3 key or a local path (either separator). */
function segments(location: string): string[] {
  return location.split(/[\\/]/).filter((segment) => segment !== '');
}

/** The segments from the account folder on (the whole key when it is not in the layout). */
function layoutTail(location: string): string[] {
  const parts = segments(location);
  for (let at = parts.length - 1; at > 0; at--) if (KIND_FOLDERS.has(parts[at])) return parts.slice(at - 1);
  return parts;
}

/** The file name of an S3 key or a path. */
function fileName(location: string): string {
  const parts = segments(location);
  return parts[parts.length - 1] ?? '';
}

/** True when the local `file` sits where the S3 `key` says, from the account folder on. */
export function sitsAt(file: string, key: string): boolean {
  const want = layoutTail(key);
  const have = segments(file);
  if (want.length > have.length) return false;
  const offset = have.length - want.length;
  return want.every((segment, at) => have[offset + at] === segment);
}

/** Local files by file name, to find the copy of an S3 key whatever folder it was downloaded to. */
export class FilesByName {
  private readonly byName = new Map<string, string[]>();

  constructor(files: Iterable<string>) {
    for (const file of files) {
      const name = path.basename(file);
      const list = this.byName.get(name);
      if (list === undefined) this.byName.set(name, [file]);
      else list.push(file);
    }
  }

  /** Every local file with the key's file name, those in the key's folders first. */
  copiesOf(key: string): string[] {
    const copies = this.byName.get(fileName(key)) ?? [];
    return [...copies].sort((a, b) => Number(sitsAt(b, key)) - Number(sitsAt(a, key)));
  }
}

/** `<account>_CloudTrail-Digest_<region>_<trail>_<home region>_<end time>.json.gz`; trail names may hold `_`. */
const DIGEST_NAME = /^(\d{12})_CloudTrail-Digest_([a-z0-9-]+)_(.+)_([a-z0-9-]+)_\d{8}T\d{6}Z\.json(?:\.gz)?$/;

/**
 * The chain a digest belongs to: one per account, Region, trail and home Region, as its file name says
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html);
 * a file not named so is a chain of its folder.
 */
export function digestStream(file: string): string {
  const match = DIGEST_NAME.exec(path.basename(file));
  if (match === null) return path.dirname(file);
  const [, account, region, trail, home] = match;
  return `${account} ${region} trail ${trail} (home ${home})`;
}
