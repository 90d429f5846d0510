// Duplicate deliveries on a real log: the same file delivered twice (two trails writing to one bucket), copies sent to
// another account (same sharedEventID, other eventID), and the store kept up to date as files come and go.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { ColumnArena } from '../../../src/core/load/columnArena';
import { INTERNED_FIELDS, type InternedField } from '../../../src/core/load/indexSchema';
import { loadPaths } from '../../../src/core/load/loadPaths';
import { ColumnGroups } from '../../../src/core/store/columnGroup';
import { Dictionary } from '../../../src/core/store/dictionary';
import { planCopies } from '../../../src/core/store/duplicates';
import { EventStore } from '../../../src/core/store/eventStore';
import { makeSegment, type Segment } from '../../../src/core/store/segment';
import { runToEnd } from '../../../src/core/store/steps';
import { GOOD_LOG, GOOD_TEXT } from '../load/goodLog';
import { temporaryFolders } from '../load/temporaryFolders';

const folders = temporaryFolders('ctlens-load-');
after(() => folders.removeAll());

type LogRecord = Record<string, unknown> & { eventID: string; recipientAccountId: string };
const RECORDS = (JSON.parse(GOOD_TEXT) as { Records: LogRecord[] }).Records;
const OTHER_ACCOUNT = '111122223333';

function writeLog(folder: string, name: string, records: unknown[], indent?: number): string {
  const file = path.join(folder, name);
  writeFileSync(file, JSON.stringify({ Records: records }, null, indent));
  return file;
}

async function addPaths(store: EventStore, paths: string[]): Promise<void> {
  store.add(await loadPaths(paths, { workers: 0 }));
}

function idsOf(store: EventStore, file: string): Uint32Array {
  return Uint32Array.from([...store.allIds()].filter((id) => store.summary(id)!.file === file));
}

/** The distinct eventID + recipientAccountId pairs of some records, counted without the engine. */
function distinctKeys(records: LogRecord[]): number {
  return new Set(records.map((record) => `${record.eventID}\u0000${record.recipientAccountId}`)).size;
}

