// The index cache's entry codec: real logs of every shape and the broken fixtures round-trip to the same LoadedFile,
// a store built from decoded entries answers like one built fresh, and no damaged or hostile entry decodes to
// anything but undefined (or, for a byte the checksum does not cover, the same file).

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeLoadedFile, encodeLoadedFileSteps, entryKey, INDEX_CODEC_VERSION } from '../../../src/core/load/indexCodec';
import { ColumnArena } from '../../../src/core/load/columnArena';
import { loadPaths } from '../../../src/core/load/loadPaths';
import type { LoadedFile, LoadResult } from '../../../src/core/load/loadedFile';
import { EventStore } from '../../../src/core/store/eventStore';
import { runToEnd } from '../../../src/core/store/steps';
import { BROKEN, LOGS, REPO_ROOT } from '../engineFixtures';
import { REAL_LOGS } from '../overview/realLogs';
import { ownResult, wideIds } from './ownForm';

const LOOKUP_EVENTS = path.join(REPO_ROOT, '..', 'shared', 'data', 'lookup-events-examples');
const FOLDERS = [REAL_LOGS, LOGS, BROKEN, ...(existsSync(LOOKUP_EVENTS) ? [LOOKUP_EVENTS] : [])];
const KEY = JSON.stringify({ test: 'key' });

/** A file's entry, its steps run at once. */
const encodeLoadedFile = (loaded: LoadedFile, key: string) => runToEnd(encodeLoadedFileSteps(loaded, key));

/** The file decoded from its own entry. */
function roundTrip(loaded: LoadedFile): LoadedFile | undefined {
  const entry = encodeLoadedFile(loaded, KEY);
  assert.ok(entry, loaded.file);
  return wideIds(decodeLoadedFile(entry, KEY));
}

/** An array of the greatest length with nothing in it: a few bytes serialized, minutes to walk. */
function sparseArray(): unknown[] {
  const holes: unknown[] = [];
  holes.length = 2 ** 32 - 1;
  return holes;
}

/** A copy of a loaded file with its index changed by `change` (the arrays copied first, so the original stays). */
function tampered(loaded: LoadedFile, change: (file: LoadedFile) => void): LoadedFile {
  const copy = structuredClone(loaded);
  change(copy);
  return copy;
}

