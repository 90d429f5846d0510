// name:ListObjectsV2 finds the ListObjectsV2 requests CloudTrail logged as ListObjects (requestParameters list-type 2),
// through the index's other-operation flag; name:ListObjects still finds every event logged under that name.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadPaths } from '../../../src/core/load/loadPaths';
import { EventStore } from '../../../src/core/store/eventStore';
import type { RawRecord } from '../../../src/core/types';
import { handmade } from '../s3/domainFixtures';

function withId(record: RawRecord, eventID: string, change: (parameters: Record<string, unknown>) => void = () => undefined): RawRecord {
  const copy: RawRecord = { ...structuredClone(record), eventID };
  change(copy.requestParameters as Record<string, unknown>);
  return copy;
}

describe('name:ListObjectsV2', () => {
  const store = new EventStore();
  const folder = mkdtempSync(path.join(tmpdir(), 'ctlens-list-v2-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  before(async () => {
    const listed = handmade('handmade-list-objects-prefix');
    const records = [
      withId(listed, 'v2-logged-as-list-objects'),
      withId(listed, 'v1', (parameters) => delete parameters['list-type']),
      withId(handmade('handmade-list-objects-v2'), 'v2-by-name'),
      withId(handmade('handmade-get-object'), 'get-with-list-type', (parameters) => (parameters['list-type'] = '2')),
    ];
    const file = path.join(folder, 'list.json');
    writeFileSync(file, JSON.stringify({ Records: records }));
    store.add(await loadPaths([file], { workers: 0 }));
  });

  function eventIds(query: string): string[] {
    const result = store.query(query);
    assert.ok(result.ok, result.ok ? '' : result.error.message);
    return [...result.ids].map((id) => store.summary(id)?.eventID ?? '').sort();
  }

  it('finds ListObjects with list-type 2 and events named ListObjectsV2, not the original ListObjects', () => {
    assert.deepEqual(eventIds('name:ListObjectsV2'), ['v2-by-name', 'v2-logged-as-list-objects']);
    assert.deepEqual(eventIds('name:listobjectsv*'), ['v2-by-name', 'v2-logged-as-list-objects']);
  });

  it('name:ListObjects keeps every event logged under that name, and negation excludes the V2 ones', () => {
    assert.deepEqual(eventIds('name:ListObjects'), ['v1', 'v2-logged-as-list-objects']);
    assert.deepEqual(eventIds('name:ListObjects -name:ListObjectsV2'), ['v1']);
  });

  it('the summary names the operation of a ListObjects call with list-type 2, and of no other event', () => {
    const operations = [...store.allIds()].map((id) => `${store.summary(id)?.eventID} ${store.summary(id)?.apiOperation}`).sort();
    assert.deepEqual(operations, ['get-with-list-type null', 'v1 null', 'v2-by-name null', 'v2-logged-as-list-objects ListObjectsV2']);
  });

  it('list-type on another event changes nothing', () => {
    assert.deepEqual(eventIds('name:GetObject'), ['get-with-list-type']);
  });
});
