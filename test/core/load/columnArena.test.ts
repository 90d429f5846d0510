// The arena of kept columns (columnArena.ts): columns of their type, length and content, zeroed, aligned, never
// overlapping; small ones sharing chunks, large ones alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ColumnArena, type ColumnArray, type ColumnType } from '../../../src/core/load/columnArena';

const TYPES: ColumnType<ColumnArray>[] = [Uint8Array, Uint16Array, Uint32Array, Float64Array];

describe('column arena', () => {
  it('packs small copies on 8-byte boundaries of one chunk and gives half a chunk or more a buffer of its own', () => {
    const arena = new ColumnArena();
    const small = [3, 8, 13].map((length) => arena.copy(new Uint8Array(length).fill(length)));
    assert.equal(new Set(small.map((copy) => copy.buffer)).size, 1);
    assert.deepEqual(
      small.map((copy) => copy.byteOffset),
      [0, 8, 16],
    );
    small.forEach((copy, k) => assert.deepEqual([...copy], Array([3, 8, 13][k]).fill([3, 8, 13][k])));
    const large = arena.copy(new Uint8Array(1 << 19).fill(7));
    assert.equal(large.byteLength, large.buffer.byteLength);
    assert.equal(arena.copy(new Uint8Array(5)).buffer, small[0].buffer, 'the chunk goes on after a large run');
  });

  it('starts with a small chunk, so that one small file does not take a megabyte', () => {
    const arena = new ColumnArena();
    const first = arena.allocate(Uint32Array, 10);
    assert.ok(first.buffer.byteLength <= 1 << 14, `${first.buffer.byteLength} bytes`);
    let last: ColumnArray = first;
    for (let k = 0; k < 200; k++) last = arena.allocate(Float64Array, 1000);
    assert.equal(last.buffer.byteLength, 1 << 18, 'chunks grow to 256 KB');
  });

  it('copies the first elements of an array, or all of them, into a column of its type that is not a view of it', () => {
    const arena = new ColumnArena();
    const large = new Float64Array(1 << 16).fill(3);
    const largeCopy = arena.copy(large);
    assert.notEqual(largeCopy.buffer, large.buffer);
    assert.equal(largeCopy.byteLength, largeCopy.buffer.byteLength, 'half a chunk or more: a buffer of its own');
    assert.ok(largeCopy.every((value) => value === 3));
    const longer = Uint16Array.of(5, 6, 7, 8);
    const trimmed = arena.copy(longer, 2);
    assert.ok(trimmed instanceof Uint16Array);
    assert.deepEqual([...trimmed], [5, 6]);
    longer[0] = 9;
    assert.equal(trimmed[0], 5, 'a copy, not a view of the array copied from');
  });

  it('copies the first elements of any column, short or long, as a column of its own type (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: TYPES.length - 1 }), fc.array(fc.nat(255), { maxLength: 300 }), fc.nat(300), (type, values, cut) => {
        const arena = new ColumnArena();
        const array = new TYPES[type](values.length);
        array.set(values);
        const length = Math.min(cut, array.length);
        const kept = arena.copy(array, length);
        assert.ok(kept instanceof TYPES[type]);
        assert.deepEqual([...kept], [...array.slice(0, length)]);
        if (length > 0) {
          array[0] = 7;
          assert.equal(kept[0], values[0], 'a copy, not a view');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives any sequence of columns their type and length, zeroed, aligned and apart from each other', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ type: fc.integer({ min: 0, max: TYPES.length - 1 }), length: fc.oneof(fc.nat(40), fc.nat(70_000)) }), {
          maxLength: 60,
        }),
        (requests) => {
          const arena = new ColumnArena();
          const columns = requests.map(({ type, length }) => arena.allocate(TYPES[type], length));
          columns.forEach((column, k) => {
            assert.ok(column instanceof TYPES[requests[k].type]);
            assert.equal(column.length, requests[k].length);
            assert.equal(column.byteOffset % 8, 0);
            assert.ok(column.every((value) => value === 0));
          });
          // Fill each with its own mark, then check that no other column's writes reached it.
          columns.forEach((column, k) => column.fill(k + 1));
          columns.forEach((column, k) => assert.ok(column.every((value) => value === k + 1)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
