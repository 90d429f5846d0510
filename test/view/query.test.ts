import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseQuery } from '../../src/core';
import { queryForValue, queryProblem, withoutTimeRange, withTimeRange } from '../../src/view/query';

test('queryForValue quotes any value so the query selects exactly it', () => {
  for (const value of ['alice', 'a b', 'with "quotes"', 'back\\slash\\', 'bucket:*,-x', '"', '\\"', 'ÄBC.pdf']) {
    const parsed = parseQuery(queryForValue('principal', value));
    assert.ok(parsed.ok, `parses: ${value}`);
    assert.equal(parsed.query.terms.length, 1);
    const [term] = parsed.query.terms;
    assert.ok(term.kind === 'field' && term.field === 'principal', `one principal term: ${value}`);
    assert.deepEqual(term.values, [value]);
  }
});

test('queryForValue names the query field of each summary field', () => {
  assert.equal(queryForValue('accessKeyId', 'AKIAX'), 'key:"AKIAX"');
  assert.equal(queryForValue('eventID', 'e-1'), 'id:"e-1"');
  assert.equal(queryForValue('file', '/logs/a.json'), 'file:"/logs/a.json"');
});

test('queryProblem names the wrong term and is silent on a good query', () => {
  assert.equal(queryProblem('name:GetObject bucket:x'), undefined);
  const problem = queryProblem('name:GetObject nosuchfield:x');
  assert.ok(problem?.includes('nosuchfield:x'), problem);
});

test('withTimeRange replaces the time terms of a filter and keeps every other term as written', () => {
  const after = Date.parse('2023-07-10T12:00:00Z');
  const before = Date.parse('2023-07-10T13:00:00Z');
  assert.equal(withTimeRange(undefined, after, before), 'after:2023-07-10T12:00:00Z before:2023-07-10T13:00:00Z');
  assert.equal(
    withTimeRange('name:GetObject after:2020-01-01 principal:"a b" before:2030-01-01', after, before),
    'name:GetObject principal:"a b" after:2023-07-10T12:00:00Z before:2023-07-10T13:00:00Z',
  );
  // A negated time term is the user's own exclusion, not a range: it stays.
  assert.equal(withoutTimeRange('-after:2023-07-10 error:*'), '-after:2023-07-10 error:*');
  assert.equal(withoutTimeRange('after:2023-07-10T12:00:00Z before:2023-07-10T13:00:00Z'), '');
  // A filter that does not parse is left alone rather than cut at a wrong place.
  assert.equal(withoutTimeRange('nosuchfield:x after:2023'), 'nosuchfield:x after:2023');
  // The range a brush gives parses back to the same instants.
  const parsed = parseQuery(withTimeRange('error:*', after, before));
  assert.ok(parsed.ok);
  assert.deepEqual(
    parsed.query.terms.flatMap((term) => (term.kind === 'time' ? [[term.bound, term.time]] : [])),
    [
      ['after', after],
      ['before', before],
    ],
  );
});

test('queryForValue has the query fields of the overview tables', () => {
  assert.equal(queryForValue('sourceIPAddress', '203.0.113.7'), 'ip:"203.0.113.7"');
  assert.equal(queryForValue('eventName', 'GetObject'), 'name:"GetObject"');
  assert.equal(queryForValue('errorCode', 'AccessDenied'), 'error:"AccessDenied"');
});

test('withTimeRange on any filter: the result parses, has exactly the brushed bounds, and keeps every other term', () => {
  const term = fc.oneof(
    fc.constantFrom('name:GetObject', 'error:*', '-error:*', 'principal:"a b"', 'bucket:x,y', 'alice', '-after:2020-01-01', 'noise:hide'),
    fc.date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => `after:${d.toISOString().slice(0, 19)}Z`),
    fc.date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => `before:${d.toISOString().slice(0, 10)}`),
  );
  fc.assert(
    fc.property(fc.array(term, { maxLength: 6 }), fc.integer({ min: 0, max: 2e12 }), fc.integer({ min: 1, max: 1e9 }), (terms, after, width) => {
      const filter = terms.join(' ');
      const parsed = parseQuery(withTimeRange(filter, after, after + width));
      assert.ok(parsed.ok);
      const bounds = parsed.query.terms.filter((t) => t.kind === 'time' && !t.negate);
      assert.deepEqual(
        bounds.map((t) => (t.kind === 'time' ? [t.bound, t.time] : [])),
        [
          ['after', Math.floor(after / 1000) * 1000],
          ['before', Math.floor((after + width) / 1000) * 1000],
        ],
      );
      const others = (text: string) => {
        const result = parseQuery(text);
        assert.ok(result.ok);
        return result.query.terms.filter((t) => t.kind !== 'time' || t.negate).map((t) => t.text);
      };
      assert.deepEqual(others(withTimeRange(filter, after, after + width)), others(filter));
    }),
    { numRuns: 300 },
  );
});
