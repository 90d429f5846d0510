// Indexing text that is already in memory (an editor's document, a virtual workspace's file) and reading a log's
// text for viewers, through the same bytes→text path as indexing (decodeInput).

import { decodeHead, decodeLogBytes, DEFAULT_MAX_TEXT_BYTES, readLogFile, type DecodedText } from './decodeInput';
import { FileDiagnostics } from './diagnostics';
import { loadBytes, loadRawBytes } from './loadFile';
import type { LoadedFile, LoadResult } from './loadedFile';

function resultOf(loaded: LoadedFile): LoadResult {
  if (loaded.format === 'digest') return { files: [], digests: [loaded.file], skipped: [], diagnostics: [] };
  return { files: [loaded], digests: [], skipped: [], diagnostics: loaded.diagnostics };
}

/**
 * Indexes the text of an open document as if it were `file`. Event ranges are UTF-8 byte offsets into this text
 * (convert with charOffsetOfByte / byteOffsetOfChar / byteToCharOffsets); records are re-read from this text, not from disk.
 */
export function loadText(file: string, text: string): LoadResult {
  const bytes = Buffer.from(text, 'utf8');
  return resultOf({ ...loadBytes(file, bytes), text: bytes });
}

/** Indexes a file's raw bytes (gzip or not) read by the caller, e.g. from a virtual workspace; records are re-read from them. */
export async function loadFileBytes(file: string, raw: Uint8Array, maxTextBytes = DEFAULT_MAX_TEXT_BYTES): Promise<LoadResult> {
  return resultOf(await loadRawBytes(file, raw, maxTextBytes));
}

/** The decoded text, or an Error carrying the diagnostics that say why there is none. */
function textOrReason({ text }: DecodedText, diagnostics: FileDiagnostics): Buffer {
  if (text === null) throw new Error(diagnostics.list.map((diagnostic) => diagnostic.message).join(' '));
  return text;
}

/**
 * Decompressed UTF-8 bytes of a log file, exactly as indexing sees them (a truncated gzip gives the text before
 * the cut, UTF-16 is decoded). Rejects with the diagnostic's message when there is no text (unreadable, too large…).
 */
export async function readLogBytes(file: string, maxTextBytes = DEFAULT_MAX_TEXT_BYTES): Promise<Buffer> {
  const diagnostics = new FileDiagnostics(file);
  return textOrReason(await readLogFile(file, diagnostics, maxTextBytes), diagnostics);
}

/** Decompressed text of a log file for viewers, as indexing sees it. Rejects with the reason if there is none. */
export async function readLogText(file: string, maxTextBytes = DEFAULT_MAX_TEXT_BYTES): Promise<string> {
  return (await readLogBytes(file, maxTextBytes)).toString('utf8');
}

/** Text of a log's bytes read by the caller (a virtual workspace), as indexing sees it. Rejects with the reason if there is none. */
export async function decodeLogText(file: string, raw: Uint8Array, maxTextBytes = DEFAULT_MAX_TEXT_BYTES): Promise<string> {
  const diagnostics = new FileDiagnostics(file);
  return textOrReason(await decodeLogBytes(file, raw, diagnostics, maxTextBytes), diagnostics).toString('utf8');
}

/** The start of a log's text (bytes from its beginning, gzip or not), at most `maxBytes` of it; for sniffing. */
export async function readLogHead(raw: Uint8Array, maxBytes: number): Promise<string> {
  return (await decodeHead(raw, maxBytes)).toString('utf8');
}
