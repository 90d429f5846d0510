// String tables shared by the files one thread loads (stringTables.ts): the values a worker sends once per message
// rebuild its tables on the main thread, fresh sets included, and a store that takes the files as they arrive (their
// tables still growing) holds what it holds when each file comes with tables of its own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FileIndexBuilder } from '../../../src/core/load/fileIndexBuilder';
import { INTERNED_FIELDS, UNIQUE_FIELDS } from '../../../src/core/load/indexSchema';
import type { LoadedFile } from '../../../src/core/load/loadedFile';
import { detached, TableMirror, TableSender, type TableUpdate } from '../../../src/core/load/stringTables';
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
  it('rebuild on the receiving side, through fresh sets and tables of several maps, into the store that files with their own tables give (fast-check)', () => {
    fc.assert(
      fc.property(messages, fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 4 }), (sent, maxValues, mapEntries) => {
        const senders = [new TableSender({ maxValues, mapEntries }), new TableSender({ maxValues, mapEntries })];
        const mirrors = [new TableMirror(), new TableMirror()];
        const store = new EventStore();
        const shared: LoadedFile[] = [];
        const own: LoadedFile[] = [];
        for (const [m, { worker, files }] of sent.entries()) {
          const tables = senders[worker].next();
          const built = files.map((events, k) => loadedFile(`m${m}-f${k}`, events, new FileIndexBuilder(events.length, tables)));
          // What postMessage does to a reply: a structured clone of the files without their tables, and the update.
          const reply = structuredClone({ loaded: built.map(detached), tables: senders[worker].update() }) as {
            loaded: LoadedFile[];
            tables: TableUpdate;
          };
          mirrors[worker].apply(reply.tables);
          for (const [k, loaded] of reply.loaded.entries()) {
            mirrors[worker].attach(loaded);
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