describe('duplicate deliveries', () => {
  const folder = folders.make();
  const first = writeLog(folder, 'trail-a.json', RECORDS);
  const second = writeLog(folder, 'trail-b.json', RECORDS);
  // The copies CloudTrail sends the other account of a cross-account call: same sharedEventID, their own eventID.
  const otherAccountRecords = RECORDS.slice(0, 3).map((record, k) => ({
    ...record,
    eventID: `0000000${k}-0000-4000-8000-000000000000`,
    recipientAccountId: OTHER_ACCOUNT,
    sharedEventID: record.eventID,
  }));
  const otherAccount = writeLog(folder, 'other-account.json', otherAccountRecords);
  // The same eventID with another recipient: not a copy either (the key is the pair).
  const sameIdOtherRecipient = writeLog(folder, 'same-id-other-recipient.json', [{ ...RECORDS[0], recipientAccountId: OTHER_ACCOUNT }]);

  it('a log delivered twice holds each event once; copies to other accounts are other events', async () => {
    const store = new EventStore();
    await addPaths(store, [first, second, otherAccount, sameIdOtherRecipient]);
    const all = store.allIds();
    assert.equal(all.length, 2 * RECORDS.length + 4);
    const expected = distinctKeys([...RECORDS, ...RECORDS, ...otherAccountRecords, { ...RECORDS[0], recipientAccountId: OTHER_ACCOUNT }]);
    assert.equal(expected, RECORDS.length + 4);
    assert.deepEqual(store.countCopies(all), { uniqueEvents: expected, duplicateRecords: all.length - expected });

    const inFirst = idsOf(store, first);
    const inSecond = idsOf(store, second);
    for (let k = 0; k < inFirst.length; k++) {
      const copies = store.copiesOf(inFirst[k]);
      assert.deepEqual(
        copies.map(({ file, recordIndex }) => ({ file, recordIndex })),
        [
          { file: first, recordIndex: k },
          { file: second, recordIndex: k },
        ],
      );
      assert.deepEqual(store.copiesOf(inSecond[k]), copies);
      assert.equal(store.copyCount(inSecond[k]), 2);
      assert.equal(store.isFirstCopy(inFirst[k]), true);
      assert.equal(store.isFirstCopy(inSecond[k]), false);
    }
    for (const id of [...idsOf(store, otherAccount), ...idsOf(store, sameIdOtherRecipient)]) {
      assert.equal(store.copyCount(id), 1);
      assert.equal(store.isFirstCopy(id), true);
      assert.deepEqual(
        store.copiesOf(id).map((copy) => copy.id),
        [id],
      );
    }
  });

  it('uniqueIds keeps the first copy met in the given ids, so a log of copies alone counts all its events', async () => {
    const store = new EventStore();
    await addPaths(store, [first, second]);
    const inSecond = idsOf(store, second);
    assert.deepEqual(store.uniqueIds(inSecond), inSecond);
    const both = store.allIds();
    assert.deepEqual([...store.uniqueIds(both)], [...idsOf(store, first)]);
    const reversed = both.slice().reverse();
    assert.deepEqual([...store.uniqueIds(reversed)], [...inSecond].reverse());
  });

  it('stays right as logs are added one by one, closed and loaded again', async () => {
    const store = new EventStore();
    await addPaths(store, [first]);
    assert.equal(store.countCopies(store.allIds()).duplicateRecords, 0);
    await addPaths(store, [second]);
    assert.deepEqual(store.countCopies(store.allIds()), { uniqueEvents: RECORDS.length, duplicateRecords: RECORDS.length });
    assert.equal(store.isFirstCopy(idsOf(store, second)[0]), false);
    // The second load found its copies in the first by hashing its keys again: no load keeps its hashes.
    const segments = (store as unknown as { segments: Segment[] }).segments;
    assert.ok(segments.length === 2 && segments.every((segment) => segment.keyHash === null));

    store.removeFile(first);
    for (const id of store.allIds()) {
      assert.equal(store.copyCount(id), 1);
      assert.equal(store.isFirstCopy(id), true);
    }
    // Loaded again, the first log's events are the later copies now.
    await addPaths(store, [first]);
    const again = idsOf(store, first);
    assert.equal(store.copyCount(again[0]), 2);
    assert.equal(store.isFirstCopy(again[0]), false);
    assert.equal(store.copiesOf(again[0])[0].file, second);
    // Reloading a log replaces its events: still two copies of each, not three.
    await addPaths(store, [second]);
    assert.deepEqual(store.countCopies(store.allIds()), { uniqueEvents: RECORDS.length, duplicateRecords: RECORDS.length });
    assert.equal(store.copiesOf(idsOf(store, second)[0]).length, 2);

    store.clear();
    await addPaths(store, [first]);
    assert.equal(store.countCopies(store.allIds()).duplicateRecords, 0);
  });

  it('finds a record repeated inside one log, and a third copy joining an existing group', async () => {
    const repeated = writeLog(folder, 'repeated.json', [RECORDS[1], RECORDS[2], RECORDS[1]]);
    const store = new EventStore();
    await addPaths(store, [repeated]);
    const ids = store.allIds();
    assert.deepEqual(
      store.copiesOf(ids[2]).map((copy) => copy.recordIndex),
      [0, 2],
    );
    await addPaths(store, [GOOD_LOG]);
    const copies = store.copiesOf(ids[0]);
    assert.deepEqual(
      copies.map(({ file, recordIndex }) => [file, recordIndex]),
      [
        [repeated, 0],
        [repeated, 2],
        [GOOD_LOG, 1],
      ],
    );
    assert.deepEqual(store.countCopies(store.allIds()), { uniqueEvents: RECORDS.length, duplicateRecords: 3 });
  });

  it('never folds a record that reuses an eventID for another call or time into that event', async () => {
    const reused = writeLog(folder, 'reused-id.json', [
      RECORDS[0],
      { ...RECORDS[0], eventName: 'DeleteTrail' },
      { ...RECORDS[0], eventTime: '2030-01-01T00:00:00Z' },
      RECORDS[0],
    ]);
    const store = new EventStore();
    await addPaths(store, [reused]);
    const ids = store.allIds();
    assert.deepEqual(store.countCopies(ids), { uniqueEvents: 3, duplicateRecords: 1 });
    assert.deepEqual(
      store.copiesOf(ids[0]).map((copy) => copy.recordIndex),
      [0, 3],
    );
    assert.equal(store.copyCount(ids[1]), 1);
    assert.equal(store.copyCount(ids[2]), 1);
  });

  it('never merges records without an eventID', async () => {
    const withoutId: Record<string, unknown> = { ...RECORDS[0] };
    delete withoutId.eventID;
    const file = writeLog(folder, 'no-event-id.json', [withoutId, withoutId]);
    const store = new EventStore();
    await addPaths(store, [file]);
    assert.deepEqual(store.countCopies(store.allIds()), { uniqueEvents: 2, duplicateRecords: 0 });
  });

  it('recordPosition gives the line and column where each copy starts', async () => {
    const pretty = writeLog(folder, 'pretty.json', RECORDS.slice(0, 2), 2);
    const store = new EventStore();
    await addPaths(store, [first, pretty]);
    const [inFirst, inPretty] = store.copiesOf(idsOf(store, first)[1]);
    // A delivered log is one line: the column tells the records apart.
    const oneLine = await store.recordPosition(inFirst.id);
    assert.equal(oneLine.line, 1);
    const recordStart = `{"eventVersion"`;
    assert.equal(oneLine.column, GOOD_TEXT.indexOf(recordStart, GOOD_TEXT.indexOf(recordStart) + 1) + 1);
    const indented = await store.recordPosition(inPretty.id);
    const prettyLines = JSON.stringify({ Records: RECORDS.slice(0, 2) }, null, 2).split('\n');
    assert.equal(prettyLines[indented.line - 1].slice(indented.column - 1), '{');
    assert.ok(indented.line > 3);
  });
});

