import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import {
  isKeptCall,
  KeptCallReader,
  keptPart,
  packCalls,
  packedAlone,
  packedAloneEachSteps,
  type KeptCall,
  type KeptCalls,
  type PackedCalls,
} from '../../../src/core/load/keptCalls';
import { runToEnd } from '../../../src/core/store/steps';
import type { RawRecord } from '../../../src/core/types';
import { DOMAIN_FIXTURES } from '../s3/domainFixtures';

// Real trail calls of the invictus-ir Stratus Red Team run (test/fixtures/domain/SOURCE.md).
const RECORDS: RawRecord[] = (
  JSON.parse(readFileSync(join(DOMAIN_FIXTURES, 'trail-history', 'invictus-ir-trail-calls.json'), 'utf8')) as { Records: RawRecord[] }
).Records;
const REAL_CALLS: KeptCall[] = RECORDS.flatMap((record, recordIndex) =>
  isKeptCall(record.eventSource, record.eventName) ? [{ recordIndex, record: keptPart(record) }] : [],
);

// Any UTF-16 text, lone surrogates too: an attacker writes the records.
const jsonObject = fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue({ stringUnit: 'binary' }), { maxKeys: 6 }) as fc.Arbitrary<RawRecord>;
const callsOfFiles = fc.array(fc.array(fc.record({ recordIndex: fc.nat(), record: jsonObject }), { maxLength: 5 }), { maxLength: 8 });

const readAll = (files: readonly KeptCalls[]) => {
  const reader = new KeptCallReader();
  return files.map((kept) => [...reader.callsOf(kept)]);
};

/** A pack of `json` as packCalls makes one, but of any text. */
const packOf = (json: string): PackedCalls => {
  const [packed] = packCalls([[{ recordIndex: 0, record: {} }]]) as PackedCalls[];
  const text = deflateRawSync(json).toString('latin1');
  return { ...packed, pack: { text } };
};

describe('kept trail calls packed', () => {
  it('read back, file by file, the calls of files packed together, whatever JSON they hold (fast-check)', () => {
    fc.assert(
      fc.property(callsOfFiles, (files) => {
        const packed = packCalls(files);
        // JSON keeps -0 as 0; a record parsed from a log never holds -0.
        assert.deepStrictEqual(readAll(packed), JSON.parse(JSON.stringify(files)));
        const packs = new Set(packed.flatMap((kept) => ('pack' in kept ? [kept.pack] : [])));
        assert.equal(packs.size, files.some((calls) => calls.length > 0) ? 1 : 0, 'one pack for the files that have calls');
      }),
    );
  });

  it('keep the real calls of a trail history in a fraction of their JSON, one character per byte', () => {
    assert.ok(REAL_CALLS.length >= 10, `${REAL_CALLS.length} trail calls in the fixture`);
    const packed = packedAlone(REAL_CALLS, new KeptCallReader()) as PackedCalls;
    const { text } = packed.pack;
    assert.ok([...text].every((char) => char.charCodeAt(0) <= 0xff));
    assert.deepStrictEqual(readAll([packed]), [REAL_CALLS]);
    const json = JSON.stringify(REAL_CALLS).length;
    assert.ok(text.length * 4 < json, `${text.length} packed characters for ${json} of JSON`);
  });

  it('pack a single call smaller with the words trail calls repeat than without them', () => {
    const [call] = REAL_CALLS;
    const plain = deflateRawSync(JSON.stringify([[call.recordIndex, call.record]]), { level: 1 }).length;
    const packed = (packedAlone([call], new KeptCallReader()) as PackedCalls).pack.text.length;
    assert.ok(packed < plain, `${packed} characters with the dictionary, ${plain} without`);
  });

  it('pack each file alone, files of several packs in any order (fast-check)', () => {
    fc.assert(
      fc.property(callsOfFiles, callsOfFiles, fc.infiniteStream(fc.boolean()), (first, second, picks) => {
        // Two messages' files, interleaved as a load's order interleaves them.
        const packed = [packCalls(first), packCalls(second)];
        const order: Array<[number, number]> = [];
        const next = [0, 0];
        const iterator = picks[Symbol.iterator]();
        while (next[0] < first.length || next[1] < second.length) {
          const which = next[1] === second.length || (next[0] < first.length && (iterator.next().value as boolean)) ? 0 : 1;
          order.push([which, next[which]++]);
        }
        const alone = runToEnd(packedAloneEachSteps(order.map(([which, k]) => packed[which][k])));
        const expected = order.map(([which, k]) => JSON.parse(JSON.stringify([which === 0 ? first[k] : second[k]])) as KeptCall[][]);
        assert.deepStrictEqual(
          alone.map((kept) => (kept === null ? [[]] : readAll([kept]))),
          expected,
        );
        assert.ok(
          alone.every((kept) => kept === null || kept.from === 0),
          'each in a pack of its own',
        );
      }),
    );
  });

  it('leave files without calls as they are, and pack nothing for them', () => {
    const none: KeptCall[] = [];
    assert.deepStrictEqual(packCalls([none, none]), [none, none]);
    assert.equal(packedAlone(none, new KeptCallReader()), null);
  });

  it('give no calls, and no error, for a pack that packCalls did not make', () => {
    const [real] = packCalls([REAL_CALLS]) as PackedCalls[];
    const hostile: PackedCalls[] = [
      { ...real, pack: { text: 'not deflated at all' } },
      { ...real, pack: { text: real.pack.text.slice(0, 20) } },
      { ...real, pack: { text: '\u0100\u2603 wider than a byte' } },
      { ...real, count: real.count + 1 },
      packOf('{"recordIndex": 0}'),
      packOf('[[0, "CreateTrail"]]'),
      packOf('[[-1, {}]]'),
      packOf('[[0, {}, 1]]'),
      packOf('[[0.5, {}]]'),
    ];
    for (const kept of hostile) assert.deepStrictEqual(readAll([kept]), [[]], JSON.stringify(kept.pack.text.slice(0, 30)));
  });
});
