// Indexing an editor document's text (already in memory, maybe unsaved) and reading a log's text for viewers.

import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { isGzip } from './decodeInput';
import { loadBytes } from './loadFile';
import type { LoadResult } from './loadedFile';

/**
 * Indexes the text of an open document as if it were `file`. Event ranges are UTF-8 byte offsets into this text
 * (convert with charOffsetOfByte / byteOffsetOfChar / byteToCharOffsets); records are re-read from this text, not from disk.
 */
export function loadText(file: string, text: string): LoadResult {
  const bytes = Buffer.from(text, 'utf8');
  const loaded = { ...loadBytes(file, bytes), text: bytes };
  if (loaded.format === 'digest') return { files: [], digests: [file], skipped: [], diagnostics: [] };
  return { files: [loaded], digests: [], skipped: [], diagnostics: loaded.diagnostics };
}

/** Decompressed UTF-8 bytes of a log file, gzip or not (gzip recognised by magic bytes). Rejects if unreadable. */
export async function readLogBytes(file: string): Promise<Buffer> {
  const raw = await readFile(file);
  return isGzip(raw) ? gunzipSync(raw) : raw;
}

/** Decompressed text of a log file, gzip or not, for viewers. Rejects with the reason if it cannot be read. */
export async function readLogText(file: string): Promise<string> {
  return (await readLogBytes(file)).toString('utf8');
}
