import assert from 'node:assert/strict';
import { existsSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { printEvents } from '../../../src/cli/eventsCommand';
import type { LineWriter } from '../../../src/cli/output';
import { loadPaths } from '../../../src/core/load/loadPaths';
import { EventStore, FileChangedError, type ReadRecord } from '../../../src/core/store/eventStore';
import { RereadWorkers, type Rereader } from '../../../src/core/load/rereadWorkers';
import { GOOD_RECORDS, GOOD_TEXT } from '../load/goodLog';
import { temporaryFolders } from '../load/temporaryFolders';

const folders = temporaryFolders('ctlens-load-');
after(() => folders.removeAll());

/** Two copies of the good log (one gzip) loaded into a store that re-reads with blocking calls or not. */
async function loadedPair(blockingReads: boolean): Promise<{ store: EventStore; plain: string; gzip: string; idsOf(file: string): number[] }> {
  const folder = folders.make();
  const plain = path.join(folder, 'plain.json');
  const gzip = path.join(folder, 'other.json.gz');
  writeFileSync(plain, GOOD_TEXT);
  writeFileSync(gzip, gzipSync(GOOD_TEXT));
  const store = new EventStore({ blockingReads });
  store.add(await loadPaths([folder], { workers: 0 }));
  const idsOf = (file: string) => [...store.allIds()].filter((id) => store.summary(id)?.file === file);
  return { store, plain, gzip, idsOf };
}

/** Rewrites a file with the same length and its old modification time, so only its bytes tell. */
function rewriteKeepingSizeAndTime(file: string, text: string): void {
  const before = statSync(file);
  assert.equal(Buffer.byteLength(text), before.size);
  writeFileSync(file, text);
  utimesSync(file, before.atime, before.mtime);
}

for (const blockingReads of [false, true])
  describe(`re-reading a record from a file changed since it was loaded (${blockingReads ? 'blocking reads, as ctlens' : 'reads through the event loop'})`, () => {
    it('a rewritten file rejects with FileChangedError and a changed-since-load diagnostic; the other file reads on', async () => {
      const { store, plain, gzip, idsOf } = await loadedPair(blockingReads);
      writeFileSync(plain, GOOD_TEXT.replace('"Records"', '"Records" '));
      await assert.rejects(store.readRecord(idsOf(plain)[3]), (error: unknown) => error instanceof FileChangedError && error.file === plain);
      assert.deepEqual(
        store.diagnostics().map((diagnostic) => [diagnostic.file, diagnostic.code]),
        [[plain, 'changed-since-load']],
      );
      assert.match(store.diagnostics()[0].message, /changed since it was loaded; reload it/);
      assert.deepEqual(store.changedFiles(), [plain]);
      for (const id of idsOf(gzip)) assert.equal((await store.readRecord(id)).record.eventID, GOOD_RECORDS[store.summary(id)!.recordIndex].eventID);
    });

    it('same size and modification time, other bytes: the record range no longer holds the record', async () => {
      const { store, plain, idsOf } = await loadedPair(blockingReads);
      const id = idsOf(plain)[1];
      const { start } = store.summary(id)!;
      rewriteKeepingSizeAndTime(plain, GOOD_TEXT.slice(0, start) + ']' + GOOD_TEXT.slice(start + 1));
      assert.equal(await store.readRecordIfUnchanged(id), undefined);
      assert.deepEqual(store.changedFiles(), [plain]);
    });

    it('a gzip log rewritten to inflate to more is changed, not read past what was indexed', async () => {
      const { store, gzip, idsOf } = await loadedPair(blockingReads);
      writeFileSync(gzip, gzipSync(GOOD_TEXT + ' '.repeat(1000)));
      await assert.rejects(store.readRecord(idsOf(gzip)[0]), FileChangedError);
    });

    it('loading the file again clears the change', async () => {
      const { store, plain, idsOf } = await loadedPair(blockingReads);
      writeFileSync(plain, GOOD_TEXT + '\n');
      assert.equal(await store.readRecordIfUnchanged(idsOf(plain)[0]), undefined);
      store.add(await loadPaths([plain], { workers: 0 }));
      assert.deepEqual(store.changedFiles(), []);
      assert.deepEqual(store.diagnostics(), []);
      assert.equal((await store.readRecord(idsOf(plain)[0])).record.eventID, GOOD_RECORDS[0].eventID);
    });

    it('ctlens events prints the lines of the unchanged file and skips the changed one', async () => {
      const { store, plain, gzip } = await loadedPair(blockingReads);
      writeFileSync(plain, '{}');
      const lines: string[] = [];
      const out = { isClosed: false, line: async (text: string) => void lines.push(text) } as unknown as LineWriter;
      await printEvents(store, store.allIds(), [], out);
      const files = lines.map((line) => (JSON.parse(line) as { file: string }).file);
      assert.deepEqual(files, Array<string>(GOOD_RECORDS.length).fill(gzip));
      assert.deepEqual(
        store.diagnostics().map((diagnostic) => [diagnostic.file, diagnostic.code]),
        [[plain, 'changed-since-load']],
      );
    });
  });

describe('re-reading records on worker threads, the files after the current one meanwhile (EventStore.readRecordsAhead)', () => {
  const REPO = path.join(__dirname, '../../../..');
  /** Every shape the fixtures hold (console CSV and JSON, lookup-events, CloudWatch Logs, JSON Lines, gzip…), and real logs. */
  const FOLDERS = [path.join(REPO, 'test', 'fixtures', 'logs'), path.join(REPO, '..', 'shared', 'data')].filter((folder) => existsSync(folder));

  async function readAll(store: EventStore, ids: ArrayLike<number>): Promise<(ReadRecord | undefined)[]> {
    const workers = new RereadWorkers(2);
    try {
      const reads: (ReadRecord | undefined)[] = [];
      for await (const read of store.readRecordsAhead(ids, workers.reread)) reads.push(read);
      return reads;
    } finally {
      await workers.close();
    }
  }

  it('gives every record as readRecordIfUnchanged does, in any order, an unknown id as undefined', async () => {
    const store = new EventStore({ blockingReads: true });
    store.add(await loadPaths(FOLDERS, { workers: 0 }));
    const ids = [...store.allIds()];
    assert.ok(ids.length > 40, `${ids.length} events`);
    // Load order, reversed (each file met in one run, backwards), and shuffled with an id no file holds.
    const shuffled = [...ids, 0xffff_fff0];
    for (let k = shuffled.length - 1; k > 0; k--) {
      const other = (k * 7919) % (k + 1);
      [shuffled[k], shuffled[other]] = [shuffled[other], shuffled[k]];
    }
    // Each record read once, one after another in load order (so the store's cache of a file's text serves its run):
    // read in a shuffled order, each would inflate its file again.
    const recordOf = new Map<number, ReadRecord | undefined>();
    for (const id of [...ids, 0xffff_fff0]) recordOf.set(id, await store.readRecordIfUnchanged(id).catch(() => undefined));
    for (const order of [ids, [...ids].reverse(), shuffled]) {
      assert.deepStrictEqual(
        await readAll(store, order),
        order.map((id) => recordOf.get(id)),
      );
    }
    assert.deepEqual(store.changedFiles(), []);
  });

  it('counts the text of the files that hold a set of events once per file (what ctlens weighs before starting workers)', async () => {
    const { store, plain, gzip, idsOf } = await loadedPair(true);
    const textSize = Buffer.byteLength(GOOD_TEXT);
    assert.equal(store.textBytesOf(idsOf(plain)), textSize);
    assert.equal(store.textBytesOf([...idsOf(gzip), ...idsOf(plain), ...idsOf(gzip)]), 2 * textSize);
    assert.equal(store.textBytesOf([0xffff_fff0]), 0);
  });

  it('a record with keys named like Object.prototype members arrives with them as its own', async () => {
    const folder = folders.make();
    const file = path.join(folder, 'prototype.json');
    writeFileSync(
      file,
      '{"Records":[{"eventTime":"2023-07-10T12:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","__proto__":{"x":1},"constructor":"c"}]}',
    );
    const store = new EventStore({ blockingReads: true });
    store.add(await loadPaths([file], { workers: 0 }));
    const [read] = await readAll(store, store.allIds());
    assert.ok(read !== undefined);
    assert.deepStrictEqual(read, await store.readRecord(0));
    assert.ok(Object.hasOwn(read.record, '__proto__'));
    assert.deepEqual(read.record.__proto__, { x: 1 });
  });

  it('a file rewritten since it was loaded gives undefined for its records and its diagnostic; the other file reads on', async () => {
    const { store, plain, gzip, idsOf } = await loadedPair(true);
    writeFileSync(plain, GOOD_TEXT.replace('"Records"', '"Records" '));
    const reads = await readAll(store, store.allIds());
    const expected = [...store.allIds()].map((id) =>
      store.summary(id)?.file === gzip ? GOOD_RECORDS[store.summary(id)!.recordIndex].eventID : undefined,
    );
    assert.deepEqual(
      reads.map((read) => read?.record.eventID),
      expected,
    );
    assert.ok(idsOf(plain).length > 0);
    assert.deepEqual(store.changedFiles(), [plain]);
    assert.deepEqual(
      store.diagnostics().map((diagnostic) => [diagnostic.file, diagnostic.code]),
      [[plain, 'changed-since-load']],
    );
  });

  it('same size and modification time, other bytes: the file is changed, as readRecord finds', async () => {
    const { store, plain, idsOf } = await loadedPair(true);
    const { start } = store.summary(idsOf(plain)[1])!;
    rewriteKeepingSizeAndTime(plain, GOOD_TEXT.slice(0, start) + ']' + GOOD_TEXT.slice(start + 1));
    const reads = await readAll(store, idsOf(plain));
    assert.deepEqual(
      reads,
      idsOf(plain).map(() => undefined),
    );
    assert.deepEqual(store.changedFiles(), [plain]);
  });

  it('ctlens events prints the same lines with the records read ahead', async () => {
    const store = new EventStore({ blockingReads: true });
    store.add(await loadPaths(FOLDERS, { workers: 0 }));
    const print = async (reread?: Rereader) => {
      const lines: string[] = [];
      const out = { isClosed: false, line: async (text: string) => void lines.push(text) } as unknown as LineWriter;
      await printEvents(store, store.allIds(), [], out, false, undefined, reread);
      return lines;
    };
    const workers = new RereadWorkers(2);
    try {
      const ahead = await print(workers.reread);
      assert.ok(ahead.length > 40);
      assert.deepEqual(ahead, await print());
    } finally {
      await workers.close();
    }
  });
});