describe('planCopies (property)', () => {
  /** A record of the real log, or a copy of one under another name (same eventID, another call: not a copy). */
  const pick = fc.record({ index: fc.nat(RECORDS.length - 1), renamed: fc.boolean() });
  const loads = fc.record({
    files: fc.array(fc.array(pick, { maxLength: 40 }), { minLength: 1, maxLength: 6 }),
    loadedFiles: fc.nat(6),
    bits: fc.integer({ min: 1, max: 8 }),
  });

  it('finds the same copies however many partitions of the hashes it compares in', async () => {
    const folder = folders.make();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(loads, async ({ files, loadedFiles, bits }) => {
        const paths = files.map((picks, k) =>
          writeLog(
            folder,
            `run-${run}-${k}.json`,
            picks.map(({ index, renamed }) => (renamed ? { ...RECORDS[index], eventName: 'Renamed' } : RECORDS[index])),
          ),
        );
        run++;
        const result = await loadPaths(paths, { workers: 0 });
        const dictionaries = Object.fromEntries(INTERNED_FIELDS.map((field) => [field, new Dictionary()])) as Record<InternedField, Dictionary>;
        const groups = new ColumnGroups();
        const columns = new ColumnArena();
        let base = 0;
        const segments = result.files.map((loaded) => {
          const segment = makeSegment(loaded, base, dictionaries, groups, columns);
          base += loaded.index.count;
          return segment;
        });
        const split = Math.min(loadedFiles, segments.length - 1);
        // Segments of an earlier load have no key hashes left: planCopies hashes them again.
        const loaded: Segment[] = segments.slice(0, split).map((segment) => ({ ...segment, keyHash: null }));
        const added = segments.slice(split);
        const whole = runToEnd(planCopies(added, loaded, 0));
        assert.deepEqual(runToEnd(planCopies(added, loaded, bits)), whole);
        const renamed = files.slice(split).flat();
        if (whole !== undefined && renamed.length > 0) {
          const firstOfKey = new Map<string, number>();
          renamed.forEach(({ index, renamed }, k) => firstOfKey.set(`${index}/${renamed}`, firstOfKey.get(`${index}/${renamed}`) ?? k));
          assert.deepEqual(
            [...whole.classOf],
            renamed.map(({ index, renamed }) => firstOfKey.get(`${index}/${renamed}`)! + 1),
          );
          // The events that join a group: their key is another new event's too, or a loaded event's.
          const keyOf = ({ index, renamed }: { index: number; renamed: boolean }) => `${index}/${renamed}`;
          const newKeys = renamed.map(keyOf);
          const loadedKeys = new Set(files.slice(0, split).flat().map(keyOf));
          assert.deepEqual(
            [...whole.copied],
            newKeys.flatMap((key, k) => (loadedKeys.has(key) || newKeys.indexOf(key) !== newKeys.lastIndexOf(key) ? [k] : [])),
          );
        }
      }),
      { numRuns: 60 },
    );
  });
});
