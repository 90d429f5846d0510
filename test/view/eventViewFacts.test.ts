// The panel's summary states the facts a responder reads first, only those the record has, and lists where every
// copy of an event delivered more than once is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RawRecord } from '../../src/core/types';
import type { CopyInput } from '../../src/view/eventView';
import type { EventView } from '../../src/view/messages';
import { GOOD_RECORDS } from '../core/load/goodLog';
import { viewOfRecord } from './viewOfRecord';

function viewOf(record: RawRecord, copies?: CopyInput[]): EventView {
  return viewOfRecord(record, { copies });
}

function summaryField(view: EventView, label: string) {
  return view.summary.fields.find((field) => field.label === label);
}

/** An S3 GetObject of another account shaped like the AWS documentation's example (cloudtrail-logging-understanding-s3-entries). */
const CROSS_ACCOUNT_GET: RawRecord = {
  eventVersion: '1.11',
  userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/etl-role/worker-7', accountId: '111122223333' },
  eventTime: '2025-01-01T00:05:00Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'GetObject',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '198.51.100.7',
  userAgent: '[aws-cli/2.x]',
  errorCode: 'AccessDenied',
  errorMessage: 'Access Denied',
  requestParameters: { bucketName: 'example-bucket', key: 'raw/a.csv' },
  additionalEventData: { bytesTransferredIn: 0, bytesTransferredOut: 1024 },
  eventID: '00000000-0000-4000-8000-000000000001',
  recipientAccountId: '444455556666',
  sharedEventID: '11111111-1111-4111-8111-111111111111',
  vpcEndpointId: 'vpce-0123456789abcdef0',
  tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'example-bucket.s3.eu-west-1.amazonaws.com' },
};

describe('the panel summary’s facts', () => {
  it('states error, network origin, TLS, bytes, recipient and shared event ID', () => {
    const view = viewOf(CROSS_ACCOUNT_GET);
    assert.deepEqual(summaryField(view, 'Error'), { label: 'Error', value: 'AccessDenied', note: 'Access Denied' });
    assert.equal(summaryField(view, 'Source IP')?.value, '198.51.100.7');
    assert.equal(summaryField(view, 'User agent')?.value, '[aws-cli/2.x]');
    assert.equal(summaryField(view, 'VPC endpoint')?.value, 'vpce-0123456789abcdef0');
    assert.equal(summaryField(view, 'TLS')?.value, 'TLSv1.3, cipher TLS_AES_128_GCM_SHA256, host example-bucket.s3.eu-west-1.amazonaws.com');
    assert.equal(summaryField(view, 'Bytes in')?.value, '0');
    assert.equal(summaryField(view, 'Bytes out')?.value, '1,024');
    assert.equal(summaryField(view, 'Recipient account')?.value, '444455556666');
    assert.equal(summaryField(view, 'Shared event ID')?.value, '11111111-1111-4111-8111-111111111111');
  });

  it('leaves out what the record does not state (a real management event without TLS bytes or a shared ID)', () => {
    const record = GOOD_RECORDS.find((candidate) => {
      const fields = candidate as RawRecord;
      return fields.additionalEventData === undefined && fields.sharedEventID === undefined && fields.vpcEndpointId === undefined;
    }) as RawRecord;
    assert.ok(record, 'the real log has a record with none of them');
    const view = viewOf(record);
    for (const label of ['Bytes in', 'Bytes out', 'Shared event ID', 'VPC endpoint']) assert.equal(summaryField(view, label), undefined, label);
    assert.equal(summaryField(view, 'TLS') !== undefined, record.tlsDetails !== undefined);
    assert.equal(summaryField(view, 'Error') !== undefined, typeof record.errorCode === 'string');
  });

  it('an error message without an error code is still said', () => {
    const view = viewOf({ ...CROSS_ACCOUNT_GET, errorCode: undefined });
    assert.equal(summaryField(view, 'Error'), undefined);
    assert.equal(summaryField(view, 'Error message')?.value, 'Access Denied');
  });
});

describe('the panel’s copies of an event', () => {
  it('lists every copy with its file, record and position, marking the one shown', () => {
    const view = viewOf(CROSS_ACCOUNT_GET, [
      { fileLabel: 'trail-a/log.json', recordIndex: 4, position: { line: 1, column: 20_412 }, gzip: false, current: true },
      { fileLabel: 'trail-b/log.json.gz', recordIndex: 4, position: { line: 1, column: 20_412 }, gzip: true, current: false },
      { fileLabel: 'changed.json', recordIndex: 0, position: null, gzip: false, current: false },
    ]);
    assert.deepEqual(view.copies, [
      { label: 'trail-a/log.json', value: 'record 5, line 1, column 20,412', note: 'shown here' },
      { label: 'trail-b/log.json.gz', value: 'record 5, line 1, column 20,412 of the inflated text' },
      { label: 'changed.json', value: 'record 1' },
    ]);
  });

  it('lists none for an event delivered once', () => {
    assert.deepEqual(viewOf(CROSS_ACCOUNT_GET).copies, []);
    const once: CopyInput = { fileLabel: 'a.json', recordIndex: 0, position: { line: 1, column: 13 }, gzip: false, current: true };
    assert.deepEqual(viewOf(CROSS_ACCOUNT_GET, [once]).copies, []);
  });
});
