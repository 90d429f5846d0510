// A worker message's files, their typed arrays moved into two buffers (packedIndexes.ts): the same indexes, the
// columns the store keeps in one buffer with nothing else, the ones it replaces in the other.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { INTERNED_FIELDS, UNIQUE_FIELDS, type FileIndex } from '../../../src/core/load/indexSchema';
import { loadPaths } from '../../../src/core/load/loadPaths';
import { packIndexes } from '../../../src/core/load/packedIndexes';
import { BROKEN, LOGS } from '../engineFixtures';

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

describe('packed indexes', () => {
  let indexes: FileIndex[];
  before(async () => {
    indexes = (await loadPaths([LOGS, BROKEN], { workers: 0 })).files.map((loaded) => loaded.index);
  });

  it('hold the same columns, the kept ones alone in the first buffer and the replaced ones in the second', () => {
    const originals = structuredClone(indexes);
    const [keptBuffer, replacedBuffer] = packIndexes(indexes);
    assert.deepStrictEqual(indexes, originals);
    assert.ok(indexes.some((index) => index.count > 0) && indexes.some((index) => index.count === 0));
    for (const index of indexes) {
      for (const array of kept(index)) assert.equal(array.buffer, keptBuffer);
      for (const array of replaced(index)) assert.equal(array.buffer, replacedBuffer);
    }
    const keptArrays = indexes.flatMap(kept);
    const bytes = keptArrays.reduce((sum, array) => sum + array.byteLength, 0);
    assert.ok(keptBuffer.byteLength >= bytes && keptBuffer.byteLength < bytes + 8 * keptArrays.length, `${keptBuffer.byteLength} for ${bytes}`);
    for (const array of [...keptArrays, ...indexes.flatMap(replaced)]) assert.equal(array.byteOffset % 8, 0);
  });
});
