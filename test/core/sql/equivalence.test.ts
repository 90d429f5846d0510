// The proof of issue 13: a query's SQL finds, in DuckDB, exactly the events the index's query() finds. DuckDB holds
// the same log files in a table of the Athena table's shape (duckdbAthenaTable.ts); both the duckdb dialect and the
// athena dialect (run through the Trino macros) are compared with store.query(), by count and by the set of events
// (file and place in Records) and of eventIDs, for a property-generated set of queries over every field, negation,
// alternatives, wildcards, quoting and free text, and for every grouping (GROUP BY against store.group).
// A query whose SQL names an approximation may differ; every other query must be equal.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { EventStore, loadPaths, QUERY_FIELDS, SQL_GROUPINGS, toSql, type GroupField, type SqlDialect } from '../../../src/core';
import { DELIVERY_DAY, REPO_ROOT } from '../engineFixtures';
import { parsedRecordsOf } from './records';
import { athenaTable, recordKey, type AthenaTable } from './duckdbAthenaTable';

const SHARED = join(REPO_ROOT, '..', 'shared', 'data');
/** Real sets in CloudTrail's {"Records": […]} shape (see ../shared/data/README.md), else the repository's slice of invictus-ir. */
const SHARED_SETS = [
  'invictus-ir-aws-dataset',
  'panther-analysis',
  'traildiscover',
  'grycap-cloudtrail-tracker',
  'boogy-cloudtrail-log-parser',
  'awsdocs-examples',
];

/** Records written by hand from the AWS documentation: S3 special cases and every identity type (test/fixtures/domain/SOURCE.md). */
const HANDMADE = join(REPO_ROOT, 'test', 'fixtures', 'domain', 'handmade');

function logFiles(): string[] {
  const folders = existsSync(SHARED) ? SHARED_SETS.map((set) => join(SHARED, set)).filter(existsSync) : [DELIVERY_DAY];
  return [...folders, HANDMADE].flatMap((folder) =>
    readdirSync(folder)
      .filter((name) => /\.json(\.gz)?$/.test(name))
      .map((name) => join(folder, name)),
  );
}

const DIALECTS: SqlDialect[] = ['duckdb', 'athena'];
const MONITORING = ['scanner', 'readonly-role'];

interface Fixture {
  store: EventStore;
  table: AthenaTable;
  /** The store's ids by record key, and each id's key and eventID. */
  keyOf: Map<number, string>;
  eventIdOf: Map<number, string | null>;
  pools: Pools;
}

/** Values seen in the logs, per query field, for the generator. */
type Pools = Record<string, string[]>;

function unique(values: Iterable<string | null | undefined>): string[] {
  return [...new Set([...values].filter((value): value is string => typeof value === 'string' && value !== ''))].sort();
}

function poolsOf(store: EventStore): Pools {
  const summaries = [...store.allIds()].map((id) => store.summary(id)).filter((summary) => summary !== undefined);
  const of = (read: (summary: (typeof summaries)[number]) => string | null | undefined) => unique(summaries.map(read));
  const times = summaries.map((summary) => summary.eventTimeMs).filter((time) => !Number.isNaN(time));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const picks = Array.from({ length: 12 }, (_, k) => new Date(first + ((last - first) * k) / 11).toISOString().slice(0, 16));
  return {
    name: [...of((s) => s.eventName), 'ListObjectsV2'],
    source: [...of((s) => s.eventSource), 's3', 'iam', 'kms'],
    region: of((s) => s.awsRegion),
    ip: of((s) => s.sourceIPAddress),
    agent: of((s) => s.userAgent),
    error: of((s) => s.errorCode),
    principal: of((s) => s.principal),
    key: of((s) => s.accessKeyId),
    account: of((s) => s.account),
    recipient: of((s) => s.recipientAccountId),
    bucket: of((s) => s.bucket),
    object: of((s) => s.objectKey),
    id: of((s) => s.eventID),
    request: of((s) => s.requestID),
    file: of((s) => basename(s.file)),
    after: picks,
    before: picks,
  };
}

/** A value as the user might type it: whole, in another case, or cut down to a `*` pattern or a fragment. */
function valueForm(value: string, form: number, cut: number): string {
  const at = Math.max(1, Math.min(value.length - 1, Math.floor((value.length * cut) / 100)));
  switch (form) {
    case 0:
      return value;
    case 1:
      return value.toUpperCase();
    case 2:
      return `${value.slice(0, at)}*`;
    case 3:
      return `*${value.slice(at)}`;
    case 4:
      return `*${value.slice(Math.floor(at / 2), at + 1)}*`;
    default:
      return value.slice(Math.floor(at / 2), at + 1);
  }
}

