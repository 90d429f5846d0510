// The SQL text toSql writes: errors, groupings, approximations per dialect, partitions, escaping, and the S3 level
// and identity kind generated from the core's own tables. What the SQL finds is proven in equivalence.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { S3_CATALOGUE, toSql, type SqlOptions } from '../../../src/core';
import { KIND_BY_TYPE } from '../../../src/core/identity/kinds';

function sql(query: string, options: SqlOptions): { sql: string; approximations: string[] } {
  const result = toSql(query, options);
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result;
}

describe('toSql', () => {
  it('passes the parser’s error and its term through', () => {
    const result = toSql('name:GetObject colour:red', { dialect: 'athena' });
    assert.equal(result.ok, false);
    assert.equal(result.ok ? '' : result.error.term, 'colour:red');
  });

  it('refuses a grouping it cannot translate, origin with the reason', () => {
    const origin = toSql('', { dialect: 'athena', groupBy: 'origin' });
    assert.ok(!origin.ok && /session lineage/.test(origin.error.message));
    const unknown = toSql('', { dialect: 'athena', groupBy: 'constructor' });
    assert.ok(!unknown.ok && /Cannot group by "constructor"/.test(unknown.error.message));
  });

  it('groups by value with event and error counts', () => {
    const { sql: text } = sql('source:s3', { dialect: 'athena', groupBy: 'identity' });
    assert.match(text, /SELECT ctl_principal AS value, count\(\*\) AS events, count\(nullif\(errorcode, ''\)\) AS errors/);
    assert.match(text, /GROUP BY 1\nORDER BY events DESC, value$/);
  });

  it('writes the S3 level from every catalogue name and the identity kind from every userIdentity.type', () => {
    const { sql: text } = sql('level:object identity:root', { dialect: 'athena' });
    for (const name of S3_CATALOGUE.keys()) assert.ok(text.includes(`'${name}'`), name);
    for (const [type, kind] of KIND_BY_TYPE) assert.ok(text.includes(`WHEN '${type}' THEN '${kind}'`), type);
  });

  it('names each approximation in the SQL’s comment and in the result, per dialect', () => {
    const query = 'origin:alice -session:ASIAEXAMPLE file:1220Z';
    const athena = sql(query, { dialect: 'athena' });
    const lake = sql(query, { dialect: 'lake' });
    assert.deepEqual(
      athena.approximations.map((line) => line.split(':')[0]),
      ['origin', 'session'],
    );
    assert.deepEqual(
      lake.approximations.map((line) => line.split(':')[0]),
      ['origin', 'session', 'file'],
    );
    for (const line of lake.approximations) assert.ok(lake.sql.includes(`--   ${line}`));
    assert.match(athena.sql, /lower\(ctl_file\) LIKE '%1220z%'/);
    assert.match(athena.sql, /"\$path" AS ctl_file/);
    assert.match(sql('file:x', { dialect: 'duckdb' }).sql, /filename AS ctl_file/);
    assert.equal(sql('name:GetObject', { dialect: 'athena' }).sql.includes('approximations'), false);
  });

  it('notes the missing managementEvent column for Athena, not for Lake, which has it', () => {
    assert.equal(sql('category:data', { dialect: 'athena' }).approximations.length, 1);
    const lake = sql('category:data', { dialect: 'lake' });
    assert.deepEqual(lake.approximations, []);
    assert.match(lake.sql, /CAST\(managementEvent AS varchar\) = 'false' THEN 'data'/);
  });

  it('lets Athena prune partitions for region:, after: and before:, but not for negated terms', () => {
    const { sql: text } = sql('region:us-east-1,EU-* after:2023-07-10T12:00 before:2023-07-11', { dialect: 'athena' });
    assert.match(text, /WHERE \(region = 'us-east-1' OR region LIKE 'eu-%' ESCAPE '\\'\)/);
    assert.match(text, /"timestamp" >= '2023\/07\/09'/);
    assert.match(text, /"timestamp" <= '2023\/07\/12'/);
    assert.doesNotMatch(sql('-region:us-east-1 -after:2023-07-10', { dialect: 'athena' }).sql, /"timestamp"|region =/);
    assert.doesNotMatch(sql('region:us-east-1', { dialect: 'duckdb' }).sql, /\bregion =/);
  });

  it('escapes LIKE’s own characters and SQL quotes in values', () => {
    const { sql: text } = sql(`object:"50%_off*" principal:"o'brien"`, { dialect: 'athena' });
    assert.match(text, /lower\(ctl_object_key\) LIKE '50\\%\\_off%' ESCAPE '\\'/);
    assert.match(text, /lower\(ctl_principal\) LIKE '%o''brien%' ESCAPE '\\'/);
  });

  it('compares whole values with = and keeps a missing value out of a negated term', () => {
    const { sql: text } = sql('name:GetObject -error:AccessDenied', { dialect: 'athena' });
    assert.match(text, /coalesce\(lower\(nullif\(eventname, ''\)\) = 'getobject'/);
    assert.match(text, /NOT coalesce\(lower\(nullif\(errorcode, ''\)\) = 'accessdenied', false\)/);
  });

  it('finds ListObjectsV2 as ListObjects with list-type 2, in each dialect’s reading of requestParameters', () => {
    assert.match(sql('name:ListObjectsV2', { dialect: 'athena' }).sql, /json_extract_scalar\(requestparameters, '\$\["list-type"\]'\) = '2'/);
    assert.match(sql('name:ListObjectsV2', { dialect: 'lake' }).sql, /element_at\(requestParameters, 'list-type'\) = '2'/);
    assert.match(sql('name:ListObjectsV2', { dialect: 'duckdb' }).sql, /json_extract_string\(requestparameters, '\$\."list-type"'\) = '2'/);
  });

  it('reads Lake’s event data store by its ID and its columns as the record names them', () => {
    const { sql: text } = sql('principal:alice', { dialect: 'lake', table: 'EXAMPLEf852-4e8f-8bd1-bcf6cEXAMPLE' });
    assert.match(text, /FROM EXAMPLEf852-4e8f-8bd1-bcf6cEXAMPLE/);
    assert.match(text, /nullif\(userIdentity\.arn, ''\)/);
    assert.match(text, /ORDER BY eventTime$/);
  });
});
