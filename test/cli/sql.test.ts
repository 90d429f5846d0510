// `ctlens sql` and `ctlens athena-table`, run as the built CLI: what they print is what the core writes (toSql,
// athenaTableDdl) for the same arguments, wrong queries and hostile table inputs exit 2 with the problem named and
// nothing on stdout.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { athenaTableDdl, toSql } from '../../src/core';
import { ctlens } from './runCtlens';

describe('ctlens sql', () => {
  it('prints toSql’s SQL for the words of the query, exit 0', () => {
    const run = ctlens(['sql', '--dialect', 'athena', 'name:GetObject,PutObject', '-error:*', 'principal:"my role"']);
    assert.equal(run.status, 0, run.stderr);
    const expected = toSql('name:GetObject,PutObject -error:* principal:"my role"', { dialect: 'athena' });
    assert.ok(expected.ok);
    assert.equal(run.stdout, expected.sql.endsWith('\n') ? expected.sql : expected.sql + '\n');
    assert.match(run.stdout, /FROM cloudtrail_logs\b/);
    assert.equal(run.stderr, '');
  });

  it('writes what a dialect cannot say exactly in the SQL’s approximations comment (file: in CloudTrail Lake)', () => {
    const run = ctlens(['sql', '--dialect', 'lake', '--table', 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE', 'file:2023/07/10', 'level:object']);
    assert.equal(run.status, 0, run.stderr);
    const comment = run.stdout.split('\n').filter((line) => line.startsWith('--'));
    const heading = comment.indexOf('-- approximations:');
    assert.ok(heading >= 0, run.stdout);
    assert.ok(
      comment.slice(heading + 1).some((line) => /file: .*lake/i.test(line)),
      comment.join('\n'),
    );
    assert.match(run.stdout, /FROM EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE\b/);
  });

  it('--group-by turns a grouping into GROUP BY; a grouping SQL cannot compute exits 2', () => {
    const grouped = ctlens(['sql', '--dialect', 'duckdb', '--group-by', 'errorCode', 'source:s3']);
    assert.equal(grouped.status, 0, grouped.stderr);
    const expected = toSql('source:s3', { dialect: 'duckdb', groupBy: 'errorCode' });
    assert.ok(expected.ok);
    assert.equal(grouped.stdout.trimEnd(), expected.sql.trimEnd());
    assert.match(grouped.stdout, /GROUP BY/i);
    const byOrigin = ctlens(['sql', '--dialect', 'athena', '--group-by', 'origin']);
    assert.equal(byOrigin.status, 2);
    assert.match(byOrigin.stderr, /^ctlens: Cannot group by "origin"/);
    assert.equal(byOrigin.stdout, '');
  });

  it('a wrong query exits 2 with the parse error and the term, nothing on stdout', () => {
    const run = ctlens(['sql', '--dialect', 'athena', 'nme:GetObject']);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^ctlens: Unknown field "nme".*\(in “nme:GetObject”\)\n$/);
  });

  it('needs a known --dialect', () => {
    for (const args of [['name:GetObject'], ['--dialect', 'trino', 'name:GetObject'], ['--dialect']]) {
      const run = ctlens(['sql', ...args]);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /--dialect/);
      assert.equal(run.stdout, '');
    }
  });
});

describe('ctlens athena-table', () => {
  const ARGS = ['--bucket', 'org-trail-logs', '--org-id', 'o-exampleorgid', '--from', '2024/01/15'];

  it('prints athenaTableDdl’s DDL; --account and --region take several values, as words or a,b lists', () => {
    const run = ctlens(['athena-table', ...ARGS, '--account', '111122223333', '444455556666,777788889999', '--region', 'us-east-1,eu-west-1']);
    assert.equal(run.status, 0, run.stderr);
    const expected = athenaTableDdl({
      bucket: 'org-trail-logs',
      orgId: 'o-exampleorgid',
      from: '2024/01/15',
      accounts: ['111122223333', '444455556666', '777788889999'],
      regions: ['us-east-1', 'eu-west-1'],
    });
    assert.ok(expected.ok);
    assert.equal(run.stdout, expected.ddl + '\n');
    assert.match(run.stdout, /'projection\.account\.values'='111122223333,444455556666,777788889999'/);
    assert.match(run.stdout, /LOCATION 's3:\/\/org-trail-logs\/AWSLogs\/o-exampleorgid\/'/);
  });

  it('refuses a hostile value with exit 2, naming the problem, and prints no DDL', () => {
    const run = ctlens(['athena-table', ...ARGS, '--account', '111122223333', '--region', 'us-east-1', '--prefix', "ct'); DROP TABLE x; --"]);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^ctlens: the prefix .* may only hold folders/);
  });

  it('asks for what is missing', () => {
    const cases: [string[], RegExp][] = [
      [['--bucket', 'logs-example', '--from', '2024/01/15', '--region', 'us-east-1'], /needs --account/],
      [['--bucket', 'logs-example', '--account', '111122223333', '--region', 'us-east-1'], /needs --from/],
      [['--account', '111122223333', '--region', 'us-east-1', '--from', '2024/01/15'], /needs --bucket/],
      [['--bucket', '--account', '111122223333'], /--bucket needs a value/],
      [['111122223333'], /unexpected argument/],
    ];
    for (const [args, problem] of cases) {
      const run = ctlens(['athena-table', ...args]);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, problem);
      assert.equal(run.stdout, '');
    }
  });

  it('ctlens --help describes both commands', () => {
    const run = ctlens(['--help']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /ctlens sql --dialect athena\|lake\|duckdb/);
    assert.match(run.stdout, /ctlens athena-table --bucket BUCKET/);
  });
});
