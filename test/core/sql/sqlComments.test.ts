// Values copied from the tree come from log records, so a forged record can put any character into a query; the
// SQL's comment header must stay comments (a \r, NEL or U+2028 ends a `--` comment in SQL engines), and a table name
// must not end the FROM clause.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { toSql, type SqlDialect } from '../../../src/core';
import { queryForValue } from '../../../src/view/query';

const DIALECTS: SqlDialect[] = ['athena', 'lake', 'duckdb'];
/** What SQL engines take for the end of a line (and so of a `--` comment). */
const LINE_END = new RegExp('\\r\\n|[\\n\\r\\v\\f\\u0085\\u2028\\u2029]');

function headerLines(sql: string): string[] {
  const lines = sql.split(LINE_END);
  return lines.slice(
    0,
    lines.findIndex((line) => line.startsWith('WITH ')),
  );
}

test('a principal value with line breaks of every kind stays inside the comment header', () => {
  const payload = "x\rSELECT 'injected' AS v; --\u2028DROP TABLE t;\u0085DELETE FROM t; --\u000bSELECT 1";
  for (const dialect of DIALECTS) {
    const result = toSql(`${queryForValue('principal', payload)} origin:x`, { dialect });
    assert.ok(result.ok, dialect);
    const header = headerLines(result.sql);
    assert.ok(header.length >= 2, `${dialect}: a header`);
    for (const line of header) assert.ok(line.startsWith('--'), `${dialect}: a header line that is not a comment: ${JSON.stringify(line)}`);
    assert.ok(!result.sql.split(LINE_END).some((line) => line.startsWith("SELECT 'injected'") || line.startsWith('DROP')), dialect);
  }
});

test('any value: every header line is a comment', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom(...DIALECTS), (value, dialect) => {
      const result = toSql(queryForValue('bucket', value), { dialect });
      if (!result.ok) return;
      for (const line of headerLines(result.sql)) assert.ok(line.startsWith('--'), JSON.stringify(line));
    }),
    { numRuns: 500 },
  );
});

test('a table name that would end the FROM clause is refused', () => {
  for (const table of ['logs; DROP TABLE x', 'a b', 'x\n--', 'logs"', "logs'"]) {
    const result = toSql('name:GetObject', { dialect: 'lake', table });
    assert.equal(result.ok, false, JSON.stringify(table));
  }
  assert.ok(toSql('name:GetObject', { dialect: 'athena', table: 'security.org_trail' }).ok);
  assert.ok(toSql('name:GetObject', { dialect: 'lake', table: 'EXAMPLEf852-4e8f-8bd1-bcf6cEXAMPLE' }).ok);
});