/** A value written into a query: quoted when it holds a character the bare form would split or misread. */
function written(value: string, forceQuotes: boolean): string {
  return forceQuotes || /[\s,":\\]/.test(value) || value.startsWith('-') ? `"${value.replace(/["\\]/g, (char) => `\\${char}`)}"` : value;
}

function termArbitrary(pools: Pools): fc.Arbitrary<string> {
  const flagFields = Object.entries(QUERY_FIELDS).flatMap(([field, { target }]) =>
    target.kind === 'flag' || target.kind === 'noise' ? [{ field, values: [...target.values] }] : [],
  );
  const poolFields = Object.keys(pools).filter((field) => pools[field].length > 0);
  const valued = fc
    .record({
      field: fc.constantFrom(...poolFields),
      picks: fc.array(fc.record({ index: fc.nat(), form: fc.nat(5), cut: fc.integer({ min: 10, max: 90 }) }), { minLength: 1, maxLength: 2 }),
      quote: fc.boolean(),
    })
    .map(({ field, picks, quote }) => {
      const pool = pools[field];
      const time = field === 'after' || field === 'before';
      const values = (time ? picks.slice(0, 1) : picks).map(({ index, form, cut }) => {
        const value = pool[index % pool.length];
        return written(time ? value : valueForm(value, form, cut), quote && !time);
      });
      return `${field}:${values.join(',')}`;
    });
  const flag = fc
    .record({ entry: fc.constantFrom(...flagFields), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }) })
    .map(({ entry, picks }) => `${entry.field}:${picks.map((pick) => entry.values[pick % entry.values.length]).join(',')}`);
  const freeText = fc
    .record({
      field: fc.constantFrom(...poolFields.filter((field) => field !== 'after' && field !== 'before')),
      index: fc.nat(),
      cut: fc.integer({ min: 10, max: 90 }),
    })
    .map(({ field, index, cut }) => written(valueForm(pools[field][index % pools[field].length], 5, cut), false));
  return fc
    .record({
      term: fc.oneof({ arbitrary: valued, weight: 5 }, { arbitrary: flag, weight: 3 }, { arbitrary: freeText, weight: 1 }),
      negate: fc.boolean(),
    })
    .map(({ term, negate }) => (negate ? `-${term}` : term));
}

function queryArbitrary(pools: Pools): fc.Arbitrary<string> {
  return fc.array(termArbitrary(pools), { minLength: 1, maxLength: 3 }).map((terms) => terms.join(' '));
}

/** Every field once in each of its plain forms, so the run covers all of them whatever the generator draws. */
function everyFieldQueries(pools: Pools): string[] {
  const queries: string[] = [];
  for (const [field, { target }] of Object.entries(QUERY_FIELDS)) {
    if (target.kind === 'flag' || target.kind === 'noise') {
      for (const value of target.values) queries.push(`${field}:${value}`, `-${field}:${value}`);
      continue;
    }
    const pool = pools[field];
    if (pool === undefined || pool.length === 0) continue;
    const value = pool[Math.floor(pool.length / 2)];
    queries.push(`${field}:${written(value, false)}`, `-${field}:${written(value, true)}`);
    if (field !== 'after' && field !== 'before')
      queries.push(`${field}:${written(valueForm(value, 2, 50), false)},${written(pool[0], false)}`, `${field}:*`);
  }
  return queries;
}

let fixture: Fixture;

before(async () => {
  const files = logFiles();
  const store = new EventStore();
  store.add(await loadPaths(files, { workers: 0 }));
  const table = await athenaTable(files, parsedRecordsOf(files));
  const keyOf = new Map<number, string>();
  const eventIdOf = new Map<number, string | null>();
  for (const id of store.allIds()) {
    const summary = store.summary(id);
    if (summary === undefined) continue;
    keyOf.set(id, recordKey(summary.file, summary.recordIndex));
    eventIdOf.set(id, summary.eventID);
  }
  fixture = { store, table, keyOf, eventIdOf, pools: poolsOf(store) };
});

after(() => fixture?.table.connection.closeSync());

interface Outcome {
  equal: boolean;
  approximated: boolean;
  detail: string;
}

const timing = { sql: 0 };

/** Every query in every dialect: how many were exact and equal, approximated (and equal anyway), and the exact ones that differ. */
async function compareAll(queries: readonly string[], dialects: readonly SqlDialect[]) {
  const tally = { queries: 0, equal: 0, approximated: 0, approximatedEqual: 0 };
  const failures: string[] = [];
  for (const query of queries) {
    for (const dialect of dialects) {
      const outcome = await compare(query, dialect);
      tally.queries++;
      if (outcome.approximated) {
        tally.approximated++;
        if (outcome.equal) tally.approximatedEqual++;
        else if (process.env.SQL_PROOF_DEBUG) console.log('approximated:', outcome.detail);
      } else if (outcome.equal) tally.equal++;
      else failures.push(outcome.detail);
    }
  }
  return { tally, failures };
}

async function compare(query: string, dialect: SqlDialect): Promise<Outcome> {
  const { store, table, keyOf, eventIdOf } = fixture;
  const expected = store.query(query, undefined, { monitoringPrincipals: MONITORING });
  assert.ok(expected.ok, `${query}: ${expected.ok ? '' : expected.error.message}`);
  const translated = toSql(query, { dialect, monitoringPrincipals: MONITORING, ...(dialect === 'lake' ? { table: 'lake_events' } : {}) });
  assert.ok(translated.ok, `${query}: ${translated.ok ? '' : translated.error.message}`);
  const sql = `SELECT filename, record_index, ${dialect === 'lake' ? 'eventID' : 'eventid'} FROM (${translated.sql.replace(/^SELECT .*$/m, 'SELECT *')}) matched`;
  const started = performance.now();
  const rows = await table.rows(sql);
  timing.sql += performance.now() - started;
  const sqlKeys = rows.map(([file, index]) => recordKey(String(file), Number(index))).sort();
  const engineKeys = [...expected.ids].map((id) => keyOf.get(id) as string).sort();
  const sqlIds = rows.map((row) => String(row[2])).sort();
  const engineIds = [...expected.ids].map((id) => String(eventIdOf.get(id) ?? null)).sort();
  const equal = rows.length === expected.ids.length && sqlKeys.join('\n') === engineKeys.join('\n') && sqlIds.join('\n') === engineIds.join('\n');
  const sqlSet = new Set(sqlKeys);
  const engineSet = new Set(engineKeys);
  const missing = equal ? [] : engineKeys.filter((key) => !sqlSet.has(key)).slice(0, 3);
  const extra = equal ? [] : sqlKeys.filter((key) => !engineSet.has(key)).slice(0, 3);
  return {
    equal,
    approximated: translated.approximations.length > 0,
    detail: `${dialect} ${JSON.stringify(query)}: engine ${expected.ids.length}, SQL ${rows.length}; missing ${missing.join(' ')}; extra ${extra.join(' ')}`,
  };
}

describe('SQL translation proven against the index with DuckDB', { timeout: 120_000 }, () => {
  it('finds the events query() finds, for every field and generated queries, in the duckdb and athena dialects', async () => {
    // 250 keep npm test in its time budget (45 ms a comparison); SQL_PROOF_GENERATED=N runs more.
    const generatedCount = Number(process.env.SQL_PROOF_GENERATED ?? 250);
    const generated = fc.sample(queryArbitrary(fixture.pools), { numRuns: generatedCount, seed: 13 });
    const queries = [...everyFieldQueries(fixture.pools), ...generated].slice(0, Number(process.env.SQL_PROOF_LIMIT ?? Infinity));
    const { tally, failures } = await compareAll(queries, DIALECTS);
    console.log(`SQL time ${Math.round(timing.sql)} ms`);
    console.log(`SQL proof over ${fixture.store.size} events: ${JSON.stringify(tally)}`);
    assert.deepEqual(failures.slice(0, 20), []);
    assert.equal(generated.length, generatedCount);
    assert.ok(tally.equal > tally.queries / 2, 'most translations are exact');
  });

  it('finds the same events in the lake dialect over a table of a Lake event data store’s shape', async () => {
    const generated = fc.sample(queryArbitrary(fixture.pools), { numRuns: 100, seed: 31 });
    const { tally, failures } = await compareAll([...everyFieldQueries(fixture.pools), ...generated], ['lake']);
    console.log(`Lake SQL proof: ${JSON.stringify(tally)}`);
    assert.deepEqual(failures.slice(0, 20), []);
  });

  it('groups as store.group does, for every grouping (value, events, errors)', async () => {
    const { store, table } = fixture;
    for (const [grouping, field] of Object.entries(SQL_GROUPINGS)) {
      for (const query of ['', 'source:s3', '-error:*']) {
        const translated = toSql(query, { dialect: 'duckdb', groupBy: grouping });
        assert.ok(translated.ok);
        const matched = store.query(query);
        assert.ok(matched.ok);
        const expected = store
          .group(matched.ids, field as GroupField)
          .map(({ value, count, errors }) => `${field === 'file' && value !== null ? basename(value) : value}=${count}/${errors}`)
          .sort();
        const rows = await table.rows(translated.sql);
        const actual = rows
          .map(([value, events, errors]) => `${field === 'file' && value !== null ? basename(String(value)) : value}=${events}/${errors}`)
          .sort();
        const difference = [
          ...actual.filter((row) => !expected.includes(row)).map((row) => `+${row}`),
          ...expected.filter((row) => !actual.includes(row)).map((row) => `-${row}`),
        ];
        if (translated.approximations.length === 0) assert.deepEqual(difference, [], `${grouping} ${JSON.stringify(query)}`);
        else
          assert.equal(
            rows.reduce((sum, row) => sum + Number(row[1]), 0),
            matched.ids.length,
            `${grouping} ${JSON.stringify(query)}: the events split`,
          );
      }
    }
  });
});
