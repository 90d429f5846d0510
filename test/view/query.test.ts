import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQuery } from '../../src/core';
import { queryForValue, queryProblem } from '../../src/view/query';

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
