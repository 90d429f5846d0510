// Signatures of digests given by the user. S3 keeps a digest's own signature in object metadata
// (x-amz-meta-signature, hex), which a download loses
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html);
// the next digest carries it as previousDigestSignature, so only the newest needs one from outside. Accepted:
// a `<digest file name>.sig` file holding the hex (beside the digest or anywhere), or a JSON object {digest path, S3 key, s3:// URL or file name: hex}.

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

export const SIGNATURE_FILE_ENDING = '.sig';
const HEX = /^(?:[0-9a-f]{2})+$/;

export interface Signatures {
  /** By absolute digest path, S3 key (without bucket) or file name; hex, lower case. */
  byName: Map<string, string>;
  problems: string[];
}

/** Lower-case hex, or null when `text` is not an even run of hex digits. */
export function normalHex(text: string): string | null {
  const hex = text.trim().toLowerCase();
  return HEX.test(hex) ? hex : null;
}

/** The key a map entry names: "s3://bucket/key" → "key"; anything else as written. */
function mapKey(name: string): string {
  const url = /^s3:\/\/[^/]+\/(.+)$/.exec(name);
  return url === null ? name : url[1];
}

function addMap(signatures: Signatures, map: Record<string, unknown>, source: string): void {
  for (const [name, value] of Object.entries(map)) {
    const hex = typeof value === 'string' ? normalHex(value) : null;
    if (hex === null) signatures.problems.push(`${source}: the signature of ${name} is not hex.`);
    else signatures.byName.set(mapKey(name), hex);
  }
}

/** Reads signature files (.sig hex or a JSON map); never throws: problems are listed. */
export async function readSignatureFiles(files: readonly string[]): Promise<Signatures> {
  const signatures: Signatures = { byName: new Map(), problems: [] };
  for (const given of files) {
    const file = path.resolve(given);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      signatures.problems.push(`${file}: cannot be read (${(error as Error).message}).`);
      continue;
    }
    const hex = normalHex(text);
    if (hex !== null) {
      const digest = file.endsWith(SIGNATURE_FILE_ENDING) ? file.slice(0, -SIGNATURE_FILE_ENDING.length) : file;
      signatures.byName.set(digest, hex);
      signatures.byName.set(path.basename(digest), hex);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      signatures.problems.push(`${file}: neither hex nor a JSON object of signatures.`);
      continue;
    }
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) addMap(signatures, parsed as Record<string, unknown>, file);
    else signatures.problems.push(`${file}: neither hex nor a JSON object of signatures.`);
  }
  return signatures;
}
