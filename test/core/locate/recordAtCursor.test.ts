import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { embeddedFieldAt, isEmbeddedRecordPath, parseRecordText } from '../../../src/core';
import { EXPORTS } from '../engineFixtures';

const LOOKUP = JSON.parse(readFileSync(path.join(EXPORTS, 'aws-cli_examples_lookup-events.output.json'), 'utf8')) as {
  Events: Record<string, unknown>[];
};

test('every top-level field of a real lookup-events record is found under the cursor inside CloudTrailEvent', () => {
  let checked = 0;
  for (const entry of LOOKUP.Events) {
    const entryText = JSON.stringify(entry, null, 2);
    const outer = parseRecordText(entryText);
    assert.ok(outer && isEmbeddedRecordPath(outer, ['CloudTrailEvent']));
    const inner = JSON.parse(entry.CloudTrailEvent as string) as Record<string, unknown>;
    for (const key of Object.keys(inner)) {
      const offset = entryText.indexOf(`\\"${key}\\"`);
      assert.ok(offset > 0, key);
      const found = embeddedFieldAt(entryText, offset + 3);
      assert.deepEqual(found?.path.slice(0, 1), [key], `cursor on ${key}`);
      assert.deepEqual(found?.record, inner);
      checked++;
    }
  }
  assert.ok(checked > 10, `checked ${checked} fields`);
});

test('a cursor inside an escape sequence or a non-ASCII value still finds its field', () => {
  const inner = { eventName: 'PutObject', requestParameters: { key: 'é\u2028"x"\\y' } };
  const entryText = JSON.stringify({ EventId: '1', CloudTrailEvent: JSON.stringify(inner) });
  for (let offset = entryText.indexOf('é'); offset < entryText.indexOf('}', entryText.indexOf('é')); offset++) {
    assert.deepEqual(embeddedFieldAt(entryText, offset)?.path, ['requestParameters', 'key'], `offset ${offset}`);
  }
});

test('outside the CloudTrailEvent string, or with no such string, there is no embedded field', () => {
  const entryText = JSON.stringify({ EventId: '1', CloudTrailEvent: '{"eventName":"X"}' });
  assert.equal(embeddedFieldAt(entryText, 2), undefined);
  assert.equal(embeddedFieldAt(entryText, entryText.length - 1), undefined);
  assert.equal(embeddedFieldAt('{"eventName":"X"}', 5), undefined);
  assert.equal(embeddedFieldAt('{"CloudTrailEvent":"not json', 22), undefined);
});

test('parseRecordText reads a record, a record inside a string, and refuses the rest', () => {
  assert.deepEqual(parseRecordText('{"a":1}'), { a: 1 });
  assert.deepEqual(parseRecordText(JSON.stringify('{"a":1}')), { a: 1 });
  for (const text of ['[1]', '5', 'null', '"x"', '{', '']) assert.equal(parseRecordText(text), undefined, text);
});

test('inside a CloudWatch Logs event, every top-level field of the record in its message string is found under the cursor', () => {
  const inner = JSON.parse(LOOKUP.Events[0].CloudTrailEvent as string) as Record<string, unknown>;
  const entryText = JSON.stringify(
    { logStreamName: '111122223333_CloudTrail_us-east-1', timestamp: 1, message: JSON.stringify(inner), eventId: '1' },
    null,
    2,
  );
  const outer = parseRecordText(entryText);
  assert.ok(outer && isEmbeddedRecordPath(outer, ['message']));
  assert.ok(!isEmbeddedRecordPath(outer, ['logStreamName']));
  for (const key of Object.keys(inner)) {
    const found = embeddedFieldAt(entryText, entryText.indexOf(`\\"${key}\\"`) + 3);
    assert.deepEqual(found?.path.slice(0, 1), [key], `cursor on ${key}`);
    assert.deepEqual(found?.record, inner);
  }
});
