// The one path from a log's bytes to its UTF-8 text, used to index a file and to read it again (records, the gz
// view, Reveal in Log), so every reader sees the same text for the same bytes. Gzip is recognised by its magic bytes 1f 8b
// (RFC 1952 §2.3.1, https://www.rfc-editor.org/rfc/rfc1952#section-2.3.1), not by the file name: CloudTrail delivers
// `.json.gz` (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html) but
// downloads get renamed. A truncated gzip yields the records before the cut. The text of one file is bounded.

import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { FileDiagnostics } from './diagnostics';
import { CHECK_FAILURES, chunksOf, COMPRESSED_CHUNK_BYTES, inflateBounded, inflateHead, inflateWhole, type Inflated } from './inflate';
import { firstInvalidUtf8, sniffContent, utf16ToUtf8 } from './textEncoding';

/**
 * Default bound on one file's inflated text. A bomb costs nothing (it is counted, not kept); a file under the bound
 * is held while it is indexed, so two load workers hold at most twice the bound, which keeps the process under
 * 1 GB. Real CloudTrail log files are far smaller.
 */
export const DEFAULT_MAX_TEXT_BYTES = 256 * 1024 * 1024;
/** Offsets into a text are 32-bit, so no bound goes past this. */
const MAX_INDEXABLE_TEXT_BYTES = 0xffff_ffff;
const UTF8_BYTE_ORDER_MARK = 3;

/** The bound to apply for a requested LoadOptions.maxTextBytes: the default when absent or not a positive number. */
export function textBound(requested: number | undefined): number {
  if (requested === undefined || !(requested >= 1)) return DEFAULT_MAX_TEXT_BYTES;
  return Math.min(Math.floor(requested), MAX_INDEXABLE_TEXT_BYTES);
}

/** A log's text as every reader gets it, with what identifies the file version it came from. */
export interface DecodedText {
  /** UTF-8 text, or null when there is none to read (with a diagnostic saying why). */
  text: Buffer | null;
  gzip: boolean;
  /** Bytes on disk (or given) and the modification time when read from a file. */
  size: number;
  mtimeMs?: number;
}

/** True when the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? `${mb} MB` : `${bytes} bytes`;
}

function addTooLarge(file: string, what: string, maxTextBytes: number, diagnostics: FileDiagnostics): void {
  diagnostics.add(
    'too-large',
    `${file}: ${what} more than ${megabytes(maxTextBytes)}, the bound on one file's text; not loaded. Raise the bound with the setting cloudtrailLens.maxFileSizeMB (VS Code) or ctlens --max-text-mb N.`,
  );
}

/**
 * Says where text that should be UTF-8 first is not: its bytes then read as U+FFFD wherever they are shown, searched or
 * compared, which is worth knowing about a log CloudTrail wrote in UTF-8 (a file changed, or passed through another
 * encoding). Found natively (`isUtf8`, simdutf: 0.3 ms for a 6.7 MB log) before any byte is looked at in JavaScript.
 */
function reportInvalidUtf8(text: Buffer, diagnostics: FileDiagnostics): void {
  const offset = firstInvalidUtf8(text);
  diagnostics.setText(text);
  diagnostics.addAt(
    'text-encoding',
    `the text is not valid UTF-8 from here (byte 0x${text[offset].toString(16).padStart(2, '0')}; CloudTrail writes UTF-8): the invalid bytes read as U+FFFD (\ufffd) wherever they are shown or searched.`,
    { offset },
    'warning',
  );
}

/**
 * UTF-8 text of decompressed bytes: UTF-16 is decoded (with a `text-encoding` warning), a UTF-8 byte order mark
 * dropped (editors do not show it either), binary content refused with the reason.
 */
export function decodeText(file: string, bytes: Buffer, diagnostics: FileDiagnostics, maxTextBytes = DEFAULT_MAX_TEXT_BYTES): Buffer | null {
  if (bytes.length === 0) {
    diagnostics.add('empty-file', `${file}: the file is empty.`);
    return null;
  }
  const content = sniffContent(bytes);
  if (content.kind === 'binary') {
    diagnostics.add('binary-file', `${file}: binary content, not a CloudTrail log (JSON or CSV text): ${content.reason}.`);
    return null;
  }
  if (content.encoding === 'UTF-8') {
    const utf8 = content.byteOrderMark ? bytes.subarray(UTF8_BYTE_ORDER_MARK) : bytes;
    if (!isUtf8(utf8)) reportInvalidUtf8(utf8, diagnostics);
    return utf8;
  }
  const text = utf16ToUtf8(bytes, content.encoding);
  if (text === null || text.length > maxTextBytes) {
    addTooLarge(file, `its text, decoded from ${content.encoding} to UTF-8, is`, maxTextBytes, diagnostics);
    return null;
  }
  const mark = content.byteOrderMark ? 'with' : 'without';
  diagnostics.add(
    'text-encoding',
    `${file}: the text is ${content.encoding} (${mark} a byte order mark), not UTF-8 as CloudTrail writes it; it was decoded to UTF-8.`,
    {},
    'warning',
  );
  return text;
}

