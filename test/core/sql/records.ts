// The records of log files, parsed with JSON.parse alone (independently of the engine).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { RawRecord } from '../../../src/core';

export function parsedRecordsOf(files: readonly string[]): RawRecord[] {
  return files.flatMap((file) => {
    const bytes = readFileSync(file);
    const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
    const records = (JSON.parse(text) as { Records?: unknown }).Records;
    return Array.isArray(records) ? (records as RawRecord[]) : [];
  });
}
