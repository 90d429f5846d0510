// Column groups (columnGroup.ts): the segments of a load take rows of shared columns one after another; each reads back
// what it wrote whatever comes after it (more segments, ids widened to 32 bits, unique bytes and byte counts grown,
// the group trimmed).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { INTERNED_FIELDS, UNIQUE_FIELDS } from '../../../src/core/load/indexSchema';
import { ColumnGroups, type ColumnGroup, type OwnColumns } from '../../../src/core/store/columnGroup';

/** One segment to place: its events, the largest id its first interned field takes, and its unique values' lengths. */
const segmentSpec = fc.record({
  count: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3000 })),
  idBound: fc.constantFrom(10, 0x10000, 0x10001, 1 << 20),
  byteLength: fc.integer({ min: 0, max: 40 }),
  closeAfter: fc.boolean(),
});

interface Placed {
  group: ColumnGroup;
  at: number;
  count: number;
  seed: number;
  idBound: number;
  byteLength: number;
  transferAt: number;
  /** Its events that moved bytes (every third). */
  moved: number[];
}

/** The values segment `seed` writes at its event i, as makeSegment would. */
const startOf = (seed: number, i: number) => (seed * 7919 + i) >>> 0;
const idOf = (seed: number, i: number, bound: number) => (seed * 31 + i) % bound;
const byteOf = (seed: number, i: number, k: number) => (seed + i + k) & 0xff;

/** Ids of each interned field in an array of their own. */
function internedOf(count: number): OwnColumns['interned'] {
  const interned = {} as OwnColumns['interned'];
  for (const field of INTERNED_FIELDS) interned[field] = { ids: new Uint32Array(count), values: [''] };
  return interned;
}

/** A file's own columns, as its index has them (exact lengths): what a group of its own takes. */
function ownColumns(count: number, byteLength: number): OwnColumns {
  const moved = Math.ceil(count / 3);
  return {
    start: new Uint32Array(count),
    end: new Uint32Array(count),
    eventTime: new Float64Array(count),
    flags: new Uint16Array(count),
    unique: Object.fromEntries(
      UNIQUE_FIELDS.map((field) => [field, { bytes: new Uint8Array(count * byteLength), offsets: new Uint32Array(count + 1) }]),
    ) as OwnColumns['unique'],
    transfer: { events: new Uint32Array(moved), bytesIn: new Float64Array(moved), bytesOut: new Float64Array(moved) },
    interned: internedOf(count),
  };
}

function place(groups: ColumnGroups, seed: number, spec: { count: number; idBound: number; byteLength: number }): Placed {
  const { count, idBound, byteLength } = spec;
  const own = ownColumns(count, byteLength);
  const group = groups.place(count, () => INTERNED_FIELDS.map(() => false), own);
  assert.equal(group.adopted, group.start === own.start, 'a group that takes a file takes all its columns');
  const at = group.used;
  assert.ok(at + count <= group.rows, `rows ${at}+${count} past ${group.rows}`);
  const ids = group.fitIds(INTERNED_FIELDS[0], idBound);
  for (let i = 0; i < count; i++) {
    group.start[at + i] = startOf(seed, i);
    ids[at + i] = idOf(seed, i, idBound);
  }
  for (const field of UNIQUE_FIELDS) {
    const bytes = group.fitBytes(field, count * byteLength, count);
    const offsets = group.unique[field].offsets;
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < byteLength; k++) bytes[offsets[at + i] + k] = byteOf(seed, i, k);
      offsets[at + i + 1] = offsets[at + i] + byteLength;
    }
  }
  const moved = Array.from({ length: Math.ceil(count / 3) }, (_, k) => 3 * k);
  const transferAt = group.transfersUsed;
  const transfer = group.fitTransfers(moved.length, count);
  moved.forEach((i, k) => {
    transfer.events[transferAt + k] = at + i;
    transfer.bytesIn[transferAt + k] = startOf(seed, i) / 2;
    transfer.bytesOut[transferAt + k] = startOf(seed, i) * 2;
  });
  group.transfersUsed = transferAt + moved.length;
  group.used = at + count;
  return { group, at, count, seed, idBound, byteLength, transferAt, moved };
}

function readsBack({ group, at, count, seed, idBound, byteLength, transferAt, moved }: Placed): void {
  const ids = group.interned[INTERNED_FIELDS[0]];
  moved.forEach((i, k) => {
    assert.equal(group.transfer.events[transferAt + k], at + i, `row of segment ${seed}'s transfer ${k}`);
    assert.equal(group.transfer.bytesIn[transferAt + k], startOf(seed, i) / 2);
    assert.equal(group.transfer.bytesOut[transferAt + k], startOf(seed, i) * 2);
  });
  for (let i = 0; i < count; i++) {
    assert.equal(group.start[at + i], startOf(seed, i), `start of segment ${seed} event ${i}`);
    assert.equal(ids[at + i], idOf(seed, i, idBound), `id of segment ${seed} event ${i}`);
    for (const field of UNIQUE_FIELDS) {
      const { bytes, offsets } = group.unique[field];
      assert.equal(offsets[at + i + 1] - offsets[at + i], byteLength);
      for (let k = 0; k < byteLength; k++) assert.equal(bytes[offsets[at + i] + k], byteOf(seed, i, k));
    }
  }
}

