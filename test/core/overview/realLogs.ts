// Real CloudTrail logs for the overview and noise-lens tests: the invictus-ir data set (2,900 records over an hour,
// S3 data events with byte counts, CloudTrail's own bucket checks) when ../shared/data is beside the clone, else the
// repository's slice of the same logs (test/fixtures/logs, five files of it). The records are also parsed here,
// with JSON.parse alone, so tests can count what the index should say without asking the index.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { EventStore, loadPaths, type RawRecord } from '../../../src/core';
import { DELIVERY_DAY, REPO_ROOT } from '../engineFixtures';

const SHARED_SET = join(REPO_ROOT, '..', 'shared', 'data', 'invictus-ir-aws-dataset');

/** The folder of real logs the tests read. */
export const REAL_LOGS = existsSync(SHARED_SET) ? SHARED_SET : DELIVERY_DAY;

/** Every record of the folder's log files, parsed independently of the engine. */
export function parsedRecords(folder = REAL_LOGS): RawRecord[] {
  return readdirSync(folder)
    .filter((name) => /\.json(\.gz)?$/.test(name))
    .flatMap((name) => {
      const bytes = readFileSync(join(folder, name));
      const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
      return (JSON.parse(text) as { Records: RawRecord[] }).Records;
    });
}

/** A store with the folder's logs loaded (in the main thread). */
export async function realStore(folder = REAL_LOGS): Promise<EventStore> {
  const store = new EventStore();
  store.add(await loadPaths([folder], { workers: 0 }));
  return store;
}

/** Counts of `values` (null and undefined left out), as a Map. */
export function countBy<T>(items: readonly T[], valueOf: (item: T) => unknown): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const value = valueOf(item);
    if (value === null || value === undefined) continue;
    counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
  }
  return counts;
}

/** A record's object field, or an empty object. */
export function objectField(record: RawRecord, name: string): Record<string, unknown> {
  const value = record[name];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
