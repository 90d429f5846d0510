// CloudTrail logs ListObjectsV2 requests as ListObjects: apiOperationOf tells them apart by list-type, and the list
// label (src/view/eventLabels.ts) shows both names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiOperationOf } from '../../../src/core/s3/operation';
import { eventNameLabel } from '../../../src/view/eventLabels';
import { handmade } from './domainFixtures';

describe('apiOperationOf', () => {
  it('ListObjects with requestParameters list-type "2" is ListObjectsV2', () => {
    assert.deepEqual(apiOperationOf(handmade('handmade-list-objects-prefix')), {
      operation: 'ListObjectsV2',
      evidence: 'requestParameters.list-type = 2',
      reference: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html',
    });
  });

  it('the number 2 too (hand-written records)', () => {
    const record = handmade('handmade-list-objects-prefix');
    (record.requestParameters as Record<string, unknown>)['list-type'] = 2;
    assert.equal(apiOperationOf(record)?.operation, 'ListObjectsV2');
  });

  it('ListObjects without list-type, or with another value, is the original ListObjects', () => {
    const record = handmade('handmade-list-objects-prefix');
    (record.requestParameters as Record<string, unknown>)['list-type'] = '1';
    assert.equal(apiOperationOf(record), null);
    delete (record.requestParameters as Record<string, unknown>)['list-type'];
    assert.equal(apiOperationOf(record), null);
    assert.equal(apiOperationOf({ ...record, requestParameters: null }), null);
  });

  it('other events, even with list-type, keep their eventName', () => {
    assert.equal(apiOperationOf(handmade('handmade-list-objects-v2')), null);
    const versions = handmade('handmade-list-object-versions');
    versions.requestParameters = { bucketName: 'example-bucket', 'list-type': '2' };
    assert.equal(apiOperationOf(versions), null);
  });
});

describe('eventNameLabel', () => {
  it('keeps the logged name first and adds the operation', () => {
    assert.equal(eventNameLabel('ListObjects', 'ListObjectsV2'), 'ListObjects (ListObjectsV2)');
    assert.equal(eventNameLabel('ListObjects'), 'ListObjects');
    assert.equal(eventNameLabel('ListObjectsV2', 'ListObjectsV2'), 'ListObjectsV2');
    assert.equal(eventNameLabel(null), '(no eventName)');
  });
});
