// A file read as it arrives (arrivingRead.ts): the bytes in the shared buffer at their offsets, the ranges a split
// names each in a buffer apart, and only ranges that lie in order within the file taken apart.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { readArriving, type Split } from '../../../src/core/load/arrivingRead';
import { temporaryFolders } from './temporaryFolders';

const folders = temporaryFolders('ctlens-arriving-');

describe('a file read as it arrives', () => {
  after(() => folders.removeAll());

  it('reads a file in pieces as they arrive, the ranges a split names each into a buffer of its own', async () => {
    const folder = folders.make();
    const file = path.join(folder, 'entry');
    const size = (9 << 20) + 123;
    const content = Buffer.alloc(size);
    for (let at = 0; at + 4 <= size; at += 4) content.writeUInt32LE(at, at);
    writeFileSync(file, content);
    // The header (its first 16 bytes say how long it is) names two ranges, one past the first ARRIVAL_BYTES.
    const ranges = [
      { start: 4096, end: 4096 + 70_000 },
      { start: 5 << 20, end: (5 << 20) + 300_001 },
    ];
    const split: Split = { first: 16, headerBytes: () => 1024, ranges: (header, total) => (header.length === 1024 && total === size ? ranges : []) };
    const arriving = await readArriving(file, split);
    await arriving.until(size);
    assert.equal(arriving.filled, size);
    assert.equal(arriving.failure, undefined);
    const inRange = (at: number) => ranges.some(({ start, end }) => at >= start && at < end);
    for (let at = 0; at < size; at += 4099) if (!inRange(at)) assert.equal(arriving.bytes[at], content[at], `byte ${at}`);
    for (const { start, end } of ranges) {
      const own = arriving.apart(start);
      assert.ok(own !== undefined && own.length === end - start && own.byteOffset % 8 === 0, `a buffer apart for ${start}`);
      assert.ok(own.equals(content.subarray(start, end)));
    }
    assert.equal(arriving.apart(0), undefined);
    // The file cut inside the second range, and ranges out of order or overlapping: those are read into the shared buffer.
    writeFileSync(file, content.subarray(0, (5 << 20) + 1000));
    const hostile = await readArriving(file, {
      ...split,
      ranges: () => [ranges[0], { start: 4096 + 100, end: 4096 + 200 }, { start: 2048, end: 3000 }, { start: 5 << 20, end: size * 2 }],
    });
    await hostile.until(size);
    assert.equal(hostile.filled, (5 << 20) + 1000);
    assert.ok(hostile.apart(4096)?.equals(content.subarray(4096, 4096 + 70_000)));
    assert.ok(hostile.bytes.subarray(4096 + 70_000).equals(content.subarray(4096 + 70_000, (5 << 20) + 1000)));
    assert.equal(hostile.apart(5 << 20), undefined);
  });
});
