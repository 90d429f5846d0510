// A load kept whole by the index cache (cacheLoad, loadSetCodec.ts): reopened into an empty store it gives the
// store a fresh load gives, from one entry and with the string tables adopted; reopened into a store that already
// holds other files, the same; a log changed or added since takes the rest from the whole and is loaded itself; a
// damaged or hostile entry falls back to each file's own entry, and never throws.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { temporaryFolders } from './temporaryFolders';
import fc from 'fast-check';
import { textBound } from '../../../src/core/load/decodeInput';
import { IndexCache } from '../../../src/core/load/indexCache';
import { entryKey } from '../../../src/core/load/indexCodec';
import { loadPaths } from '../../../src/core/load/loadPaths';
import type { LoadCopies, LoadedFile, LoadResult } from '../../../src/core/load/loadedFile';
import { apartRanges, decodeLoadSetSteps, filesOfLoadSet, type DecodedLoadSet } from '../../../src/core/load/loadSetCodec';
import { makeRandom, makeRecords, Pools } from '../../../bench/generate';
import { INTERNED_FIELDS, type InternedField } from '../../../src/core/load/indexSchema';
import { ColumnArena } from '../../../src/core/load/columnArena';
import { Dictionary } from '../../../src/core/store/dictionary';
import { ColumnGroups } from '../../../src/core/store/columnGroup';
import { makeSegment } from '../../../src/core/store/segment';
import { cacheLoad } from '../../../src/core/store/cacheLoad';
import { EventStore } from '../../../src/core/store/eventStore';
import { runToEnd } from '../../../src/core/store/steps';
import { snapshot } from '../store/storeSnapshot';
import { trailsFromLogs } from '../../../src/core/trail/trailsFromLogs';
import { BROKEN, EXPORTS, LOGS } from '../engineFixtures';
import { DOMAIN_FIXTURES } from '../s3/domainFixtures';

const folders = temporaryFolders('ctlens-whole-');
const temporaryFolder = () => folders.make();
const setEntriesIn = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.ctset'));

/** A cache that counts the files it gives from their own entries apart from those from the entry of a whole load. */
class CountingCache extends IndexCache {
  fileHits = 0;
  setHits = 0;
  override async get(...args: Parameters<IndexCache['get']>): Promise<LoadedFile | undefined> {
    const found = await super.get(...args);
    if (found) this.fileHits++;
    return found;
  }
  override async getSet(...args: Parameters<IndexCache['getSet']>): ReturnType<IndexCache['getSet']> {
    const found = await super.getSet(...args);
    this.setHits += found?.files.filter((loaded) => loaded !== undefined).length ?? 0;
    return found;
  }
}

/** A store after `paths` were loaded into it (after `before`, when given) through `cache`, and the load kept whole. */
async function storeThrough(cache: IndexCache, paths: string[], before?: string[]): Promise<{ store: EventStore; result: LoadResult }> {
  const store = new EventStore();
  if (before !== undefined) store.add(await loadPaths(before, { workers: 0, cache }));
  const result = await loadPaths(paths, { workers: 0, cache, onFile: (loaded) => store.prepare(loaded) });
  store.add(result);
  await cacheLoad(cache, result, store);
  await cache.flush();
  return { store, result };
}

async function freshStore(...loads: string[][]): Promise<EventStore> {
  const store = new EventStore();
  for (const paths of loads) store.add(await loadPaths(paths, { workers: 0 }));
  return store;
}

/** Events of each generated log: more than OWN_COLUMNS_ROWS, so that the store takes its columns as they are and the cache reads them apart. */
const LARGE_LOG_EVENTS = 2100;

/**
 * A copy of the real logs, exports and broken files in a folder of its own, which a test may change, and two logs of
 * LARGE_LOG_EVENTS generated events (the real logs are small; a delivery file holds up to thousands).
 */