describe('index codec', () => {
  let fresh: LoadResult;
  let loadedFiles: LoadedFile[];
  before(async () => {
    // In the form the cache writes them (IndexCache.put): each file with tables of its own.
    fresh = ownResult(await loadPaths(FOLDERS, { workers: 0 }));
    loadedFiles = fresh.files;
  });

  it('encodes a file of large tables a bounded amount at a time, into the entry it decodes back from', () => {
    // Twenty agents of 300,000 characters more in a file's table (a table may hold values no event uses): 6 MB of text.
    const large = tampered(loadedFiles[0], (file) => {
      const agents = file.index.interned.userAgent;
      agents.values = [...agents.values, ...Array.from({ length: 20 }, (_, k) => `agent ${k} ${'x'.repeat(300_000)}`)];
    });
    const textBytes = large.index.interned.userAgent.values.reduce((sum, value) => sum + value.length, 0);
    const steps = encodeLoadedFileSteps(large, KEY);
    let yields = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) yields++;
    assert.ok(next.value);
    // Each 256 KB of the tables is joined, encoded, gathered into their text and copied into the entry in a step of its own.
    assert.ok(yields >= 4 * Math.floor(textBytes / (1 << 18)), `${yields} steps for ${textBytes} bytes of tables`);
    assert.deepStrictEqual(wideIds(decodeLoadedFile(next.value, KEY)), large);
  });

  it('round-trips every file of real logs, exports, lookup-events, console CSV and broken inputs to an equal LoadedFile', () => {
    // Every folder gave files (../shared/data's real logs when beside the clone, else the repository's).
    for (const folder of FOLDERS)
      assert.ok(
        loadedFiles.some((file) => file.file.startsWith(folder)),
        folder,
      );
    const formats = new Set(loadedFiles.map((file) => file.format));
    for (const format of ['records', 'lookup-events', 'console-csv', 'jsonl', null]) assert.ok(formats.has(format as never), `a ${format} file`);
    assert.ok(loadedFiles.some((file) => file.diagnostics.length > 0));
    assert.ok(loadedFiles.some((file) => file.index.links.length > 0));
    assert.ok(loadedFiles.some((file) => file.index.transfer.events.length > 0));
    for (const loaded of loadedFiles) assert.deepStrictEqual(roundTrip(loaded), loaded, loaded.file);
  });

  it('decodes into an arena to the same files, the columns of small ones sharing buffers and no column pinning its entry', () => {
    const arena = new ColumnArena();
    const entries = loadedFiles.map((loaded) => encodeLoadedFile(loaded, KEY));
    const decoded = entries.map((entry) => (entry === undefined ? undefined : decodeLoadedFile(entry, KEY, undefined, arena)));
    decoded.forEach((file, k) => assert.deepStrictEqual(wideIds(file), loadedFiles[k], loadedFiles[k].file));
    const kept = (file: LoadedFile) => [file.index.start, file.index.eventTime, file.index.flags, file.index.unique.eventID.bytes];
    const buffers = new Set(decoded.flatMap((file) => (file === undefined ? [] : kept(file).map((array) => array.buffer))));
    assert.ok(buffers.size < decoded.length, `${buffers.size} buffers for ${decoded.length} files`);
    for (const [k, file] of decoded.entries()) {
      for (const array of kept(file as LoadedFile)) {
        assert.notEqual(array.buffer, entries[k]?.buffer, 'a kept column is a copy, not a view of the entry');
        assert.equal(array.byteOffset % 8, 0);
      }
    }
  });

  it('round-trips kept trail calls, NaN times and absent mtime', () => {
    const [base] = loadedFiles.filter((file) => file.index.count > 0);
    const withCalls = tampered(base, (file) => {
      file.index.keptCalls = [{ recordIndex: 0, record: { eventName: 'StopLogging', requestParameters: { name: 'trail' }, list: [1, null] } }];
      file.index.eventTime[0] = Number.NaN;
      file.mtimeMs = undefined;
    });
    assert.deepStrictEqual(roundTrip(withCalls), wideIds(withCalls));
  });

  it("keeps the objects as JSON when JSON gives them back as they are, else with V8's serializer", () => {
    const OBJECT_ENCODING_WORD = 11;
    const encodingOf = (file: LoadedFile) => (encodeLoadedFile(file, KEY) as Buffer).readUInt32LE(OBJECT_ENCODING_WORD * 4);
    const [base] = loadedFiles.filter((file) => file.index.count > 0);
    const [link] = loadedFiles.flatMap((file) => file.index.links);
    const linkTimed = (eventTimeMs: unknown) =>
      tampered(base, (file) => {
        file.mtimeMs = 1;
        file.index.links = [{ event: 0, facts: { ...link.facts, eventTimeMs: eventTimeMs as number } }];
      });
    // A record's own "__proto__" key, as JSON.parse makes it from a log, and packed calls (bytes as characters).
    const ownProto = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    const withCall = tampered(base, (file) => {
      file.mtimeMs = 1;
      file.index.keptCalls = [{ recordIndex: 0, record: { eventName: 'StopLogging', text: 'x\udc00y\ud83d-prénom', list: [1.5, null], ownProto } }];
    });
    const asJson = [base, withCall];
    // What JSON would change (a link's time when absent, -0), and what no load produces (a Date).
    const asV8 = [linkTimed(Number.NaN), linkTimed(-0), tampered(base, (file) => (file.mtimeMs = undefined))];
    for (const file of asJson) {
      assert.equal(encodingOf(file), 1);
      assert.deepStrictEqual(roundTrip(file), file);
    }
    for (const file of asV8) {
      assert.equal(encodingOf(file), 0);
      assert.deepStrictEqual(roundTrip(file), file);
    }
    const withDate = linkTimed(new Date(0));
    assert.equal(encodingOf(withDate), 0);
    assert.equal(roundTrip(withDate), undefined);
    const unknownEncoding = encodeLoadedFile(base, KEY) as Buffer;
    unknownEncoding.writeUInt32LE(2, OBJECT_ENCODING_WORD * 4);
    assert.equal(decodeLoadedFile(unknownEncoding, KEY), undefined);
  });

  it('round-trips string tables with any text: non-ASCII, NUL, a lone surrogate (which JSON can escape)', () => {
    const [base] = loadedFiles.filter((file) => file.index.count > 0);
    for (const value of ['prénom-東京-🚀', 'a\u0000b', '\ud800', 'x\udc00y\ud83d']) {
      const withValue = tampered(base, (file) => (file.index.interned.userAgent.values as string[]).push(value, 'after'));
      assert.deepStrictEqual(roundTrip(withValue), withValue, JSON.stringify(value));
    }
  });

  it('round-trips tables of megabytes, decoded in pieces that cut between the bytes of a character (fast-check)', () => {
    const [base] = loadedFiles.filter((file) => file.index.count > 0);
    const long = (text: string) => fc.integer({ min: 1, max: 200_000 }).map((count) => text.repeat(count));
    const value = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.constantFrom('\ud800', '\udc00', ''),
      long('é'),
      long('🚀'),
      long('東'),
      long('a'),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 24 }), (values) => {
        const withValues = tampered(base, (file) => (file.index.interned.userAgent.values as string[]).push(...values));
        assert.deepStrictEqual(roundTrip(withValues), withValues);
      }),
      { numRuns: 40 },
    );
  });

  it('keeps ids in 8, 16 or 32 bits as their table needs, and decodes them to the same ids', () => {
    const [base] = loadedFiles.filter((file) => file.index.count > 0);
    for (const [tableSize, width] of [
      [200, 1],
      [257, 2],
      [65_536, 2],
      [65_537, 4],
    ]) {
      const wide = tampered(base, (file) => {
        const column = file.index.interned.userAgent;
        column.values = ['', ...Array.from({ length: tableSize - 1 }, (_, k) => `agent/${k}`)];
        column.ids = Uint32Array.from({ length: file.index.count }, (_, i) => (i === 0 ? tableSize - 1 : i % tableSize));
      });
      const entry = encodeLoadedFile(wide, KEY);
      assert.ok(entry);
      const decoded = decodeLoadedFile(entry, KEY);
      assert.equal(decoded?.index.interned.userAgent.ids.BYTES_PER_ELEMENT, width, `${tableSize} values`);
      assert.deepStrictEqual(wideIds(decoded), wide);
    }
  });

  it('a store built from decoded entries answers like one built fresh', () => {
    const freshStore = new EventStore();
    freshStore.add(fresh);
    const decodedStore = new EventStore();
    // As loadPaths builds a result: the load's own diagnostics, then each file's.
    const ofFiles = new Set(loadedFiles.flatMap((file) => file.diagnostics));
    const decoded = loadedFiles.map((file) => roundTrip(file) as LoadedFile);
    const diagnostics = [...fresh.diagnostics.filter((diagnostic) => !ofFiles.has(diagnostic)), ...decoded.flatMap((file) => file.diagnostics)];
    decodedStore.add({ ...fresh, files: decoded, diagnostics });
    assert.equal(decodedStore.size, freshStore.size);
    assert.deepEqual(decodedStore.diagnostics(), freshStore.diagnostics());
    const all = freshStore.allIds();
    for (const query of ['source:s3', 'level:object', 'identity:assumed-role', 'error:AccessDenied', 'name:AssumeRole,GetObject', 'noise:service']) {
      const fromFresh = freshStore.query(query);
      const fromDecoded = decodedStore.query(query);
      assert.ok(fromFresh.ok && fromDecoded.ok, query);
      assert.deepEqual(fromDecoded.ids, fromFresh.ids, query);
    }
    for (const field of ['eventName', 'principal', 'bucket'] as const)
      assert.deepEqual(decodedStore.group(all, field), freshStore.group(all, field), field);
    assert.deepEqual(decodedStore.top(all, { by: 'bucket' }), freshStore.top(all, { by: 'bucket' }));
    assert.deepEqual(decodedStore.linkFacts(), freshStore.linkFacts());
    for (let id = 0; id < all.length; id += 97) assert.deepEqual(decodedStore.summary(id), freshStore.summary(id), String(id));
  });

  it('an entry made for another key or another codec version is a miss', () => {
    const entry = encodeLoadedFile(loadedFiles[0], KEY) as Buffer;
    assert.equal(entryKey(entry), KEY);
    assert.equal(decodeLoadedFile(entry, JSON.stringify({ test: 'other key' })), undefined);
    const otherVersion = Buffer.from(entry);
    otherVersion.writeUInt32LE(INDEX_CODEC_VERSION + 1, 4);
    assert.equal(entryKey(otherVersion), undefined);
    assert.equal(decodeLoadedFile(otherVersion, KEY), undefined);
  });

  // Each entry below is written with a valid checksum, as a hostile or buggy writer could: only the checks of what a
  // load can produce stand between it and the store.
  const HOSTILE: [string, (file: LoadedFile) => void][] = [
    ['an interned id beyond its table', (file) => (file.index.interned.eventName.ids[0] = file.index.interned.eventName.values.length)],
    ['a string table without its empty first value', (file) => ((file.index.interned.awsRegion.values as string[])[0] = 'x')],
    ['a string table holding a number', (file) => (file.index.interned.awsRegion.values as unknown[]).push(7)],
    ['unique offsets that go back', (file) => file.index.unique.eventID.offsets.set([file.index.unique.eventID.offsets[2], 0], 1)],
    ['unique offsets past the bytes', (file) => (file.index.unique.requestID.offsets[file.index.count] += 1)],
    ['a record range past the text', (file) => (file.index.end[0] = file.textSize + 1)],
    ['a record range ending before it starts', (file) => ((file.index.start[0] = 10), (file.index.end[0] = 9))],
    ['flags with an unused bit', (file) => (file.index.flags[0] |= 0x8000)],
    ['flags with a readOnly code no fact has', (file) => (file.index.flags[0] |= 3 << 5)],
    [
      'a transfer event beyond the count',
      (file) => (file.index.transfer = { events: Uint32Array.of(file.index.count), bytesIn: Float64Array.of(1), bytesOut: Float64Array.of(1) }),
    ],
    [
      'transfer events out of order',
      (file) => (file.index.transfer = { events: Uint32Array.of(1, 0), bytesIn: Float64Array.of(1, 1), bytesOut: Float64Array.of(1, 1) }),
    ],
    [
      'a negative byte count',
      (file) => (file.index.transfer = { events: Uint32Array.of(0), bytesIn: Float64Array.of(-1), bytesOut: Float64Array.of(1) }),
    ],
    [
      'a link to an event beyond the count',
      (file) => (file.index.links = [{ ...structuredClone(loadedFiles.find((f) => f.index.links.length)!.index.links[0]), event: file.index.count }]),
    ],
    ['link facts without their caller', (file) => (file.index.links = [{ event: 0, facts: { eventName: 'AssumeRole' } as never }])],
    ['diagnostics as an array of 2^32 - 1 holes', (file) => (file.diagnostics = sparseArray() as never)],
    ['a diagnostic of another file', (file) => (file.diagnostics = [{ file: '/elsewhere', code: 'invalid-json', severity: 'error', message: 'x' }])],
    [
      'a diagnostic with an unknown code',
      (file) => (file.diagnostics = [{ file: file.file, code: 'nope' as never, severity: 'error', message: 'x' }]),
    ],
    ['an unknown format', (file) => (file.format = 'xml' as never)],
    ['a negative size', (file) => (file.size = -1)],
  ];
  for (const [name, change] of HOSTILE)
    it(`decodes to undefined: ${name}`, () => {
      const base = loadedFiles.find((file) => file.index.count >= 3 && file.index.interned.eventName.values.length > 1) as LoadedFile;
      const entry = encodeLoadedFile(tampered(base, change), KEY) as Buffer;
      assert.equal(decodeLoadedFile(entry, KEY), undefined);
    });

  it('decodes to undefined when the header counts disagree with the payload', () => {
    const base = loadedFiles.find((file) => file.index.count > 0) as LoadedFile;
    const entry = encodeLoadedFile(base, KEY) as Buffer;
    for (let word = 2; word < 14; word++) {
      for (const delta of [1, -1, 0x7fff_ffff]) {
        const changed = Buffer.from(entry);
        changed.writeUInt32LE((changed.readUInt32LE(word * 4) + delta) >>> 0, word * 4);
        assert.equal(decodeLoadedFile(changed, KEY), undefined, `word ${word} ${delta}`);
      }
    }
  });

  it('never throws on flipped bytes or a truncated entry, and decodes to undefined or the same file (fast-check)', () => {
    const samples = loadedFiles.filter((file) => file.index.count > 0).slice(0, 6);
    const entries = samples.map((file) => encodeLoadedFile(file, KEY) as Buffer);
    fc.assert(
      fc.property(
        fc.nat(entries.length - 1),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.option(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })),
        (which, flips, cut) => {
          const damaged = Buffer.from(entries[which]);
          for (const [at, mask] of flips) damaged[Math.floor(at * damaged.length)] ^= mask;
          const bytes = cut === null ? damaged : damaged.subarray(0, Math.floor(cut * damaged.length));
          const decoded = decodeLoadedFile(bytes, KEY);
          if (decoded !== undefined) assert.deepStrictEqual(wideIds(decoded), samples[which]);
        },
      ),
      { numRuns: 400 },
    );
  });
});