/**
 * Text shorter than this holds no CloudTrail record (eventTime, eventSource and eventName take more): gzip data damaged
 * before it is reported as not decompressing at all, rather than as a fragment that then fails as JSON.
 */
const LEAST_RECORD_BYTES = 64;

/** The inflated bytes worth indexing, with the diagnostic of a gzip stream that did not end well. */
function inflatedBytes(file: string, inflated: Inflated, fileSize: number, maxTextBytes: number, diagnostics: FileDiagnostics): Buffer | null {
  const { bytes, end, reason } = inflated;
  if (end === 'over-bound') {
    addTooLarge(file, 'its gzip data inflates to', maxTextBytes, diagnostics);
    return null;
  }
  if (inflated.trailingFrom !== undefined) {
    diagnostics.add(
      'invalid-gzip',
      `${file}: its gzip data ends at byte ${inflated.trailingFrom}, and the ${fileSize - inflated.trailingFrom} bytes after it are not gzip; they are ignored (as gzip -d does) and the text before them is loaded.`,
      {},
      'warning',
    );
  } else if (end === 'truncated') {
    diagnostics.add(
      'truncated-gzip',
      `${file}: the gzip data ends early (truncated after ${bytes.length} decompressed bytes); records before the cut are loaded.`,
      { offset: bytes.length },
    );
  } else if (end === 'invalid' && bytes.length < LEAST_RECORD_BYTES) {
    diagnostics.add('invalid-gzip', `${file}: starts like gzip but cannot be decompressed (${reason}).`);
    return null;
  } else if (end === 'invalid' && CHECK_FAILURES.has(reason ?? '')) {
    diagnostics.add(
      'invalid-gzip',
      `${file}: the gzip data inflates to ${bytes.length} bytes, but its trailer's check does not match them (${reason}): the text is damaged somewhere; the records that still read as JSON are loaded, and their values may be altered.`,
    );
  } else if (end === 'invalid') {
    diagnostics.add(
      'invalid-gzip',
      `${file}: the gzip data is damaged after ${bytes.length} decompressed bytes (${reason}); records before the damage are loaded.`,
      { offset: bytes.length },
    );
  }
  if (bytes.length === 0) {
    diagnostics.add('empty-file', `${file}: the gzip data decompresses to nothing.`);
    return null;
  }
  return bytes;
}

/**
 * Text of bytes already in memory (a file of a virtual workspace, read by the editor host). A `transient` text may be
 * the thread's scratch memory (gunzipScratch.ts): the caller reads it, with nothing else able to inflate meanwhile (no
 * wait for I/O or a timer between), and keeps none of it.
 */
export async function decodeLogBytes(
  file: string,
  raw: Uint8Array,
  diagnostics: FileDiagnostics,
  maxTextBytes = DEFAULT_MAX_TEXT_BYTES,
  transient = false,
): Promise<DecodedText> {
  const size = raw.length;
  if (!isGzip(raw)) {
    if (size > maxTextBytes) {
      addTooLarge(file, 'its text is', maxTextBytes, diagnostics);
      return { text: null, gzip: false, size };
    }
    return { text: decodeText(file, Buffer.from(raw.buffer, raw.byteOffset, raw.length), diagnostics, maxTextBytes), gzip: false, size };
  }
  const bytes = inflatedBytes(file, await inflateWhole(raw, maxTextBytes, transient), size, maxTextBytes, diagnostics);
  return { text: bytes === null ? null : decodeText(file, bytes, diagnostics, maxTextBytes), gzip: true, size };
}

/**
 * The start of a log's text, at most `maxBytes` of it, decoded like the whole (gzip inflated up to that much,
 * UTF-16 decoded); empty for binary content. For telling a CloudTrail log from other JSON without reading it all.
 */
export async function decodeHead(raw: Uint8Array, maxBytes: number): Promise<Buffer> {
  const bytes = isGzip(raw) ? await inflateHead(chunksOf(raw), maxBytes) : Buffer.from(raw.buffer, raw.byteOffset, raw.length);
  const start = bytes.subarray(0, maxBytes);
  const content = sniffContent(start);
  if (content.kind === 'binary') return Buffer.alloc(0);
  return content.encoding === 'UTF-8' ? start : (utf16ToUtf8(start, content.encoding) ?? Buffer.alloc(0));
}