describe('column groups', () => {
  it('give each segment rows apart, which read back what it wrote after later segments, widening, growth and trims (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(segmentSpec, { maxLength: 30 }), (specs) => {
        const groups = new ColumnGroups();
        const placed: Placed[] = [];
        specs.forEach((spec, seed) => {
          placed.push(place(groups, seed, spec));
          if (spec.closeAfter) groups.close();
        });
        groups.close();
        for (const segment of placed) readsBack(segment);
        // Rows of one group never overlap.
        for (const a of placed)
          for (const b of placed)
            if (a !== b && a.group === b.group && a.count > 0 && b.count > 0) assert.ok(a.at + a.count <= b.at || b.at + b.count <= a.at);
      }),
      { numRuns: 150 },
    );
  });

  it('share one group among small files, give a large file one of its own size, and trim unused bytes on close', () => {
    const groups = new ColumnGroups();
    const small = Array.from({ length: 20 }, (_, seed) => place(groups, seed, { count: 10, idBound: 10, byteLength: 17 }));
    assert.equal(new Set(small.map(({ group }) => group)).size, 1, 'twenty files of ten events in one group');
    const large = place(groups, 99, { count: 5000, idBound: 10, byteLength: 17 });
    assert.equal(large.group.rows, 5000);
    assert.ok(large.group.adopted, "a large file's group takes its columns");
    assert.ok(!small[0].group.adopted);
    assert.notEqual(large.group, small[0].group);
    const next = place(groups, 100, { count: 10, idBound: 10, byteLength: 17 });
    assert.equal(next.group, small[0].group, 'a small file after a large one joins the group that has room');
    groups.close();
    for (const field of UNIQUE_FIELDS) assert.equal(next.group.unique[field].bytes.length, 21 * 10 * 17);
    assert.equal(next.group.transfer.events.length, 21 * 4, 'four transfers of ten events each, trimmed');
    for (const segment of [...small, large, next]) readsBack(segment);
  });

  it("take a large file's ids as they are only when they lie in the buffer of its columns, and make the others", () => {
    const count = 5000;
    // A file decoded from a whole load's entry read apart: its columns, ids among them, are views of one buffer.
    const buffer = new ArrayBuffer(count * (4 + 2 + 4) + 8);
    const own = ownColumns(count, 3);
    own.start = new Uint32Array(buffer, 0, count);
    const [first, second, third] = INTERNED_FIELDS;
    const inBuffer16 = new Uint16Array(buffer, 4 * count, count);
    const inBuffer32 = new Uint32Array(buffer, 6 * count + 8, count);
    own.interned[first] = { ids: inBuffer16, values: [''] };
    own.interned[second] = { ids: inBuffer32, values: [''] };
    const elsewhere = own.interned[third].ids;
    const group = new ColumnGroups().place(count, () => INTERNED_FIELDS.map(() => false), own);
    assert.ok(group.adopted);
    assert.ok(group.takeIds(first, inBuffer16) && group.takeIds(second, inBuffer32));
    assert.equal(group.interned[first], inBuffer16);
    assert.equal(group.interned[second], inBuffer32);
    assert.equal(group.takeIds(third, elsewhere), false, 'ids in a buffer of their own are not taken');
    assert.ok(group.interned[third].length === count && group.interned[third] !== elsewhere);
    // Ids that must be translated are written into a column made for them, as wide as their bound needs.
    const fourth = INTERNED_FIELDS[3];
    const translated = group.fitIds(fourth, 0x10001);
    assert.ok(translated instanceof Uint32Array && translated.length === count && group.interned[fourth] === translated);
    const shared = new ColumnGroups().place(10, () => INTERNED_FIELDS.map(() => false), ownColumns(10, 3));
    assert.equal(shared.takeIds(first, new Uint16Array(10)), false, "a shared group takes no file's ids");
  });

  it('size a unique column by what its rows hold, not by one outlier: a first file of one event with a 1 MB key', () => {
    const groups = new ColumnGroups();
    const outlier = place(groups, 0, { count: 1, idBound: 10, byteLength: 1 << 20 });
    assert.ok(outlier.group.rows >= 1000, 'a shared group');
    for (const field of UNIQUE_FIELDS)
      assert.ok(outlier.group.unique[field].bytes.length <= 2 << 20, `${outlier.group.unique[field].bytes.length} bytes`);
    const next = place(groups, 1, { count: 10, idBound: 10, byteLength: 17 });
    groups.close();
    readsBack(outlier);
    readsBack(next);
  });
});
