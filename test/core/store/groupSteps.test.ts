// Grouping many distinct values in steps: the buckets are the ones counted from the records themselves, largest
// first then by value, and the work yields while it makes and sorts them (a million events' principals took 800 ms
// in one step before).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadPaths } from '../../../src/core/load/loadPaths';
import { EventStore } from '../../../src/core/store/eventStore';
import type { CountField } from '../../../src/core/store/group';
import { LOGS, REPO_ROOT } from '../engineFixtures';
import { GOOD_RECORDS } from '../load/goodLog';
import { tempFolder } from '../load/temporaryFolders';

/** Distinct principals, each used 1 to 3 times: more buckets than one step makes. */
const PRINCIPALS = 9000;

function principalOf(k: number): string {
  return `arn:aws:iam::123456789012:user/user-${k % PRINCIPALS}`;
}

describe('EventStore.groupSteps', () => {
  it('groups thousands of distinct principals in steps, largest first, then by value', async (t) => {
    const records = Array.from({ length: PRINCIPALS + 5000 }, (_, k) => ({
      ...GOOD_RECORDS[k % GOOD_RECORDS.length],
      eventID: `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`,
      userIdentity: { type: 'IAMUser', accountId: '123456789012', arn: principalOf(k), userName: `user-${k % PRINCIPALS}` },
    }));
    const folder = tempFolder(t, 'ctlens-load-');
    writeFileSync(path.join(folder, 'many-principals.json'), JSON.stringify({ Records: records }));
    const store = new EventStore();
    store.add(await loadPaths([folder], { workers: 0 }));

    const expected = new Map<string, number>();
    records.forEach((_, k) => expected.set(principalOf(k), (expected.get(principalOf(k)) ?? 0) + 1));
    const steps = store.groupSteps(store.allIds(), 'principal');
    let yields = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) yields++;
    const buckets = next.value;

    assert.deepEqual(
      buckets.map(({ value, count }) => [value, count]),
      [...expected].sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0)),
    );
    assert.deepEqual(buckets, store.group(store.allIds(), 'principal'), 'group() runs the same steps at once');
    assert.ok(yields > PRINCIPALS / 4096, `${yields} yields for ${PRINCIPALS} buckets`);
  });
});

describe('EventStore.allIdsSteps', () => {
  it('gives the ids allIds gives, a bounded number a step, of the events loaded when it began', async () => {
    const store = new EventStore();
    store.add(await loadPaths([LOGS], { workers: 0 }));
    const before = store.allIds();
    const steps = store.allIdsSteps(16);
    let yields = 0;
    let next = steps.next();
    // A load joins between two steps: the ids are still those of the store as it was.
    store.add(await loadPaths([path.join(REPO_ROOT, 'test/fixtures/workspace/s3-activity.json')], { workers: 0 }));
    for (; !next.done; next = steps.next()) yields++;
    assert.deepEqual(next.value, before);
    assert.ok(store.allIds().length > before.length);
    assert.ok(before.length > 40, `${before.length} events`);
    assert.equal(yields, Math.floor(before.length / 16));
  });
});

describe('EventStore.count', () => {
  const COUNT_FIELDS: CountField[] = ['level', 'isS3', 'category', 'readOnly', 'identityKind', 'eventName', 'errorCode', 'principal', 'bucket'];

  it('counts what group counts, value for value and in its order, for every id (ids of a removed file too) or a few', async () => {
    const store = new EventStore();
    store.add(await loadPaths([LOGS, path.join(REPO_ROOT, 'test/fixtures/workspace/s3-activity.json')], { workers: 0 }));
    const all = store.allIds();
    const firstFile = store.files()[0];
    assert.ok(all.length > 40 && store.files().length > 2, `${all.length} events in ${store.files().length} files`);
    store.removeFile(firstFile.file);
    const everyOther = all.filter((_, k) => k % 2 === 0);
    for (const ids of [all, everyOther, store.allIds()]) {
      for (const field of COUNT_FIELDS) {
        const grouped = store.group(ids, field).map(({ value, count, errors }) => ({ value, count, errors }));
        assert.ok(grouped.length > 0, field);
        assert.deepEqual(store.count(ids, field), grouped, field);
      }
    }
    const total = (field: CountField) => store.count(all, field).reduce((sum, { count }) => sum + count, 0);
    assert.equal(total('eventName'), all.length - firstFile.events, "the removed file's ids are not counted");
  });
});
