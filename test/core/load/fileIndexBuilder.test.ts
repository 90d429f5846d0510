// The builder of a file's index (fileIndexBuilder.ts) grows its columns past the capacity it guessed and interns
// through its thread's tables: every event must still read back its own values through the ids, whatever the count
// against the guess, and files sharing a thread's tables must share ids.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FileIndexBuilder } from '../../../src/core/load/fileIndexBuilder';
import { INTERNED_FIELDS, UNIQUE_FIELDS, type FileIndex } from '../../../src/core/load/indexSchema';
import { LoadTables } from '../../../src/core/load/stringTables';
import { decodeUnique } from '../../../src/core/load/uniqueBytes';

type Values = (string | null)[];

/** `count` events whose values come from a pool of 40 (and null and ''), chosen by a seeded generator. */
function eventsOf(count: number, seed: number): Values[] {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % 42;
  };
  const pick = (field: number) => {
    const k = next();
    return k === 40 ? null : k === 41 ? '' : `${INTERNED_FIELDS[field]}-${k}`;
  };
  return Array.from({ length: count }, () => INTERNED_FIELDS.map((_, field) => pick(field)));
}

function build(events: Values[], expectedCount: number, tables: LoadTables): FileIndex {
  const builder = new FileIndexBuilder(expectedCount, tables);
  events.forEach((interned, i) =>
    builder.add({
      recordIndex: i,
      start: i,
      end: i + 1,
      eventTime: i,
      flags: 0,
      interned,
      unique: UNIQUE_FIELDS.map(() => null),
      kept: null,
      link: null,
      transfer: null,
    }),
  );
  return builder.finish();
}

/** Each event's values as the index gives them back ('' and null both read back as absent: id 0). */
function readBack(index: FileIndex): Values[] {
  return Array.from({ length: index.count }, (_, i) =>
    INTERNED_FIELDS.map((field) => {
      const { ids, values } = index.interned[field];
      return ids[i] === 0 ? null : values[ids[i]];
    }),
  );
}

const absentAsNull = (events: Values[]) => events.map((values) => values.map((value) => (value === '' ? null : value)));

/** What a file's kept columns must read back: per event its range, time, flags and unique values. */
interface KeptEvent {
  start: number;
  end: number;
  eventTime: number;
  flags: number;
  unique: string[];
}

const keptEvent = fc.record({
  start: fc.nat(),
  end: fc.nat(),
  eventTime: fc.oneof(fc.double({ noNaN: true }), fc.constant(Number.NaN)),
  flags: fc.nat(0xffff),
  unique: fc.tuple(fc.uuid(), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 30 })),
});

function keptBack(index: FileIndex): KeptEvent[] {
  return Array.from({ length: index.count }, (_, i) => ({
    start: index.start[i],
    end: index.end[i],
    eventTime: index.eventTime[i],
    flags: index.flags[i],
    unique: UNIQUE_FIELDS.map((field) => {
      const { bytes, offsets } = index.unique[field];
      return decodeUnique(bytes, offsets[i], offsets[i + 1]);
    }),
  }));
}

describe('FileIndexBuilder', () => {
  it('builders made one after another on a thread, some dropped before they finish, each keep their own columns (fast-check)', () => {
    // Now and then a file past the events a thread keeps working columns for (its events made, not drawn: it is long).
    const large = Array.from({ length: 17_000 }, (_, i) => ({
      start: i,
      end: 2 * i,
      eventTime: i / 3,
      flags: i & 0xffff,
      unique: [`id-${i}`, '', 'é'],
    }));
    const file = fc.record({
      events: fc.oneof({ weight: 5, arbitrary: fc.array(keptEvent, { maxLength: 40 }) }, { weight: 1, arbitrary: fc.constant(large) }),
      expectedCount: fc.nat(64),
      dropped: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(file, { maxLength: 8 }), (files) => {
        const tables = new LoadTables();
        const finished: { index: FileIndex; events: KeptEvent[] }[] = [];
        for (const { events, expectedCount, dropped } of files) {
          const builder = new FileIndexBuilder(expectedCount, tables);
          const upTo = dropped ? events.length >> 1 : events.length;
          for (let i = 0; i < upTo; i++)
            builder.add({
              recordIndex: i,
              ...events[i],
              interned: INTERNED_FIELDS.map(() => null),
              kept: null,
              link: null,
              transfer: null,
            });
          if (!dropped) finished.push({ index: builder.finish(), events });
        }
        // fast-check's records have no prototype: compared as plain objects.
        for (const { index, events } of finished)
          assert.deepEqual(
            keptBack(index),
            events.map((event) => ({ ...event, unique: [...event.unique] })),
          );
      }),
      { numRuns: 60 },
    );
  });

  it('gives every event its own values back, across blocks of lookups and whatever capacity it was made for (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2600 }), fc.integer({ min: 0, max: 4000 }), fc.integer(), (count, expectedCount, seed) => {
        const events = eventsOf(count, seed);
        const index = build(events, expectedCount, new LoadTables());
        assert.equal(index.count, count);
        assert.deepEqual(readBack(index), absentAsNull(events));
      }),
      { numRuns: 40 },
    );
  });

  it('numbers values in the order they first appear, and files that share a thread tables share ids', () => {
    const tables = new LoadTables();
    const first = eventsOf(1500, 7);
    const second = eventsOf(2100, 11);
    const a = build(first, 100, tables);
    const b = build(second, 5000, tables);
    assert.deepEqual(readBack(a), absentAsNull(first));
    assert.deepEqual(readBack(b), absentAsNull(second));
    for (const [f, field] of INTERNED_FIELDS.entries()) {
      const seen = [...new Set([...first, ...second].map((values) => values[f]).filter((value) => value !== null && value !== ''))];
      assert.deepEqual(b.interned[field].values.slice(1), seen, field);
      assert.equal(a.interned[field].values, b.interned[field].values, 'one table per field for both files');
    }
  });
});
