// The dictionary splits its value → id index in shards once it grows; interning and lookups must not notice.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Dictionary } from '../../../src/core/store/dictionary';
import { LoadTables } from '../../../src/core/load/stringTables';

describe('Dictionary', () => {
  it('gives each distinct value one dense id, before and after the index is split', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 12_000 }), (values) => {
        const dictionary = new Dictionary();
        const expected = new Map<string, number>();
        for (const value of values) {
          const id = dictionary.intern(value);
          if (!expected.has(value)) expected.set(value, expected.size + 1);
          assert.equal(id, expected.get(value));
        }
        assert.equal(dictionary.size, expected.size + 1);
        for (const [value, id] of expected) {
          assert.equal(dictionary.idOf(value), id);
          assert.equal(dictionary.values[id], value);
        }
        assert.equal(dictionary.idOf('\u0000not interned\u0000'), undefined);
      }),
      { numRuns: 20 },
    );
  });

  it('keeps every id across the split of 100,000 near-unique values', () => {
    const dictionary = new Dictionary();
    const ids = Array.from({ length: 100_000 }, (_, i) => dictionary.intern(`arn:aws:sts::123456789012:assumed-role/r/s${i % 60_000}`));
    for (let i = 0; i < ids.length; i++) assert.equal(ids[i], (i % 60_000) + 1);
    assert.equal(dictionary.idOf('arn:aws:sts::123456789012:assumed-role/r/s59999'), 60_000);
  });

  it('shares the ids of the table it adopted while that table grows alone, then stops sharing', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 3, maxLength: 6_000 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 1, maxLength: 6 }),
        fc.string({ minLength: 1, maxLength: 8 }),
        (values, cuts, other) => {
          // A load's shared table: it only ever gains values at its end.
          const table = [''];
          const dictionary = new Dictionary();
          const growTo = (length: number) => table.push(...values.slice(table.length - 1, length));
          growTo(1);
          assert.equal(dictionary.adopt(table), true);
          for (const cut of [...cuts].sort()) {
            growTo(1 + Math.ceil(cut * values.length));
            assert.equal(dictionary.sharesIdsWith(table), true);
            assert.deepEqual(dictionary.values, table);
            // A lookup meanwhile makes the value index, which the next values then join.
            assert.equal(dictionary.idOf(table[table.length - 1]), table.length > 1 ? table.length - 1 : undefined);
          }
          growTo(1 + values.length);
          assert.equal(dictionary.sharesIdsWith(table), true);
          for (let id = 1; id < table.length; id++) assert.equal(dictionary.idOf(table[id]), id);
          // A value from elsewhere takes the next id: the table's later values are no longer this one's.
          const id = dictionary.intern(other);
          assert.equal(id, values.includes(other) ? table.indexOf(other) : table.length);
          table.push(`${other}\u0000later`);
          assert.equal(dictionary.sharesIdsWith(table), values.includes(other));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('interns values from elsewhere into the adopted table when it is a thread’s own, sharing its ids throughout', () => {
    const value = fc.string({ minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('loaded', 'elsewhere'), value), { minLength: 1, maxLength: 3_000 }), value, (steps, first) => {
        // The calling thread's table (ctlens loads files on its own thread beside a worker) and the store's dictionary.
        const table = new LoadTables().byField[0];
        table.idOf(first);
        const dictionary = new Dictionary();
        assert.equal(dictionary.adopt(table.values), true);
        for (const [from, step] of steps) {
          const id = from === 'loaded' ? table.idOf(step) : dictionary.intern(step);
          assert.equal(table.values[id], step);
          assert.equal(dictionary.sharesIdsWith(table.values), true);
          assert.deepEqual(dictionary.values, table.values);
        }
        assert.equal(new Set(table.values).size, table.values.length, 'each value once');
        for (let id = 1; id < table.values.length; id++) assert.equal(dictionary.idOf(table.values[id]), id);
      }),
      { numRuns: 100 },
    );
  });

  it('interns values from elsewhere as its own when the adopted table is no thread’s (a worker’s, mirrored)', () => {
    const mirrored = ['', 'a', 'b'];
    const dictionary = new Dictionary();
    assert.equal(dictionary.adopt(mirrored), true);
    assert.equal(dictionary.intern('c'), 3);
    assert.deepEqual(mirrored, ['', 'a', 'b'], 'the mirrored table is left as it was');
    mirrored.push('d');
    assert.equal(dictionary.sharesIdsWith(mirrored), false);
  });
});
