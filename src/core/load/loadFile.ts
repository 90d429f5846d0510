// Loads one file (read-only) into a LoadedFile. Runs in a worker or in the calling thread.

import { decodeLogBytes, decodeText, DEFAULT_MAX_TEXT_BYTES, readLogFile, readLogFileBlocking, type DecodedText } from './decodeInput';
import { FileDiagnostics } from './diagnostics';
import { FileIndexBuilder } from './fileIndexBuilder';
import { indexLogBytes } from './indexLog';
import type { LoadedFile } from './loadedFile';
import type { LoadTables } from './stringTables';

function indexDecoded(file: string, decoded: DecodedText, diagnostics: FileDiagnostics, tables?: LoadTables): LoadedFile {
  const { text } = decoded;
  const indexed = text === null ? { format: null, index: new FileIndexBuilder(0).finish() } : indexLogBytes(text, diagnostics, tables);
  return {
    file,
    format: indexed.format,
    index: indexed.index,
    diagnostics: diagnostics.finish(),
    size: decoded.size,
    textSize: text?.length ?? 0,
    gzip: decoded.gzip,
    mtimeMs: decoded.mtimeMs,
  };
}

/** Indexes UTF-8 text already in memory (an editor's text). Never throws. */
export function loadBytes(file: string, utf8: Buffer): LoadedFile {
  const diagnostics = new FileDiagnostics(file);
  return indexDecoded(file, { text: decodeText(file, utf8, diagnostics), gzip: false, size: utf8.length }, diagnostics);
}

/** Indexes a file's bytes already in memory (gzip or not), with the file's text kept for re-reading. Never rejects. */
export async function loadRawBytes(file: string, raw: Uint8Array, maxTextBytes = DEFAULT_MAX_TEXT_BYTES): Promise<LoadedFile> {
  const diagnostics = new FileDiagnostics(file);
  const decoded = await decodeLogBytes(file, raw, diagnostics, maxTextBytes);
  return { ...indexDecoded(file, decoded, diagnostics), text: decoded.text ?? undefined };
}

/**
 * Reads and indexes one file. Never rejects. `blockingRead` reads with synchronous calls: for worker threads and ctlens, never
 * for the extension host's own thread. `tables`: the string tables of the other files of the load, when the loader
 * shares them (stringTables.ts); else the file gets its own.
 */
export async function loadFile(file: string, maxTextBytes = DEFAULT_MAX_TEXT_BYTES, blockingRead = false, tables?: LoadTables): Promise<LoadedFile> {
  const diagnostics = new FileDiagnostics(file);
  // A blocking read goes on to indexing with no wait between, and the index keeps nothing of the text: it may be transient.
  const decoded = blockingRead
    ? await readLogFileBlocking(file, diagnostics, maxTextBytes, true)
    : await readLogFile(file, diagnostics, maxTextBytes);
  return indexDecoded(file, decoded, diagnostics, tables);
}
