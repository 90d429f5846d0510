// String tables shared by the files one thread loads (stringTables.ts): the values a worker sends once per message
// rebuild its tables on the main thread, fresh sets included, and a store that takes the files as they arrive (their
// tables still growing) holds what it holds when each file comes with tables of its own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FileIndexBuilder } from '../../../src/core/load/fileIndexBuilder';
import { INTERNED_FIELDS, UNIQUE_FIELDS } from '../../../src/core/load/indexSchema';
import type { LoadedFile } from '../../../src/core/load/loadedFile';
import { hashOf } from '../../../src/core/load/stringIndex';
import { LoadTables, TableMirror, TableSender, type TableUpdate } from '../../../src/core/load/stringTables';
import { packFiles, unpackFiles, type PackedFiles } from '../../../src/core/load/packedIndexes';
import { EventStore } from '../../../src/core/store/eventStore';
import { snapshot } from '../store/storeSnapshot';
import { ownForm } from './ownForm';

/** One event's interned values, in INTERNED_FIELDS order. */
type Values = (string | null)[];

/** A few values per field, so that files repeat each other's (and the empty value, which is absent). */
const value = fc.oneof(fc.constantFrom(null, '', 'GetObject', 'é東🚀', 'a'), fc.string({ maxLength: 3 }));
const event = fc.array(value, { minLength: INTERNED_FIELDS.length, maxLength: INTERNED_FIELDS.length });
/** Messages of two workers, in the order they arrive: the worker, and its files' events. */
const messages = fc.array(
  fc.record({ worker: fc.integer({ min: 0, max: 1 }), files: fc.array(fc.array(event, { maxLength: 6 }), { minLength: 1, maxLength: 3 }) }),
  {
    minLength: 1,
    maxLength: 8,
  },
);

function loadedFile(name: string, events: Values[], builder: FileIndexBuilder): LoadedFile {
  events.forEach((interned, i) =>
    builder.add({
      recordIndex: i,
      start: i,
      end: i + 1,
      eventTime: Date.UTC(2026, 10, 30, 0, 0, i),
      flags: 0,
      interned,
      unique: UNIQUE_FIELDS.map(() => `${name}-${i}`),
      kept: null,
      link: null,
      transfer: null,
    }),
  );
  return { file: name, format: 'records', index: builder.finish(), diagnostics: [], size: 0, textSize: events.length, gzip: false };
}

const result = (files: LoadedFile[]) => ({ files, digests: [], skipped: [], diagnostics: [] });

