// Real records: the slices in test/fixtures/domain/real, and, when the shared data set sits beside the clone
// (../shared/data), every record of it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { decodeIdentity } from '../../../src/core/identity/decode';
import { classifyEvent } from '../../../src/core/s3/classify';
import type { RawRecord } from '../../../src/core/types';
import { realRecords, REPOSITORY_ROOT } from './domainFixtures';

const S3_SOURCES = new Set(['s3.amazonaws.com', 's3express.amazonaws.com', 's3-outposts.amazonaws.com', 's3-object-lambda.amazonaws.com']);

/** The promise of the issue: every S3 event a level with its reason, every event a kind and a one-sentence summary. */
function assertExplained(record: RawRecord, where: string): void {
  const classification = classifyEvent(record);
  if (typeof record.eventSource === 'string' && S3_SOURCES.has(record.eventSource)) {
    assert.equal(classification.isS3, true, where);
    assert.ok(classification.level !== null, `${where}: S3 event without level`);
    assert.ok(classification.reason.length > 20, `${where}: reason`);
    assert.ok(classification.evidence.length > 0, `${where}: evidence`);
  } else {
    assert.equal(classification.level, null, where);
  }
  const identity = decodeIdentity(record);
  assert.ok(identity.kind, where);
  assert.match(identity.summary, /^[^\n]+\.$/, `${where}: one sentence`);
  assert.equal(identity.summary.split('. ').length, 1, `${where}: a single sentence: ${identity.summary}`);
  assert.deepEqual(JSON.parse(JSON.stringify(identity)), identity, `${where}: JSON-serialisable`);
}

function find(predicate: (record: RawRecord) => boolean): RawRecord {
  const found = realRecords().find(({ record }) => predicate(record));
  assert.ok(found, 'fixture present');
  return found.record;
}

describe('real data slices (test/fixtures/domain/real)', () => {
  it('explains every record', () => {
    const records = realRecords();
    assert.ok(records.length > 100);
    for (const { source, record } of records) assertExplained(record, `${source} ${String(record.eventID)}`);
  });

  it('classifies the real S3 management names of the Invictus IR data set', () => {
    const expectations: Record<string, string> = {
      GetBucketAcl: 'bucket',
      GetAccountPublicAccessBlock: 'account',
      ListAccessPoints: 'account',
      GetStorageLensConfiguration: 'account',
      ListBuckets: 'bucket',
      PutBucketPolicy: 'bucket',
    };
    for (const [name, level] of Object.entries(expectations)) {
      const classification = classifyEvent(find((record) => record.eventName === name && record.eventSource === 's3.amazonaws.com'));
      assert.equal(classification.level, level, name);
      assert.equal(classification.inferred, false, name);
    }
  });

  it('infers the odd S3 records of panther-analysis and marks them', () => {
    for (const name of ['ListBucket', 'SetQueueAttributes', 'CreateServiceLinkedRole', 'GetStorageLensDashboardDataInternal', 'JobStatusChanged']) {
      const classification = classifyEvent(find((record) => record.eventName === name && record.eventSource === 's3.amazonaws.com'));
      assert.equal(classification.inferred, true, name);
      assert.ok(classification.level !== null, name);
    }
  });

  it('classifies the real network activity GetObject records apart from data events', () => {
    const classification = classifyEvent(find((record) => record.eventName === 'GetObject' && record.eventCategory === 'NetworkActivity'));
    assert.equal(classification.specialCase, 'network-activity');
    assert.equal(classification.category, 'network-activity');
  });
});

function walk(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Records of one shared data file, in the shapes the shared set uses (Records, arrays, lookup-events, JSON Lines). */
function sharedRecords(file: string): RawRecord[] {
  let bytes = readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const text = bytes.toString('utf8');
  const unwrap = (item: Record<string, unknown>): RawRecord =>
    typeof item.CloudTrailEvent === 'string' ? (JSON.parse(item.CloudTrailEvent) as RawRecord) : item;
  if (file.endsWith('.jsonl'))
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => unwrap(JSON.parse(line)));
  const document = JSON.parse(text) as unknown;
  if (Array.isArray(document)) return document as RawRecord[];
  const object = document as Record<string, unknown>;
  if (Array.isArray(object.Records)) return object.Records as RawRecord[];
  if (Array.isArray(object.Events)) return (object.Events as Record<string, unknown>[]).map(unwrap);
  return typeof object.eventName === 'string' ? [object] : [];
}

const SHARED_DATA = join(REPOSITORY_ROOT, '..', 'shared', 'data');

describe('shared data set (../shared/data), when present', { skip: !existsSync(SHARED_DATA) }, () => {
  it('gives every S3 event a level with its reason, and every event an identity kind and a one-sentence summary', () => {
    let count = 0;
    for (const file of walk(SHARED_DATA)) {
      if (!/\.json(l|\.gz)?$/.test(file) || file.includes('/meta/') || file.includes('digest')) continue;
      for (const record of sharedRecords(file)) {
        if (typeof record !== 'object' || record === null) continue;
        assertExplained(record, `${file} ${String(record.eventID)}`);
        count++;
      }
    }
    assert.ok(count > 5000, `walked ${count} records`);
  });
});