function copiedInputs(): string {
  const folder = path.join(temporaryFolder(), 'logs');
  for (const source of [LOGS, EXPORTS, BROKEN]) cpSync(source, path.join(folder, path.basename(source)), { recursive: true });
  const random = makeRandom(14);
  const pools = new Pools(random);
  mkdirSync(path.join(folder, 'large'));
  for (const name of ['a.json', 'b.json']) {
    const records = makeRecords(random, pools, '111122223333', 'us-east-1', Date.UTC(2026, 10, 30), LARGE_LOG_EVENTS);
    writeFileSync(path.join(folder, 'large', name), JSON.stringify({ Records: records }));
  }
  return folder;
}

describe('a load kept whole by the index cache', () => {
  after(() => folders.removeAll());

  it('reopens from one entry into the store a fresh load gives, and is not kept again', async () => {
    const logs = copiedInputs();
    cpSync(path.join(DOMAIN_FIXTURES, 'trail-history', 'invictus-ir-trail-calls.json'), path.join(logs, 'trail-calls.json'));
    const cacheFolder = temporaryFolder();
    const cold = await storeThrough(new IndexCache(cacheFolder), [logs]);
    assert.ok(cold.result.setKey, 'a cold load is offered to be kept whole');
    assert.equal(setEntriesIn(cacheFolder).length, 1);
    const warmCache = new CountingCache(cacheFolder);
    const warm = await storeThrough(warmCache, [logs]);
    assert.deepEqual([warmCache.setHits, warmCache.fileHits], [warm.result.files.length, 0]);
    assert.equal(warm.result.fromCache, warm.result.files.length);
    assert.equal(warm.result.setKey, undefined);
    assert.deepStrictEqual(snapshot(warm.store), snapshot(await freshStore([logs])));
    assert.deepStrictEqual(snapshot(warm.store), snapshot(cold.store));
    for (const by of ['sourceIPAddress', 'userAgent', 'bucket'] as const)
      assert.deepStrictEqual(warm.store.top(warm.store.allIds(), { by, n: 0 }), cold.store.top(cold.store.allIds(), { by, n: 0 }), by);
    // The trail calls, packed alone in the entry, read back as loaded.
    const calls = (store: EventStore) => [...store.keptCalls()];
    assert.ok(calls(cold.store).length > 0, 'the inputs hold trail calls');
    assert.deepStrictEqual(calls(warm.store), calls(cold.store));
    assert.deepStrictEqual(trailsFromLogs(warm.store), trailsFromLogs(cold.store));
  });

  it('gives the copies among its events, which a store takes only when they fit the events', async () => {
    const logs = copiedInputs();
    const cacheFolder = temporaryFolder();
    const cold = await storeThrough(new IndexCache(cacheFolder), [logs]);
    const copied = cold.store.countCopies(cold.store.allIds()).duplicateRecords;
    assert.ok(copied > 0, 'the inputs hold events delivered twice');
    const warm = await loadPaths([logs], { workers: 0, cache: new IndexCache(cacheFolder) });
    const copies = warm.copies as LoadCopies;
    assert.equal(copies.members.length - (copies.starts.length - 1), copied, 'every further copy is in a group');
    const fresh = snapshot(await freshStore([logs]));
    const taken = new EventStore();
    taken.add(warm);
    assert.deepStrictEqual(snapshot(taken), fresh);
    // Copies that do not fit: two distinct events folded, a member past the load, one not ascending, one in two groups.
    const [first, second] = [copies.members[0], copies.members[1]];
    const forged: LoadCopies[] = [
      { starts: Uint32Array.of(0, 2), members: Uint32Array.of(first, first + 1 === second ? first + 2 : first + 1) },
      { starts: Uint32Array.of(0, 2), members: Uint32Array.of(first, cold.store.size) },
      { starts: Uint32Array.of(0, 2), members: Uint32Array.of(second, first) },
      { starts: Uint32Array.of(0, 2, 4), members: Uint32Array.of(first, second, first, second) },
      { starts: Uint32Array.of(0, 1), members: Uint32Array.of(first) },
    ];
    for (const lie of forged) {
      const store = new EventStore();
      store.add({ ...warm, copies: lie });
      assert.deepStrictEqual(snapshot(store), fresh, `${[...lie.starts]} / ${[...lie.members]}`);
    }
  });

  it('reopens into a store that holds other files already, and takes more files after', async () => {
    const logs = copiedInputs();
    const cacheFolder = temporaryFolder();
    await storeThrough(new IndexCache(cacheFolder), [logs]);
    const other = path.join(temporaryFolder(), 'other.json');
    writeFileSync(
      other,
      JSON.stringify({
        Records: [
          {
            eventTime: '2024-01-01T00:00:00Z',
            eventName: 'GetObject',
            eventSource: 's3.amazonaws.com',
            userIdentity: { type: 'Root', principalId: 'new-principal' },
          },
        ],
      }),
    );
    const cache = new CountingCache(cacheFolder);
    const warm = await storeThrough(cache, [logs], [other]);
    assert.equal(cache.setHits, warm.result.files.length);
    assert.deepStrictEqual(snapshot(warm.store), snapshot(await freshStore([other], [logs])));
    // A store that adopted the tables interns new values after them.
    const adopted = (await storeThrough(new CountingCache(cacheFolder), [logs])).store;
    adopted.add(await loadPaths([other], { workers: 0 }));
    assert.deepStrictEqual(snapshot(adopted), snapshot(await freshStore([logs], [other])));
  });

  it('takes the files as they were from the whole once a log changed or was added, loads those, and keeps the new whole', async () => {
    const logs = copiedInputs();
    const cacheFolder = temporaryFolder();
    const { result } = await storeThrough(new IndexCache(cacheFolder), [logs]);
    const changed = result.files.find((loaded) => loaded.index.count > 0 && loaded.file.endsWith('.json'))?.file as string;
    const later = new Date(Date.now() + 10_000);
    utimesSync(changed, later, later);
    const added = path.join(path.dirname(changed), `added-${path.basename(changed)}`);
    cpSync(changed, added);
    const cache = new CountingCache(cacheFolder);
    const reopened = await storeThrough(cache, [logs]);
    assert.equal(reopened.result.files.length, result.files.length + 1);
    assert.deepEqual([cache.setHits, cache.fileHits], [result.files.length - 1, 0], 'the changed and the added log are loaded');
    assert.deepStrictEqual(snapshot(reopened.store), snapshot(await freshStore([logs])));
    assert.equal(setEntriesIn(cacheFolder).length, 1, 'the new whole replaced the old');
    const again = new CountingCache(cacheFolder);
    const { store } = await storeThrough(again, [logs]);
    assert.deepEqual([again.setHits, again.fileHits], [result.files.length + 1, 0]);
    assert.deepStrictEqual(snapshot(store), snapshot(await freshStore([logs])));
  });

  it('is not kept when the store changes while its files are gathered in steps', async () => {
    const store = new EventStore();
    const result = await loadPaths([LOGS], { workers: 0, cache: new IndexCache(folders.make()) });
    store.add(result);
    const files = result.setKey?.files ?? [];
    assert.ok(files.length > 1);
    const held = runToEnd(store.heldFilesSteps(files));
    assert.deepEqual(
      held?.files.map((loaded) => loaded.file),
      files,
    );
    const steps = store.heldFilesSteps(files);
    steps.next();
    store.removeFile(files[files.length - 1]);
    assert.equal(runToEnd(steps), undefined);
    assert.equal(runToEnd(store.heldFilesSteps(files)), undefined, 'one of its files is no longer loaded');
  });

  it('is kept for the files of one load only: another set of paths is another entry', async () => {
    const logs = copiedInputs();
    const cacheFolder = temporaryFolder();
    await storeThrough(new IndexCache(cacheFolder), [logs]);
    const part = path.join(logs, path.basename(EXPORTS));
    const cache = new CountingCache(cacheFolder);
    const { store } = await storeThrough(cache, [part]);
    assert.equal(cache.setHits, 0);
    assert.deepStrictEqual(snapshot(store), snapshot(await freshStore([part])));
    assert.equal(setEntriesIn(cacheFolder).length, 2);
  });

  it('is read from the start of the load, and a read that fails is told once, each file then taken from its own entry', async () => {
    const logs = copiedInputs();
    const cacheFolder = temporaryFolder();
    await storeThrough(new IndexCache(cacheFolder), [logs]);
    const [entryName] = setEntriesIn(cacheFolder);
    const entryPath = path.join(cacheFolder, entryName);
    // Named by the paths and the text bound alone, so the read can begin before the folder is walked.
    const bound = textBound(undefined);
    assert.equal(new IndexCache(cacheFolder).readSetEntry([path.resolve(logs)], bound).entryPath, entryPath);
    assert.notEqual(new IndexCache(cacheFolder).readSetEntry([path.resolve(logs)], bound - 1).entryPath, entryPath);
    // The entry replaced by a folder of its name: reading it fails (EISDIR), wherever the read began.
    rmSync(entryPath);
    mkdirSync(entryPath);
    const errors: string[] = [];
    const cache = new CountingCache(cacheFolder, { onError: (message) => errors.push(message) });
    const { store, result } = await storeThrough(cache, [logs]);
    assert.equal(cache.setHits, 0);
    assert.equal(cache.fileHits, result.files.length);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /could not read an entry/);
    assert.deepStrictEqual(snapshot(store), snapshot(await freshStore([logs])));
  });

  it('a damaged or hostile entry is a miss that never throws, and the load is as a fresh one (fast-check)', async () => {
    const logs = copiedInputs();
    const cacheFolder = temporaryFolder();
    const { result } = await storeThrough(new IndexCache(cacheFolder), [logs]);
    const setKey = result.setKey as NonNullable<LoadResult['setKey']>;
    const [name] = setEntriesIn(cacheFolder);
    const entryPath = path.join(cacheFolder, name);
    const original = readFileSync(entryPath);
    const cache = new IndexCache(cacheFolder);
    const copies = (await cache.getSet(setKey))?.copies;
    const whole = (await cache.getSet(setKey))?.files;
    assert.ok(whole?.every((loaded) => loaded !== undefined) && whole.length === setKey.files.length, 'the entry as written gives every file');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.option(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })),
        async (flips, cut) => {
          const bytes = Buffer.from(original);
          for (const [where, mask] of flips) bytes[Math.floor(where * bytes.length)] ^= mask;
          writeFileSync(entryPath, cut === null ? bytes : bytes.subarray(0, Math.floor(cut * bytes.length)));
          const decoded = await cache.getSet(setKey);
          // A damaged member is left out; a flip inside the padding between members changes nothing a check reads.
          decoded?.files.forEach((loaded, k) => loaded === undefined || assert.deepStrictEqual(loaded, whole[k]));
          if (decoded?.copies !== undefined) assert.deepStrictEqual(decoded.copies, copies);
        },
      ),
      { numRuns: 200 },
    );
    writeFileSync(entryPath, original.subarray(0, original.length >> 1));
    const counting = new CountingCache(cacheFolder);
    const { store } = await storeThrough(counting, [logs]);
    assert.deepEqual([counting.setHits, counting.fileHits], [0, setKey.files.length]);
    assert.deepStrictEqual(snapshot(store), snapshot(await freshStore([logs])));
    assert.equal(decodedAsArriving(original, 'another key', () => true, [original.length]).decoded, undefined);
  });

  it('decodes its members as their bytes arrive, in pieces of any size, as it decodes the entry read whole (fast-check)', async () => {
    const { entry, tablesKey } = await keptEntry();
    const whole = decodedAsArriving(entry, tablesKey, () => true, [entry.length]);
    assert.ok(whole.decoded !== undefined && whole.decoded.members.every(({ loaded }) => loaded !== undefined), 'every member decodes');
    assert.equal(whole.waits, 0);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: entry.length }), { minLength: 1, maxLength: 12 }), fc.boolean(), (ends, apart) => {
        const arriving = decodedAsArriving(entry, tablesKey, () => true, [...ends.sort((a, b) => a - b), entry.length], apart);
        assert.deepStrictEqual(arriving.decoded, whole.decoded);
        assert.ok(arriving.waits > 0, 'the decoding waited for bytes not in yet');
      }),
      { numRuns: 40 },
    );
  });

  it('an entry whose bytes stop coming is no entry, whatever the memory past them holds', async () => {
    const { entry, tablesKey } = await keptEntry();
    // The bytes past the last piece are the entry's own: decoding them would give every member, so only honouring
    // `filled` gives undefined.
    // entry.length - 8: within the last member (the padding after a member is shorter than 8 bytes, and not read).
    const inRanges = apartRanges(entry, entry.length).map(({ start, end }) => (start + end) >> 1);
    for (const stop of [0, 8, 100, entry.length >> 2, entry.length >> 1, entry.length - 8, ...inRanges])
      for (const apart of [false, true])
        assert.equal(decodedAsArriving(entry, tablesKey, () => true, [stop], apart).decoded, undefined, `bytes stop at ${stop}, apart: ${apart}`);
  });

  it('reads the kept columns of its larger files into buffers of their own, which the store keeps as they are', async () => {
    const logs = copiedInputs();
    const cacheFolder = temporaryFolder();
    const { result } = await storeThrough(new IndexCache(cacheFolder), [logs]);
    const entry = readFileSync(path.join(cacheFolder, setEntriesIn(cacheFolder)[0]));
    const lengths = apartRanges(entry, entry.length).map(({ start, end }) => end - start);
    assert.equal(lengths.length, 2, 'the two large logs have a part apart, no other file');
    const files = (await new IndexCache(cacheFolder).getSet(result.setKey as NonNullable<LoadResult['setKey']>))?.files as LoadedFile[];
    const keptColumns = ({ index }: LoadedFile) => [
      index.eventTime,
      index.start,
      index.end,
      index.flags,
      ...Object.values(index.unique).flatMap((column) => [column.bytes, column.offsets]),
    ];
    const large = files.filter((loaded) => loaded.index.count === LARGE_LOG_EVENTS);
    assert.equal(large.length, 2);
    // Each large file's kept columns lie in one buffer, within as many bytes as its part apart, which no other file's
    // columns share.
    for (const loaded of large) {
      const columns = keptColumns(loaded);
      assert.equal(new Set(columns.map((column) => column.buffer)).size, 1, `one buffer holds the kept columns of ${loaded.file}`);
      const from = Math.min(...columns.map((column) => column.byteOffset));
      const to = Math.max(...columns.map((column) => column.byteOffset + column.byteLength));
      assert.ok(
        lengths.some((length) => to - from <= length && length - (to - from) < 8),
        `${to - from} bytes`,
      );
    }
    const largeBuffers = new Set(large.map((loaded) => loaded.index.start.buffer));
    for (const loaded of files)
      if (!large.includes(loaded))
        assert.ok(
          keptColumns(loaded).every((column) => !largeBuffers.has(column.buffer)),
          loaded.file,
        );
    const fresh = await loadPaths([logs], { workers: 0 });
    for (const loaded of large) assert.deepStrictEqual(loaded.index.start, fresh.files.find(({ file }) => file === loaded.file)?.index.start);
    // The store takes those columns as they are, the ids among them: a segment's ids are the decoded file's arrays.
    const dictionaries = Object.fromEntries(INTERNED_FIELDS.map((field) => [field, new Dictionary()])) as Record<InternedField, Dictionary>;
    const groups = new ColumnGroups();
    for (const loaded of large) {
      const segment = makeSegment(loaded, 0, dictionaries, groups, new ColumnArena());
      for (const field of INTERNED_FIELDS) assert.equal(segment.interned[field], loaded.index.interned[field].ids, `${field} taken as it is`);
    }
    // Given apart, those columns are views of the buffers given, not copies.
    const tablesKey = entryKey(entry.subarray(Math.ceil(((4 + 2 * entry.readUInt32LE(8)) * 4) / 8) * 8)) as string;
    const { decoded, own } = decodedAsArriving(entry, tablesKey, () => true, [entry.length], true);
    const viewed = decoded?.members.filter(
      ({ loaded }) => loaded !== undefined && [...own.values()].some((buffer) => buffer.buffer === loaded.index.start.buffer),
    );
    assert.equal(viewed?.length, 2);
  });

  it('leaves the members no file wants undecoded, and gives each wanted file at its position', async () => {
    const { entry, tablesKey } = await keptEntry();
    const all = decodedAsArriving(entry, tablesKey, () => true, [entry.length]).decoded as DecodedLoadSet;
    const keys = all.members.map(({ key }) => key as string);
    assert.ok(keys.length >= 4);
    // Every other member wanted, at positions in the reverse order: the copies no longer fit that order.
    const wanted = new Map(keys.filter((_, k) => k % 2 === 0).map((key, k, kept) => [key, kept.length - 1 - k]));
    const some = decodedAsArriving(entry, tablesKey, (key) => wanted.has(key), [entry.length]).decoded as DecodedLoadSet;
    some.members.forEach(({ key, loaded }, k) => assert.equal(loaded === undefined, !wanted.has(key as string), `member ${k}`));
    const { files, copies } = filesOfLoadSet(some, (key) => wanted.get(key) ?? -1);
    assert.equal(copies, undefined);
    for (const [key, position] of wanted) assert.deepStrictEqual(files[position], all.members[keys.indexOf(key)].loaded);
    assert.equal(files.length, wanted.size);
    const inOrder = filesOfLoadSet(all, (key) => keys.indexOf(key));
    assert.deepStrictEqual(inOrder.copies, all.copies);
    assert.ok(inOrder.copies !== undefined);
  });
});

