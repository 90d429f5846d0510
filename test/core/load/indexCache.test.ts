// The on-disk index cache behind a warm reopen: a load through the cache gives the same result as one without it,
// cold or warm; any change of the file (size, mtime, either end's bytes with size and mtime kept), of the text bound
// or of the version is a miss; the folder stays under its bound by evicting the least recently used entries; and a
// cache that cannot be written or read never stops a load.

import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, cpSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { temporaryFolders } from './temporaryFolders';
import { IndexCache } from '../../../src/core/load/indexCache';
import { SAMPLE_BYTES } from '../../../src/core/load/fileVersion';
import { loadFile } from '../../../src/core/load/loadFile';
import { loadPaths } from '../../../src/core/load/loadPaths';
import type { LoadedFile, LoadOptions } from '../../../src/core/load/loadedFile';
import { DEFAULT_MAX_TEXT_BYTES } from '../../../src/core/load/decodeInput';
import { EventStore } from '../../../src/core/store/eventStore';
import { BROKEN, DELIVERY_DAY, LOGS } from '../engineFixtures';
import { REAL_LOGS } from '../overview/realLogs';
import { ownForm, ownResult } from './ownForm';

const folders = temporaryFolders('ctlens-cache-');
const temporaryFolder = () => folders.make();
const entriesIn = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.ctidx'));

/** A cache that counts its lookups and its hits. */
class CountingCache extends IndexCache {
  lookups = 0;
  hits = 0;
  override async get(file: string, maxTextBytes: number): Promise<LoadedFile | undefined> {
    this.lookups++;
    const found = await super.get(file, maxTextBytes);
    if (found) this.hits++;
    return found;
  }
}

/** One copy of a real record per eventID, with `padding` spaces before and after: a log larger than both samples. */
function writeLargeLog(file: string, padding = SAMPLE_BYTES + 1000): void {
  const records = Array.from({ length: 50 }, (_, k) => ({
    eventVersion: '1.08',
    eventTime: '2023-07-10T12:00:00Z',
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: 'us-east-1',
    eventID: `00000000-0000-0000-0000-${String(k).padStart(12, '0')}`,
    requestParameters: { bucketName: 'bucket', key: `object-${k}` },
  }));
  writeFileSync(file, ' '.repeat(padding) + JSON.stringify({ Records: records }) + ' '.repeat(padding));
  // A whole second, which utimes can put back exactly (a file system's nanoseconds would not survive a Date).
  const written = new Date('2024-01-01T00:00:00Z');
  utimesSync(file, written, written);
}

/** Replaces one byte of a file in place and puts its mtime back: the same size and mtime, other content. */
function changeByteKeepingVersion(file: string, at: number): void {
  const before = statSync(file);
  const bytes = readFileSync(file);
  bytes[at] = bytes[at] === 0x20 ? 0x09 : 0x20;
  writeFileSync(file, bytes);
  utimesSync(file, before.atime, before.mtime);
  const after = statSync(file);
  assert.deepEqual([after.size, after.mtimeMs], [before.size, before.mtimeMs], 'size and mtime as before');
}

/**
 * A load through `cache` (its writes finished), with how many files came from it and the key to keep it whole under
 * apart: the rest must equal a load without it. The load is not kept whole (cacheLoad), so each file's own entry
 * is read the next time.
 */
async function loadThrough(cache: IndexCache, paths: string[], options: LoadOptions = {}) {
  const result = await loadPaths(paths, { workers: 0, ...options, cache });
  await cache.flush();
  lastFromCache = result.fromCache;
  delete result.fromCache;
  delete result.setKey;
  return ownResult(result);
}
let lastFromCache: number | undefined;

