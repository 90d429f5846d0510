// Raw file bytes → decompressed UTF-8 bytes. Gzip is recognised by its magic bytes 1f 8b (RFC 1952 §2.3.1),
// not by the file name: CloudTrail delivers `.json.gz` (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html)
// but downloads get renamed. A truncated gzip still yields the records before the cut.

import { readFile } from 'node:fs/promises';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import type { FileDiagnostics } from './diagnostics';

/** Largest decompressed text indexed: offsets are 32-bit. */
const MAX_TEXT_BYTES = 0xffff_ffff;
const BINARY_SNIFF_BYTES = 8192;

/** True when the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** True when the start of a text is not text: NUL bytes or many control characters. */
function looksBinary(bytes: Uint8Array): boolean {
  const length = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < length; i++) {
    const byte = bytes[i];
    if (byte === 0) return true;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20)) control++;
  }
  return control > length / 10;
}

/** Compression ratios above this are not trusted when sizing the output buffer from the gzip trailer. */
const MAX_TRUSTED_RATIO = 20;
const MIN_CHUNK = 64 * 1024;

/**
 * Output chunk size for one-shot decompression: the gzip trailer's ISIZE (RFC 1952 §2.3.1, size mod 2^32 of
 * the last member) so the text comes out as one buffer instead of many 16 KiB chunks copied together. Bounded
 * by a plausible ratio, because a truncated or crafted file's last four bytes are not a size.
 */
function outputChunkSize(raw: Buffer): number {
  const declared = raw.length >= 18 ? raw.readUInt32LE(raw.length - 4) : 0;
  return Math.max(MIN_CHUNK, Math.min(declared + 1, raw.length * MAX_TRUSTED_RATIO));
}

function gunzip(file: string, raw: Buffer, diagnostics: FileDiagnostics): Buffer | null {
  try {
    return gunzipSync(raw, { maxOutputLength: MAX_TEXT_BYTES, chunkSize: outputChunkSize(raw) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof RangeError || /maxOutputLength|Cannot create a Buffer larger/.test(message)) {
      diagnostics.add('too-large', `${file}: decompressed content is larger than 4 GiB, which this tool cannot index.`);
      return null;
    }
    if (/unexpected end of file/i.test(message)) {
      const partial = gunzipSync(raw, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: MAX_TEXT_BYTES });
      diagnostics.add(
        'truncated-gzip',
        `${file}: the gzip data ends early (truncated after ${partial.length} decompressed bytes); records before the cut are loaded.`,
        { offset: partial.length },
      );
      return partial;
    }
    diagnostics.add('invalid-gzip', `${file}: starts like gzip but cannot be decompressed (${message}).`);
    return null;
  }
}

/** Decompressed bytes of a file's content, or null with a diagnostic when there is nothing to index. */
export function decodeInput(file: string, raw: Buffer, diagnostics: FileDiagnostics): Buffer | null {
  if (raw.length === 0) {
    diagnostics.add('empty-file', `${file}: the file is empty.`);
    return null;
  }
  const bytes = isGzip(raw) ? gunzip(file, raw, diagnostics) : raw;
  if (bytes === null) return null;
  if (bytes.length === 0) {
    diagnostics.add('empty-file', `${file}: the gzip data decompresses to nothing.`);
    return null;
  }
  if (looksBinary(bytes)) {
    diagnostics.add('binary-file', `${file}: binary content, not a CloudTrail log (JSON or CSV text).`);
    return null;
  }
  return bytes;
}

/** Reads a file (read-only) and returns its bytes, or null with a diagnostic. */
export async function readInputBytes(file: string, diagnostics: FileDiagnostics): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = /ERR_FS_FILE_TOO_LARGE|larger than/.test(message) ? 'too-large' : 'file-unreadable';
    diagnostics.add(code, `${file}: cannot be read (${message}).`);
    return null;
  }
}