/** The entry a cold load of the copied inputs kept whole, and the key its tables were written for. */
async function keptEntry(): Promise<{ entry: Buffer; tablesKey: string }> {
  const cacheFolder = temporaryFolder();
  const logs = copiedInputs();
  await storeThrough(new IndexCache(cacheFolder), [logs]);
  const [name] = setEntriesIn(cacheFolder);
  const entry = readFileSync(path.join(cacheFolder, name));
  // The key the tables member was written for is the one stored in it (the set's header: 4 words, a length and the
  // start of a part apart per member, then the tables member on an 8-byte boundary).
  const firstMember = Math.ceil(((4 + 2 * entry.readUInt32LE(8)) * 4) / 8) * 8;
  const tablesKey = entryKey(entry.subarray(firstMember, firstMember + entry.readUInt32LE(16)));
  assert.ok(tablesKey?.includes(path.resolve(logs)));
  return { entry, tablesKey: tablesKey as string };
}

/**
 * decodeLoadSetSteps on `entry` whose bytes arrive in pieces ending at `ends` (ascending): each time a step waits for
 * bytes not in yet, the next piece arrives; after the last piece no more come. How often it waited, and what it gave.
 * `apart`: the ranges apartRanges names are given as buffers of their own, as the cache reads them, and the entry's
 * bytes there are garbage.
 */
function decodedAsArriving(
  entry: Buffer,
  tablesKey: string,
  wants: (key: string) => boolean,
  ends: readonly number[],
  apart = false,
): { decoded: DecodedLoadSet | undefined; waits: number; own: Map<number, Buffer> } {
  let piece = 0;
  let waits = 0;
  const own = new Map<number, Buffer>();
  let bytes = entry;
  if (apart) {
    bytes = Buffer.from(entry);
    for (const { start, end } of apartRanges(entry, entry.length)) {
      own.set(start, Buffer.from(entry.subarray(start, end)));
      bytes.fill(0xa5, start, end);
    }
  }
  const steps = decodeLoadSetSteps(
    bytes,
    () => ends[piece],
    tablesKey,
    wants,
    (start) => own.get(start),
  );
  for (;;) {
    const step = steps.next();
    if (step.done) return { decoded: step.value, waits, own };
    if (typeof step.value === 'number') {
      assert.ok(step.value > ends[piece], 'a step waits only for bytes not in');
      waits++;
      while (piece < ends.length - 1 && ends[piece] < step.value) piece++;
    }
  }
}