describe('index cache', () => {
  after(() => folders.removeAll());

  it('a cold and a warm load through the cache give what a load without it gives, the warm one from the cache alone', async () => {
    const folder = temporaryFolder();
    const paths = [REAL_LOGS, LOGS, BROKEN];
    const fresh = ownResult(await loadPaths(paths, { workers: 0 }));
    const cold = new CountingCache(folder);
    assert.deepStrictEqual(await loadThrough(cold, paths), fresh);
    assert.equal(cold.lookups, 0, 'an empty folder is listed once, no entry looked up');
    assert.equal(lastFromCache, 0);
    const stored = entriesIn(folder).length;
    // Every log read has an entry (digests, told apart by their names, are not read).
    assert.equal(stored, fresh.files.length);
    const warm = new CountingCache(folder);
    const progress: number[] = [];
    const warmResult = await loadThrough(warm, paths, { onProgress: (p) => progress.push(p.filesDone) });
    assert.deepStrictEqual(warmResult, fresh);
    assert.equal(warm.hits, stored);
    assert.equal(warm.lookups, stored);
    assert.equal(lastFromCache, stored, 'the load result counts the files the cache gave');
    assert.equal(progress.length, stored);
    assert.deepEqual(
      progress,
      [...progress].sort((a, b) => a - b),
    );
    const freshStore = new EventStore();
    freshStore.add(fresh);
    const warmStore = new EventStore();
    warmStore.add(warmResult);
    for (const query of ['level:object', 'identity:assumed-role', 'noise:delivery', 'error:AccessDenied'])
      assert.deepEqual(warmStore.query(query), freshStore.query(query), query);
  });

  it('tells which files have an entry from one listing of its folder, none when the folder is not there', async () => {
    const folder = temporaryFolder();
    const loaded = (await loadThrough(new IndexCache(folder), [LOGS])).files.map((file) => file.file);
    const asked = [...loaded, path.join(LOGS, 'never-loaded.json')];
    assert.ok(loaded.length > 1);
    assert.deepEqual(await new IndexCache(folder).hasEntries(asked), [...loaded.map(() => true), false]);
    assert.deepEqual(
      await new IndexCache(path.join(folder, 'not-made')).hasEntries(asked),
      asked.map(() => false),
    );
  });

  it('loads on worker threads through the cache to the same result', async () => {
    const folder = temporaryFolder();
    const fresh = ownResult(await loadPaths([LOGS], { workers: 0 }));
    const cache = new CountingCache(folder);
    assert.deepStrictEqual(await loadThrough(cache, [LOGS], { workers: 2 }), fresh);
    const warm = new CountingCache(folder);
    assert.deepStrictEqual(await loadThrough(warm, [LOGS], { workers: 2 }), fresh);
    assert.ok(warm.hits > 0);
  });

  describe('a miss whenever the file, the bound or the version changed', () => {
    const setUp = async () => {
      const folder = temporaryFolder();
      const log = path.join(folder, 'large.json');
      writeLargeLog(log);
      const cache = new IndexCache(path.join(folder, 'cache'));
      await loadThrough(cache, [log]);
      assert.ok(await cache.get(log, DEFAULT_MAX_TEXT_BYTES), 'the entry hits before the change');
      return { folder, log, cache };
    };
    const CHANGES: [string, (log: string) => void][] = [
      ['a byte more', (log) => appendFileSync(log, ' ')],
      ['a new mtime', (log) => utimesSync(log, new Date(), new Date(Date.now() + 5000))],
      ['a byte of the first 64 KB, size and mtime kept', (log) => changeByteKeepingVersion(log, 10)],
      ['a byte of the last 64 KB, size and mtime kept', (log) => changeByteKeepingVersion(log, statSync(log).size - 10)],
    ];
    for (const [name, change] of CHANGES)
      it(name, async () => {
        const { folder, log, cache } = await setUp();
        change(log);
        assert.equal(await cache.get(log, DEFAULT_MAX_TEXT_BYTES), undefined);
        // The next load replaces the stale entry, and the one after hits it.
        await loadThrough(cache, [log]);
        assert.equal(entriesIn(path.join(folder, 'cache')).length, 1);
        assert.deepStrictEqual(ownForm(await cache.get(log, DEFAULT_MAX_TEXT_BYTES)), await loadFile(log));
      });

    it('another text bound', async () => {
      const { log, cache } = await setUp();
      assert.equal(await cache.get(log, 1024 * 1024), undefined);
    });

    it('another host version', async () => {
      const { folder, log } = await setUp();
      assert.equal(await new IndexCache(path.join(folder, 'cache'), { hostVersion: '9.9.9' }).get(log, DEFAULT_MAX_TEXT_BYTES), undefined);
    });

    it('a damaged entry, which the load then replaces', async () => {
      const { folder, log, cache } = await setUp();
      const [entry] = entriesIn(path.join(folder, 'cache'));
      const entryPath = path.join(folder, 'cache', entry);
      const bytes = readFileSync(entryPath);
      bytes[bytes.length - 100] ^= 0xff;
      writeFileSync(entryPath, bytes);
      assert.equal(await cache.get(log, DEFAULT_MAX_TEXT_BYTES), undefined);
      assert.deepStrictEqual(await loadThrough(cache, [log]), ownResult(await loadPaths([log], { workers: 0 })));
      assert.ok(await cache.get(log, DEFAULT_MAX_TEXT_BYTES));
    });
  });

  it('keeps the folder under its bound by evicting the least recently used entries', async () => {
    const folder = temporaryFolder();
    const logs = readdirSync(DELIVERY_DAY).map((name) => path.join(DELIVERY_DAY, name));
    const probeFolder = path.join(folder, 'probe');
    await loadThrough(new IndexCache(probeFolder), logs);
    // Entries are named by path, so the probe's entry of a log has the name and size of the cache's.
    const entryOf = (log: string) =>
      entriesIn(probeFolder).find((name) => readFileSync(path.join(probeFolder, name)).includes(Buffer.from(JSON.stringify(log)))) as string;
    const sizeOf = (name: string) => statSync(path.join(probeFolder, name)).size;
    // The smallest entry is the one to go: the bound (all but it) then holds the first three loaded, whichever they are.
    const bySize = logs.map((log) => ({ log, name: entryOf(log) })).sort((a, b) => sizeOf(a.name) - sizeOf(b.name));
    const [leastUsed, first, third, ...others] = bySize;
    const maxBytes = [first, third, ...others].reduce((sum, { name }) => sum + sizeOf(name), 0);
    const cacheFolder = path.join(folder, 'cache');
    const cache = new IndexCache(cacheFolder, { maxBytes });
    await loadThrough(
      cache,
      [first, leastUsed, third].map(({ log }) => log),
    );
    assert.equal(entriesIn(cacheFolder).length, 3);
    // Each entry used at a known time; the first, oldest of all, is then read again.
    const at = (seconds: number) => new Date(Date.now() - seconds * 1000);
    utimesSync(path.join(cacheFolder, first.name), at(400), at(400));
    utimesSync(path.join(cacheFolder, leastUsed.name), at(300), at(300));
    utimesSync(path.join(cacheFolder, third.name), at(200), at(200));
    assert.ok(await cache.get(first.log, DEFAULT_MAX_TEXT_BYTES), 'a hit marks the first entry used now');
    await loadThrough(
      cache,
      others.map(({ log }) => log),
    );
    const left = entriesIn(cacheFolder);
    const total = left.reduce((sum, name) => sum + statSync(path.join(cacheFolder, name)).size, 0);
    assert.ok(total <= maxBytes, `${total} bytes within ${maxBytes}`);
    assert.deepEqual(left.sort(), [first, third, ...others].map(({ name }) => name).sort(), 'only the least recently used entry went');
  });

  it('loads as without it when the cache folder cannot be created, and reports that once', async () => {
    const folder = temporaryFolder();
    const notAFolder = path.join(folder, 'file');
    writeFileSync(notAFolder, 'not a folder');
    const errors: string[] = [];
    const cache = new IndexCache(notAFolder, { onError: (message) => errors.push(message) });
    assert.deepStrictEqual(await loadThrough(cache, [LOGS]), ownResult(await loadPaths([LOGS], { workers: 0 })));
    assert.equal(errors.length, 1);
    assert.match(errors[0], /Index cache: could not/);
  });

  it('clears every entry, of files, of whole loads and half-written, and nothing else of its folder: the next load is cold', async () => {
    const folder = temporaryFolder();
    const fresh = await loadThrough(new IndexCache(folder), [LOGS]);
    const fileEntries = entriesIn(folder);
    assert.ok(fileEntries.length > 1);
    writeFileSync(path.join(folder, 'whole-load.ctset'), 'a whole load');
    writeFileSync(path.join(folder, 'interrupted.ctidx.tmp'), 'half written');
    writeFileSync(path.join(folder, 'notes.txt'), 'not the cache');
    const entryBytes = [...fileEntries, 'whole-load.ctset'].reduce((sum, name) => sum + statSync(path.join(folder, name)).size, 0);
    const errors: string[] = [];
    const cache = new CountingCache(folder, { onError: (message) => errors.push(message) });
    // A put not yet written is dropped rather than written after the clear.
    const other = path.join(temporaryFolder(), 'other.json');
    copyFileSync(path.join(DELIVERY_DAY, readdirSync(DELIVERY_DAY)[0]), other);
    cache.put(await loadFile(other), DEFAULT_MAX_TEXT_BYTES);
    assert.deepEqual(await cache.clear(), { entries: fileEntries.length + 1, bytes: entryBytes });
    assert.deepEqual(readdirSync(folder), ['notes.txt']);
    assert.deepStrictEqual(await loadThrough(cache, [LOGS]), fresh);
    assert.equal(cache.hits, 0, 'nothing came from the cache');
    assert.equal(lastFromCache, 0);
    assert.deepEqual(entriesIn(folder).sort(), fileEntries.sort(), 'the cold load wrote its entries again');
    assert.deepEqual(await new IndexCache(path.join(folder, 'not-made'), { onError: (message) => errors.push(message) }).clear(), {
      entries: 0,
      bytes: 0,
    });
    assert.deepEqual(errors, []);
  });

  it('never stores a file loaded from memory (an editor text)', async () => {
    const folder = temporaryFolder();
    const log = path.join(folder, 'log.json');
    copyFileSync(path.join(DELIVERY_DAY, readdirSync(DELIVERY_DAY)[0]), log);
    const cache = new IndexCache(path.join(folder, 'cache'));
    cache.put({ ...(await loadFile(log)), text: readFileSync(log) }, DEFAULT_MAX_TEXT_BYTES);
    await cache.flush();
    assert.equal(await cache.get(log, DEFAULT_MAX_TEXT_BYTES), undefined);
  });

  it('two caches writing the same entries at once leave whole entries', async () => {
    const folder = temporaryFolder();
    const logs = path.join(folder, 'logs');
    cpSync(LOGS, logs, { recursive: true });
    const cacheFolder = path.join(folder, 'cache');
    const fresh = ownResult(await loadPaths([logs], { workers: 0 }));
    await Promise.all([loadThrough(new IndexCache(cacheFolder), [logs]), loadThrough(new IndexCache(cacheFolder), [logs])]);
    assert.equal(readdirSync(cacheFolder).filter((name) => !name.endsWith('.ctidx')).length, 0, 'no temporary file left');
    const warm = new CountingCache(cacheFolder);
    assert.deepStrictEqual(await loadThrough(warm, [logs]), fresh);
    assert.equal(warm.hits, entriesIn(cacheFolder).length);
  });
});
