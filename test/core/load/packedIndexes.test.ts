// A worker message's files, packed (packedIndexes.ts): unpacked on the other side of a real message port they are the
// files that were sent, their kept columns alone in one buffer and the replaced ones in the other.
import { KeptCallReader } from '../../../src/core/load/keptCalls';
import { wideIds } from './ownForm';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { INTERNED_FIELDS, UNIQUE_FIELDS, withInterned, type FileIndex } from '../../../src/core/load/indexSchema';
import type { LoadedFile } from '../../../src/core/load/loadedFile';
import { loadPaths } from '../../../src/core/load/loadPaths';
import { packFiles, unpackFiles, type PackedFiles } from '../../../src/core/load/packedIndexes';
import { BROKEN, EXPORTS, LOGS, REPO_ROOT } from '../engineFixtures';
import { REAL_LOGS } from '../overview/realLogs';

const WORKSPACE = path.join(REPO_ROOT, 'test/fixtures/workspace');

const kept = (index: FileIndex) => [
  index.start,
  index.end,
  index.eventTime,
  index.flags,
  ...UNIQUE_FIELDS.flatMap((field) => [index.unique[field].bytes, index.unique[field].offsets]),
  index.transfer.events,
  index.transfer.bytesIn,
  index.transfer.bytesOut,
];
const replaced = (index: FileIndex) => [index.recordIndex, ...INTERNED_FIELDS.map((field) => index.interned[field].ids)];

/**
 * The files as postMessage delivers them: packed, sent through a real port with their buffers transferred, unpacked
 * with the string tables of the sending thread (`tables`).
 */
function sent(files: LoadedFile[], tables: readonly (readonly string[])[]): LoadedFile[] {
  const { port1, port2 } = new MessageChannel();
  try {
    const { packed, transfer } = packFiles(files);
    port1.postMessage(packed, transfer);
    return unpackFiles(receiveMessageOnPort(port2)?.message as PackedFiles, tables);
  } finally {
    port1.close();
  }
}

/** `loaded` with its interned columns pointing into `tables` (a file that could not be read has tables of its own). */
function withTables(loaded: LoadedFile, tables: readonly (readonly string[])[]): LoadedFile {
  const interned = { ...loaded.index.interned };
  INTERNED_FIELDS.forEach((field, f) => (interned[field] = { ids: interned[field].ids, values: tables[f] }));
  return { ...loaded, index: withInterned(loaded.index, interned) };
}

describe('packed files', () => {
  let files: LoadedFile[];
  let tables: readonly (readonly string[])[];
  before(async () => {
    // One thread's load: its files share the thread's tables, as a worker's files do.
    // The workspace fixtures bring trail calls and S3 byte counts on a clean clone too (../shared/data absent).
    files = (await loadPaths([LOGS, BROKEN, EXPORTS, REAL_LOGS, WORKSPACE], { workers: 0 })).files;
    const withEvents = files.filter((loaded) => loaded.index.count > 0);
    tables = INTERNED_FIELDS.map((field) => withEvents[0].index.interned[field].values);
    for (const loaded of withEvents) INTERNED_FIELDS.forEach((field, f) => assert.equal(loaded.index.interned[field].values, tables[f]));
  });

  it('arrive as they were sent, the kept columns alone in one buffer and the replaced ones in the other', () => {
    const callsIn = (loaded: LoadedFile) => new KeptCallReader().callsOf(loaded.index.keptCalls).length;
    assert.ok(files.some((loaded) => loaded.index.count === 0) && files.filter((loaded) => callsIn(loaded) > 0).length > 1);
    assert.ok(files.some((loaded) => loaded.index.links.length > 0) && files.some((loaded) => loaded.index.transfer.events.length > 0));
    assert.ok(files.some((loaded) => loaded.diagnostics.length > 0));
    const originals = structuredClone(files);
    const received = sent(files, tables);
    assert.deepStrictEqual(files, originals, 'the sent files are left as they were');
    // The calls arrive packed, those of all the files in one pack (keptCalls.ts).
    assert.deepStrictEqual(
      received.map(wideIds),
      files.map((loaded) => wideIds(withTables(loaded, tables))),
    );
    const packs = new Set(received.flatMap(({ index: { keptCalls } }) => ('pack' in keptCalls ? [keptCalls.pack] : [])));
    assert.equal(packs.size, 1);
    assert.ok(received.every((loaded) => callsIn(loaded) === 0 || 'pack' in loaded.index.keptCalls));
    const [keptBuffer] = kept(received[0].index).map((array) => array.buffer);
    const [replacedBuffer] = replaced(received[0].index).map((array) => array.buffer);
    assert.notEqual(keptBuffer, replacedBuffer);
    for (const { index } of received) {
      for (const array of kept(index)) assert.equal(array.buffer, keptBuffer);
      for (const array of replaced(index)) assert.equal(array.buffer, replacedBuffer);
      for (const array of [...kept(index), ...replaced(index)]) assert.equal(array.byteOffset % 8, 0);
    }
    const keptArrays = received.flatMap(({ index }) => kept(index));
    const bytes = keptArrays.reduce((sum, array) => sum + array.byteLength, 0);
    assert.ok(keptBuffer.byteLength >= bytes && keptBuffer.byteLength < bytes + 8 * keptArrays.length, `${keptBuffer.byteLength} for ${bytes}`);
  });

  it('arrive as they were sent in any grouping and order, however the columns are sized (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(files.length - 1), { maxLength: 12 }), (picks) => {
        const chosen = picks.map((k) => files[k]);
        assert.deepStrictEqual(
          sent(chosen, tables).map(wideIds),
          chosen.map((loaded) => wideIds(withTables(loaded, tables))),
        );
      }),
      { numRuns: 100 },
    );
  });
});