describe('string tables shared by the files of a thread', () => {
  it('rebuild on the receiving side, through fresh sets and values past the probe bound, into the store that files with their own tables give (fast-check)', () => {
    fc.assert(
      fc.property(messages, fc.integer({ min: 2, max: 12 }), fc.constantFrom(0, 1, 2, 32), (sent, maxValues, maxProbes) => {
        const senders = [new TableSender({ maxValues, maxProbes }), new TableSender({ maxValues, maxProbes })];
        const mirrors = [new TableMirror(), new TableMirror()];
        const store = new EventStore();
        const shared: LoadedFile[] = [];
        const own: LoadedFile[] = [];
        for (const [m, { worker, files }] of sent.entries()) {
          const tables = senders[worker].next();
          const built = files.map((events, k) => loadedFile(`m${m}-f${k}`, events, new FileIndexBuilder(events.length, tables)));
          // What postMessage does to a reply: a structured clone of the packed files, and the update.
          const { packed, transfer } = packFiles(built);
          const reply = structuredClone({ packed, tables: senders[worker].update() }, { transfer }) as { packed: PackedFiles; tables: TableUpdate };
          mirrors[worker].apply(reply.tables);
          for (const [k, loaded] of unpackFiles(reply.packed, mirrors[worker].tables).entries()) {
            store.prepare(loaded);
            shared.push(loaded);
            own.push(loadedFile(`m${m}-f${k}`, files[k], new FileIndexBuilder(files[k].length)));
          }
        }
        for (const [k, loaded] of shared.entries()) assert.deepStrictEqual(ownForm(loaded), ownForm(own[k]), loaded.file);
        store.add(result(shared));
        const reference = new EventStore();
        reference.add(result(own));
        assert.deepStrictEqual(snapshot(store), snapshot(reference));
      }),
      { numRuns: 150 },
    );
  });

  it('a table gives each value one id, dense in the order values first come, through growth and past the probe bound (fast-check)', () => {
    const lookups = fc.array(
      fc.oneof(fc.constantFrom(null, '', 'a', 'é東🚀'), fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 6 })),
      {
        maxLength: 400,
      },
    );
    fc.assert(
      fc.property(lookups, fc.constantFrom(0, 1, 2, 32), (values, maxProbes) => {
        const table = new LoadTables({ maxProbes }).byField[0];
        const expected = new Map<string, number>();
        for (const value of values) {
          if (value !== null && value !== '' && !expected.has(value)) expected.set(value, expected.size + 1);
          assert.equal(table.idOf(value), value === null || value === '' ? 0 : expected.get(value), JSON.stringify(value));
        }
        assert.deepEqual(table.values, ['', ...expected.keys()]);
      }),
      { numRuns: 200 },
    );
  });

  it("a value looked up by the reader's number gets the id a plain lookup gives, whatever number comes with it (fast-check)", () => {
    // Numbers are small, so that they are reused for other values (as after the reader forgets its tables), and
    // sometimes NO_NUMBER or past the numbered bound.
    const number = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 600 }), fc.constantFrom(0xffff_ffff, 1 << 20));
    const value = fc.oneof(fc.constantFrom(null, '', 'a', 'é東🚀'), fc.string({ maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(value, number), { maxLength: 300 }), (lookups) => {
        const numbered = new LoadTables().byField[0];
        const plain = new LoadTables().byField[0];
        for (const [value, number] of lookups)
          assert.equal(numbered.idOfNumbered(value, number), plain.idOf(value), `${JSON.stringify(value)} ${number}`);
        assert.deepEqual(numbered.values, plain.values);
      }),
      { numRuns: 300 },
    );
  });

  it('a table of 60,000 values finds each again after growing from 1,024 slots, with and without values past the probe bound', () => {
    for (const maxProbes of [32, 2, 1]) {
      const table = new LoadTables({ maxProbes }).byField[0];
      const values = Array.from({ length: 60_000 }, (_, k) => `arn:aws:iam::123456789012:user/u${k}`);
      values.forEach((value, k) => assert.equal(table.idOf(value), k + 1));
      // Fresh strings of the same text (not the objects first looked up), in another order.
      for (let k = values.length - 1; k >= 0; k -= 7) assert.equal(table.idOf(`arn:aws:iam::123456789012:user/u${k}`), k + 1, `${maxProbes} ${k}`);
      assert.equal(table.values.length, values.length + 1);
    }
  });

  it('values whose hashes collide (as a crafted log would make them) keep their ids as the table grows past them', () => {
    const slots = 1 << 14;
    const home = hashOf('seed') & (slots - 1);
    const colliding: string[] = [];
    for (let k = 0; colliding.length < 48; k++) if ((hashOf(`c${k}`) & (slots - 1)) === home) colliding.push(`c${k}`);
    const table = new LoadTables().byField[0];
    const fillers = Array.from({ length: 6000 }, (_, k) => `f${k}`);
    // The colliding values come first (a run of 32 slots, the rest past it), then enough others to grow the slots to 16,384.
    const values = [...colliding, ...fillers];
    // Every value is looked up again after each few hundred added, so that each growth of the slots is checked.
    for (let added = 0; added < values.length; added += 300) {
      for (let k = added; k < Math.min(values.length, added + 300); k++) assert.equal(table.idOf(values[k]), k + 1);
      for (let k = 0; k < Math.min(values.length, added + 300); k++) assert.equal(table.idOf(values[k]), k + 1, values[k]);
    }
    assert.equal(table.values.length, values.length + 1);
  });

  it('a full set is replaced between two messages, and the update says so', () => {
    const names = (...values: string[]) => values.map((name) => INTERNED_FIELDS.map((_, f) => (f === 0 ? name : null)));
    const sender = new TableSender({ maxValues: 3 });
    const first = sender.next();
    loadedFile('a', names('x'), new FileIndexBuilder(1, first));
    assert.deepEqual([sender.update().fresh, sender.next()], [true, first], 'two values of three: the same set');
    loadedFile('b', names('y'), new FileIndexBuilder(1, first));
    assert.deepEqual(sender.update().added[0], ['y']);
    const second = sender.next();
    assert.notEqual(second, first, 'three values: a fresh set');
    loadedFile('c', names('y', 'z'), new FileIndexBuilder(2, second));
    const update = sender.update();
    assert.deepEqual([update.fresh, update.added[0], second.byField[0].values], [true, ['y', 'z'], ['', 'y', 'z']]);
  });
});
