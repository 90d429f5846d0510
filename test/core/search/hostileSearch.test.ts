import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { loadPaths } from '../../../src/core/load/loadPaths';
import { encodeUnique } from '../../../src/core/load/uniqueBytes';
import { parseQuery } from '../../../src/core/search/parseQuery';
import { compilePattern, matchBytes, matchString } from '../../../src/core/search/pattern';
import { foldCase } from '../../../src/core/search/fold';
import { EventStore, type QueryResult } from '../../../src/core/store/eventStore';

/** The obvious (backtracking) reading of a glob, as the reference the linear matcher must agree with. */
function referenceMatch(value: string, query: string, mode: 'whole' | 'contains'): boolean {
  if (value === '') return false;
  const folded = foldCase(query);
  const anchored = mode === 'whole' || folded.includes('*');
  const body = folded
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(anchored ? `^${body}$` : body, 's').test(foldCase(value));
}

/** Letters folding to ASCII from elsewhere (Kelvin sign, dotted capital I), non-ASCII letters with a case, and `*`. */
const ALPHABET = ['a', 'b', 'A', 'ä', 'Ä', '\u212a', 'k', 'K', 'i', 'I', '\u0130', '\u0307', '日', '*', '-'];
const text = (maxLength: number) => fc.array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength }).map((chars) => chars.join(''));

describe('pattern matching agrees with a reference glob on adversarial alphabets', () => {
  it('matchString and matchBytes give the reference answer in both modes', () => {
    fc.assert(
      fc.property(
        text(12).map((value) => value.replaceAll('*', '')),
        text(6),
        fc.constantFrom<'whole' | 'contains'>('whole', 'contains'),
        (value, query, mode) => {
          const pattern = compilePattern(query, mode);
          const expected = referenceMatch(value, query, mode);
          assert.equal(matchString(foldCase(value), pattern), expected, 'string path');
          const bytes = encodeUnique(value);
          assert.equal(matchBytes(bytes, 0, bytes.length, pattern), expected, 'byte path');
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('finds a needle whose prefix repeats all along a long value (the quadratic case of a naive search)', () => {
    const value = 'a'.repeat(200_000) + 'b';
    const bytes = encodeUnique(value);
    for (const [query, expected] of [
      ['a'.repeat(1000) + 'b', true],
      ['a'.repeat(1000) + 'c', false],
      ['*a*a*a*a*a*b', true],
      ['*a*a*a*a*a*c', false],
    ] as const) {
      const pattern = compilePattern(query, 'contains');
      assert.equal(matchBytes(bytes, 0, bytes.length, pattern), expected, query.slice(-12));
      assert.equal(matchString(value, pattern), expected, query.slice(-12));
    }
  });
});

describe('field names that are Object.prototype members', () => {
  for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__', '__defineGetter__']) {
    it(`${name}:x is an unknown field, never a crash`, () => {
      const parsed = parseQuery(`${name}:x`);
      assert.ok(!parsed.ok);
      assert.match(parsed.error.message, new RegExp(`^Unknown field "${name}"`));
    });
  }
});

describe('one folding rule for queries and stored values', () => {
  const upperId = '3E1C2F8A-7B4D-4C1E-9A2B-0F1E2D3C4B5A';
  const lowerId = '9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f';
  const mixedId = 'AbCdEf01-2345-4678-9abc-DEF012345678';
  const keys = ['ÄBC.pdf', 'äbc.PDF', 'abc.pdf', 'docs/\u212aelvin.txt', 'plain.txt'];
  let folder: string;
  let store: EventStore;

  function record(index: number, key: string, eventID: string) {
    return {
      eventVersion: '1.08',
      eventTime: `2024-01-01T00:00:0${index}Z`,
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      awsRegion: 'us-east-1',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333' },
      requestParameters: { bucketName: 'bucket', key },
      eventID,
      requestID: `REQ${index}`,
      eventType: 'AwsApiCall',
      recipientAccountId: '111122223333',
    };
  }

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'ctlens-search-'));
    const ids = [upperId, lowerId, mixedId, 'not-a-uuid-ID', 'another-id'];
    writeFileSync(path.join(folder, 'keys.json'), JSON.stringify({ Records: keys.map((key, index) => record(index, key, ids[index])) }));
    store = new EventStore();
    store.add(await loadPaths([folder], { workers: 0 }));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  function objectKeysOf(result: QueryResult): string[] {
    assert.ok(result.ok, result.ok ? '' : result.error.message);
    return [...result.ids].map((id) => store.summary(id)!.objectKey ?? '').sort();
  }

  it('object:ÄBC.pdf finds the key in any case, non-ASCII letters included', () => {
    assert.deepEqual(objectKeysOf(store.query('object:ÄBC.pdf')), ['ÄBC.pdf', 'äbc.PDF']);
    assert.deepEqual(objectKeysOf(store.query('object:äbc.pdf')), ['ÄBC.pdf', 'äbc.PDF']);
    assert.deepEqual(objectKeysOf(store.query('object:*BC.PDF')), ['ÄBC.pdf', 'abc.pdf', 'äbc.PDF'].sort());
    assert.deepEqual(objectKeysOf(store.query('ÄB')), ['ÄBC.pdf', 'äbc.PDF']);
  });

  it('a stored character whose lower case is ASCII (the Kelvin sign) matches its ASCII query', () => {
    assert.deepEqual(objectKeysOf(store.query('object:docs/kelvin.txt')), ['docs/\u212aelvin.txt']);
  });

  it('id: exact and id: with a wildcard are both case-insensitive', () => {
    for (const id of [upperId, lowerId, mixedId, 'not-a-uuid-ID']) {
      const expected = [keys[[upperId, lowerId, mixedId, 'not-a-uuid-ID'].indexOf(id)]];
      for (const query of [id, id.toLowerCase(), id.toUpperCase(), `${id.slice(0, 10).toLowerCase()}*`, `${id.slice(0, 10).toUpperCase()}*`]) {
        assert.deepEqual(objectKeysOf(store.query(`id:${query}`)), expected, query);
      }
    }
  });

  it('request: exact is case-insensitive too', () => {
    assert.deepEqual(objectKeysOf(store.query('request:req2')), [keys[2]]);
  });
});
