import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { loadPaths } from '../../../src/core/load/loadPaths';
import { loadFileBytes, readLogBytes } from '../../../src/core/load/loadText';
import { EventStore } from '../../../src/core/store/eventStore';
import { GOOD_TEXT } from './goodLog';
import { tempFolder } from './temporaryFolders';

const GZIP = gzipSync(GOOD_TEXT);
const UTF16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD_TEXT, 'utf16le')]);

/** A real log's bytes (gzip, UTF-16 or plain), cut and with a few bytes overwritten. */
const damagedLog = fc
  .record({
    base: fc.constantFrom(GZIP, UTF16, Buffer.from(GOOD_TEXT)),
    cut: fc.double({ min: 0.05, max: 1, noNaN: true }),
    flips: fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), byte: fc.integer({ min: 0, max: 255 }) }), {
      maxLength: 3,
    }),
  })
  .map(({ base, cut, flips }) => {
    const bytes = Buffer.from(base.subarray(0, Math.max(1, Math.floor(base.length * cut))));
    for (const { at, byte } of flips) bytes[Math.floor(at * bytes.length)] = byte;
    return bytes;
  });

describe('one bytes→text path (property)', () => {
  it('whatever the damage, indexing (with blocking reads or not), re-reading records, the viewer and bytes in memory agree, and nothing throws', async (t) => {
    const folder = tempFolder(t, 'ctlens-load-');
    let run = 0;
    await fc.assert(
      fc.asyncProperty(damagedLog, async (bytes) => {
        const file = path.join(folder, `log-${run++}.json`);
        writeFileSync(file, bytes);
        const result = await loadPaths([file], { workers: 0 });
        const loaded = result.files[0];
        for (const diagnostic of result.diagnostics) assert.equal(diagnostic.file, file);
        // Read with blocking calls, a gzip file's text is inflated into the thread's scratch memory (gunzipScratch.ts).
        const blocking = await loadPaths([file], { workers: 0, blockingReads: true });
        assert.deepEqual(blocking, result);
        const fromMemory = (await loadFileBytes(file, bytes)).files[0];
        assert.equal(fromMemory?.textSize ?? 0, loaded?.textSize ?? 0);
        assert.equal(fromMemory?.index.count ?? 0, loaded?.index.count ?? 0);
        if (loaded === undefined || loaded.textSize === 0) return;
        assert.equal((await readLogBytes(file)).length, loaded.textSize);
        const store = new EventStore();
        store.add(result);
        for (const id of store.allIds()) {
          const { record } = await store.readRecord(id);
          assert.equal(typeof record, 'object');
        }
        assert.deepEqual(store.changedFiles(), []);
      }),
      { numRuns: 60 },
    );
  });
});
