// A real record from the shared data set (../shared/data) by file and eventID; when the data set is not beside the
// clone, the test's inline copy of the same record (copied unchanged but for the fields the test does not read).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawRecord } from '../../../src/core/types';
import { REPOSITORY_ROOT } from '../s3/domainFixtures';

const SHARED_DATA = join(REPOSITORY_ROOT, '..', 'shared', 'data');

export function sharedRecord(file: string, eventID: string, inlineCopy: RawRecord): RawRecord {
  const path = join(SHARED_DATA, file);
  if (!existsSync(path)) return structuredClone(inlineCopy);
  const records = (JSON.parse(readFileSync(path, 'utf8')) as { Records: RawRecord[] }).Records;
  const found = records.find((record) => record.eventID === eventID);
  if (found === undefined) throw new Error(`${file} has no record ${eventID}`);
  return found;
}
