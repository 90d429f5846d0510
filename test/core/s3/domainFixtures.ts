// Loads the domain fixtures (test/fixtures/domain, test/fixtures/trails) from the compiled test location.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RawRecord } from '../../../src/core/types';

/** Repository root: compiled tests live in out/test/core/<area>/. */
export const REPOSITORY_ROOT = resolve(__dirname, '..', '..', '..', '..');
export const DOMAIN_FIXTURES = join(REPOSITORY_ROOT, 'test', 'fixtures', 'domain');
export const TRAIL_FIXTURES = join(REPOSITORY_ROOT, 'test', 'fixtures', 'trails');

function recordsOf(file: string): RawRecord[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { Records: RawRecord[] }).Records;
}

/** Every record of the real-data slices, with the slice name. */
export function realRecords(): Array<{ source: string; record: RawRecord }> {
  const directory = join(DOMAIN_FIXTURES, 'real');
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => recordsOf(join(directory, name)).map((record) => ({ source: name, record })));
}

const handmadeById = new Map<string, RawRecord>();

/** A hand-made record by its eventID (e.g. `handmade-head-bucket`). */
export function handmade(eventId: string): RawRecord {
  if (handmadeById.size === 0) {
    for (const name of ['identities.json', 's3-events.json']) {
      for (const record of recordsOf(join(DOMAIN_FIXTURES, 'handmade', name))) handmadeById.set(record.eventID as string, record);
    }
  }
  const record = handmadeById.get(eventId);
  if (record === undefined) throw new Error(`No hand-made fixture ${eventId}`);
  return structuredClone(record);
}

/** First real record matching the predicate. */
export function realRecord(predicate: (record: RawRecord) => boolean): RawRecord {
  const found = realRecords().find(({ record }) => predicate(record));
  if (found === undefined) throw new Error('No real record matches');
  return found.record;
}

export function userIdentityOf(record: RawRecord): Record<string, unknown> | undefined {
  return record.userIdentity as Record<string, unknown> | undefined;
}
