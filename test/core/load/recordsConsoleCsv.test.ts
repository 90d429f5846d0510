import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recordFromBytes } from '../../../src/core/load/indexLog';
import { loaderInTempFolder } from './loadWritten';

const { load } = loaderInTempFolder('ctlens-records-csv-');

/** A CSV cell holding `value`, quoted with doubled quotes. */
const cell = (value: string) => `"${value.replaceAll('"', '""')}"`;
const EVENT = JSON.stringify({ eventTime: '2023-07-10T12:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', awsRegion: 'us-east-1' });

describe('console CSV: hostile cells and headers', () => {
  it('an event cell holding JSON that is not an object (null, 5, [1], "text") is an invalid-record at its row, the good rows load', async () => {
    const rows = ['null', '5', '[1]', '"text"'].map((json) => `GetObject,2023-07-10T12:00:00Z,${cell(json)}`);
    const text = `Event name,Event time,CloudTrail event\nGetObject,2023-07-10T12:00:00Z,${cell(EVENT)}\n${rows.join('\n')}\n`;
    const loaded = await load('not-objects.csv', text);
    assert.equal(loaded.format, 'console-csv');
    assert.equal(loaded.index.count, 1);
    assert.deepEqual(
      loaded.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.recordIndex, diagnostic.line, diagnostic.column]),
      [
        ['invalid-record', 1, 3, 1],
        ['invalid-record', 2, 4, 1],
        ['invalid-record', 3, 5, 1],
        ['invalid-record', 4, 6, 1],
      ],
    );
    assert.deepEqual(
      loaded.diagnostics.map((diagnostic) => /holds (.+), not a CloudTrail record object\.$/.exec(diagnostic.message)?.[1]),
      ['null', 'a number', 'an array', 'a string'],
    );
  });

  it('header names __proto__, constructor, toString and hasOwnProperty are ignored columns, not a crash or a polluted record', async () => {
    const header = 'Event name,__proto__,constructor,toString,hasOwnProperty,Event time,Event source';
    const row = 'PutObject,{"polluted":true},x,y,z,2023-07-10T12:00:00Z,s3.amazonaws.com';
    const text = `${header}\n${row}\n`;
    const loaded = await load('prototype-header.csv', text);
    assert.deepEqual(loaded.diagnostics, []);
    assert.equal(loaded.index.count, 1);
    const names = loaded.index.interned.eventName;
    assert.equal(names.values[names.ids[0]], 'PutObject');
    const record = recordFromBytes(Buffer.from(text), 'console-csv', loaded.index.start[0], loaded.index.end[0]) as Record<string, unknown>;
    assert.deepEqual(record, { eventName: 'PutObject', eventTime: '2023-07-10T12:00:00Z', eventSource: 's3.amazonaws.com' });
    assert.equal(Object.getPrototypeOf(record), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('many bad event cells: the first 20 are located, the rest counted, and the good row after them loads', async () => {
    const bad = new Array(5_000).fill(`GetObject,2023-07-10T12:00:00Z,${cell('{"eventName":')}`);
    const loaded = await load(
      'many-bad.csv',
      `Event name,Event time,CloudTrail event\n${bad.join('\n')}\nGetObject,2023-07-10T12:00:00Z,${cell(EVENT)}\n`,
    );
    assert.equal(loaded.index.count, 1);
    assert.equal(loaded.index.recordIndex[0], 5_000);
    assert.equal(loaded.diagnostics.filter((diagnostic) => diagnostic.code === 'invalid-csv' && diagnostic.line !== undefined).length, 20);
    assert.match(loaded.diagnostics.at(-1)!.message, /: 4980 more records with the same problem \(invalid-csv\)\.$/);
  });
});
