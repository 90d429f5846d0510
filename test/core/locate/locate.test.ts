import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadText } from '../../../src/core/load/loadText';
import { locateAtOffset } from '../../../src/core/locate/locateAtOffset';
import { byteOffsetOfChar, charOffsetOfByte } from '../../../src/core/locate/offsets';
import { recordRanges } from '../../../src/core/locate/recordRanges';
import { DELIVERY_DAY, EXPORTS } from '../engineFixtures';

const PRETTY = path.join(EXPORTS, 'panther-slice.json');

describe('recordRanges', () => {
  it('gives the same records as the loader, in character offsets', () => {
    const text = readFileSync(PRETTY, 'utf8');
    const ranges = recordRanges(text);
    const records = JSON.parse(text).Records;
    assert.equal(ranges.count, records.length);
    for (let i = 0; i < ranges.count; i++) assert.deepEqual(JSON.parse(text.slice(ranges.starts[i], ranges.ends[i])), records[i]);
    const loaded = loadText(PRETTY, text).files[0];
    assert.deepEqual([...loaded.index.start], [...ranges.starts]);
  });

  it('converts byte ranges to character ranges when the text has multi-byte characters', () => {
    const text = `{"Records":[{"eventName":"GetObject","eventSource":"s3.amazonaws.com","note":"émoji 😀 π"},\n{"eventName":"PutObject","eventSource":"s3.amazonaws.com"}]}`;
    const ranges = recordRanges(text);
    assert.equal(JSON.parse(text.slice(ranges.starts[1], ranges.ends[1])).eventName, 'PutObject');
    const loaded = loadText('/virtual.json', text).files[0];
    assert.equal(charOffsetOfByte(text, loaded.index.start[1]), ranges.starts[1]);
    assert.equal(byteOffsetOfChar(text, ranges.starts[1]), loaded.index.start[1]);
  });

  it('finds lookup-events entries and JSON Lines', () => {
    assert.equal(recordRanges(readFileSync(path.join(EXPORTS, 'aws-cli_examples_lookup-events.output.json'), 'utf8')).count, 1);
    const jsonl = recordRanges(readFileSync(path.join(EXPORTS, 'plaso_test_data_jsonl_aws_cloudtrail.jsonl'), 'utf8'));
    assert.equal(jsonl.format, 'jsonl');
    assert.equal(jsonl.count, 6);
  });
});

describe('locateAtOffset', () => {
  const file = path.join(DELIVERY_DAY, '218007301253_CloudTrail_us-east-1_20230710T1205Z_nx9Yx1FyJdBaTqKj.json');
  const text = readFileSync(file, 'utf8');
  const ranges = recordRanges(text);

  it('returns the record and the JSON path of the value under the offset', () => {
    const second = text.indexOf('"userIdentity"', ranges.starts[2]);
    const arnValue = text.indexOf('arn:aws', second);
    const located = locateAtOffset(text, arnValue + 3, ranges);
    assert.ok(located !== null);
    assert.equal(located.recordIndex, 2);
    assert.equal(located.start, ranges.starts[2]);
    assert.deepEqual(located.path, ['userIdentity', 'arn']);
  });

  it('points into arrays with indexes and at keys themselves', () => {
    const withResources = [...Array(ranges.count).keys()].find((i) => text.slice(ranges.starts[i], ranges.ends[i]).includes('"resources":[{'));
    assert.ok(withResources !== undefined);
    const at = text.indexOf('"ARN"', ranges.starts[withResources]);
    assert.deepEqual(locateAtOffset(text, at + 1, ranges)?.path, ['resources', 0, 'ARN']);
    const key = text.indexOf('"eventName"', ranges.starts[0]);
    assert.deepEqual(locateAtOffset(text, key + 2, ranges)?.path, ['eventName']);
  });

  it('is null outside every record and computes ranges itself when not given', () => {
    assert.equal(locateAtOffset(text, 2), null);
    assert.equal(locateAtOffset(text, ranges.starts[0] + 1)?.recordIndex, 0);
  });
});
