// Loads one file from disk (read-only) into a LoadedFile. Runs in a worker or in the calling thread.

import { stat } from 'node:fs/promises';
import { decodeInput, isGzip, readInputBytes } from './decodeInput';
import { FileDiagnostics } from './diagnostics';
import { FileIndexBuilder } from './fileIndexBuilder';
import { indexLogBytes } from './indexLog';
import type { LoadedFile } from './loadedFile';

/** Indexes bytes already in memory (a file's content or an editor's text). Never throws. */
export function loadBytes(file: string, raw: Buffer): LoadedFile {
  const diagnostics = new FileDiagnostics(file);
  const bytes = decodeInput(file, raw, diagnostics);
  const indexed = bytes === null ? { format: null, index: new FileIndexBuilder(0).finish() } : indexLogBytes(bytes, diagnostics);
  return {
    file,
    format: indexed.format,
    index: indexed.index,
    diagnostics: diagnostics.finish(),
    size: raw.length,
    textSize: bytes?.length ?? 0,
    gzip: isGzip(raw),
  };
}

/** Reads and indexes one file. Never throws. */
export async function loadFile(file: string): Promise<LoadedFile> {
  const diagnostics = new FileDiagnostics(file);
  try {
    const info = await stat(file);
    if (!info.isFile()) diagnostics.add('file-unreadable', `${file}: not a regular file.`);
  } catch (error) {
    diagnostics.add('file-unreadable', `${file}: cannot be read (${(error as Error).message}).`);
  }
  const raw = diagnostics.list.length === 0 ? await readInputBytes(file, diagnostics) : null;
  if (raw === null) {
    return { file, format: null, index: new FileIndexBuilder(0).finish(), diagnostics: diagnostics.finish(), size: 0, textSize: 0, gzip: false };
  }
  return loadBytes(file, raw);
}
