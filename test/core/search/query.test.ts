import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadPaths } from '../../../src/core/load/loadPaths';
import { parseQuery } from '../../../src/core/search/parseQuery';
import { EventStore, type QueryResult } from '../../../src/core/store/eventStore';
import type { EventSummary } from '../../../src/core/store/summary';
import { LOGS } from '../engineFixtures';

describe('parseQuery', () => {
  it('parses fields, lists, negation, quotes, times and free text', () => {
    const parsed = parseQuery('name:Get*,PutObject -error:* principal:"my role" after:2023-07-10 alice');
    assert.ok(parsed.ok);
    assert.deepEqual(
      parsed.query.terms.map((term) => [term.kind, term.kind === 'time' ? term.time : term.values, term.negate]),
      [
        ['field', ['Get*', 'PutObject'], false],
        ['field', ['*'], true],
        ['field', ['my role'], false],
        ['time', Date.UTC(2023, 6, 10), false],
        ['text', ['alice'], false],
      ],
    );
  });

  const errors: [string, string, number, number][] = [
    ['name:GetObject colour:red', 'colour:red', 15, 25],
    ['name: x', 'name:', 0, 5],
    ['after:yesterday', 'after:yesterday', 0, 15],
    ['level:huge', 'level:huge', 0, 10],
    ['principal:"unterminated', 'principal:"unterminated', 0, 23],
  ];
  for (const [query, term, start, end] of errors) {
    it(`points at the offending term of "${query}"`, () => {
      const parsed = parseQuery(query);
      assert.ok(!parsed.ok);
      assert.equal(parsed.error.term, term);
      assert.equal(parsed.error.start, start);
      assert.equal(parsed.error.end, end);
      assert.ok(parsed.error.message.length > 10);
    });
  }
});

describe('EventStore.query over real fixtures', () => {
  let store: EventStore;
  let all: EventSummary[];
  before(async () => {
    store = new EventStore();
    store.add(await loadPaths([LOGS], { workers: 0 }));
    all = [...store.allIds()].map((id) => store.summary(id)!);
  });

  function ids(result: QueryResult): number[] {
    assert.ok(result.ok, result.ok ? '' : result.error.message);
    return [...result.ids];
  }
  function expected(predicate: (summary: EventSummary) => boolean): number[] {
    return all.filter(predicate).map((summary) => summary.id);
  }

  const cases: [string, (summary: EventSummary) => boolean][] = [
    ['name:GetBucketAcl', (s) => s.eventName === 'GetBucketAcl'],
    ['name:getbucket*', (s) => /^getbucket/i.test(s.eventName ?? '')],
    ['name:PutObject,ConsoleLogin', (s) => s.eventName === 'PutObject' || s.eventName === 'ConsoleLogin'],
    ['source:s3', (s) => s.eventSource === 's3.amazonaws.com'],
    ['-source:s3', (s) => s.eventSource !== 's3.amazonaws.com'],
    ['error:*', (s) => s.errorCode !== null],
    ['error:AccessDenied', (s) => s.errorCode === 'AccessDenied'],
    ['principal:bert-jan', (s) => (s.principal ?? '').includes('bert-jan')],
    ['key:AKIA*', (s) => (s.accessKeyId ?? '').startsWith('AKIA')],
    ['level:bucket', (s) => s.level === 'bucket'],
    ['level:object source:s3', (s) => s.level === 'object'],
    ['readonly:true', (s) => s.readOnly === true],
    ['identity:assumed-role', (s) => s.identityKind === 'assumed-role'],
    ['category:management', (s) => s.eventCategory === 'management'],
    ['region:us-east-1', (s) => s.awsRegion === 'us-east-1'],
    ['file:panther', (s) => s.file.includes('panther')],
    ['object:*.txt', (s) => /\.txt$/i.test(s.objectKey ?? '')],
    [
      'after:2023-07-10T12:30 before:2023-07-10T13:00',
      (s) => s.eventTimeMs >= Date.UTC(2023, 6, 10, 12, 30) && s.eventTimeMs < Date.UTC(2023, 6, 10, 13),
    ],
    ['bert', (s) => [s.principal, s.eventName, s.userAgent].some((value) => (value ?? '').toLowerCase().includes('bert'))],
  ];
  for (const [query, predicate] of cases) {
    it(query, () => {
      const want = expected(predicate);
      assert.deepEqual(ids(store.query(query)), want);
    });
  }

  it('most cases select something, and not everything', () => {
    const sizes = cases.map(([query]) => ids(store.query(query)).length);
    assert.ok(sizes.filter((size) => size > 0 && size < all.length).length >= cases.length - 3, JSON.stringify(sizes));
  });

  it('id: finds every event with that eventID', () => {
    const target = all[3];
    assert.deepEqual(
      ids(store.query(`id:${target.eventID}`)),
      expected((s) => s.eventID === target.eventID),
    );
  });

  it('a wrong query is an error result, not an exception', () => {
    const result = store.query('name:GetObject bogus:1');
    assert.ok(!result.ok);
    assert.equal(result.error.term, 'bogus:1');
  });
});