/** Up to `length` bytes of an open file from `position` (fewer at its end). */
export async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  // Not zero-filled first (a tenth of reading a 130 MB cache entry): only the bytes read are returned.
  const buffer = Buffer.allocUnsafeSlow(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

async function decodeOpenFile(file: string, handle: FileHandle, diagnostics: FileDiagnostics, maxTextBytes: number): Promise<DecodedText> {
  const info = await handle.stat();
  const version = { size: info.size, mtimeMs: info.mtimeMs };
  const magic = await readAt(handle, 0, 2);
  if (!isGzip(magic)) {
    if (info.size > maxTextBytes) {
      addTooLarge(file, 'its text is', maxTextBytes, diagnostics);
      return { text: null, gzip: false, ...version };
    }
    return { text: decodeText(file, await readAt(handle, 0, info.size), diagnostics, maxTextBytes), gzip: false, ...version };
  }
  // Compressed, a log is a fraction of its text: one that fits under the bound is read whole and inflated in one
  // pass; only a larger one is streamed.
  const inflated =
    info.size <= maxTextBytes
      ? await inflateWhole(await readAt(handle, 0, info.size), maxTextBytes)
      : await inflateBounded(() => handle.createReadStream({ start: 0, highWaterMark: COMPRESSED_CHUNK_BYTES, autoClose: false }), maxTextBytes);
  const bytes = inflatedBytes(file, inflated, info.size, maxTextBytes, diagnostics);
  return { text: bytes === null ? null : decodeText(file, bytes, diagnostics, maxTextBytes), gzip: true, ...version };
}

/** Reads a file, read-only, into its text; problems become diagnostics. Never rejects. */
export async function readLogFile(file: string, diagnostics: FileDiagnostics, maxTextBytes = DEFAULT_MAX_TEXT_BYTES): Promise<DecodedText> {
  let handle: FileHandle | undefined;
  try {
    // Checked before opening: opening a named pipe waits for a writer, and a device never ends.
    if (!(await stat(file)).isFile()) {
      diagnostics.add('file-unreadable', `${file}: not a regular file.`);
      return { text: null, gzip: false, size: 0 };
    }
    handle = await open(file, 'r');
    return await decodeOpenFile(file, handle, diagnostics, maxTextBytes);
  } catch (error) {
    diagnostics.add('file-unreadable', `${file}: cannot be read (${error instanceof Error ? error.message : String(error)}).`);
    return { text: null, gzip: false, size: 0 };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Opening a named pipe waits for a writer unless non-blocking (POSIX open(2)); a regular file reads the same either way. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * The bytes of a regular file of at most `maxBytes`, with its version, read with blocking calls (open, fstat, read,
 * close: a stat before opening cost 10,000 small files a system call each); undefined for anything else (not a
 * regular file, too large, an error, a file that changed size while read), which readLogFile then reports.
 */
function readRegularFileBlocking(file: string, maxBytes: number): { raw: Buffer; info: Stats } | undefined {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(file, OPEN_FLAGS);
    const info = fstatSync(descriptor);
    if (!info.isFile() || info.size > maxBytes) return undefined;
    const raw = Buffer.allocUnsafeSlow(info.size);
    let filled = 0;
    while (filled < raw.length) {
      const bytesRead = readSync(descriptor, raw, filled, raw.length - filled, filled);
      if (bytesRead === 0) return undefined;
      filled += bytesRead;
    }
    return { raw, info };
  } catch {
    return undefined;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/**
 * readLogFile for worker threads, where blocking costs nothing: four blocking calls instead of the five round trips
 * through libuv's thread pool (stat, open, fstat, read, close) that cost a small delivered log more time than inflating
 * it. Anything unusual (not a regular file, over the bound, an error, a file changing while read) takes readLogFile's
 * path, which reports it. `transient`: as for decodeLogBytes.
 */
export async function readLogFileBlocking(
  file: string,
  diagnostics: FileDiagnostics,
  maxTextBytes = DEFAULT_MAX_TEXT_BYTES,
  transient = false,
): Promise<DecodedText> {
  const read = readRegularFileBlocking(file, maxTextBytes);
  if (read === undefined) return await readLogFile(file, diagnostics, maxTextBytes);
  const decoded = await decodeLogBytes(file, read.raw, diagnostics, maxTextBytes, transient);
  return { ...decoded, size: read.info.size, mtimeMs: read.info.mtimeMs };
}
