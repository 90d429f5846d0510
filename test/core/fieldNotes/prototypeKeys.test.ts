import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldNote } from '../../../src/core/fieldNotes/field';
import { locateAtOffset } from '../../../src/core/locate/locateAtOffset';

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];
const ARN = 'arn:aws:s3:::hostile-bucket';

describe('hovers over record keys named like Object.prototype members', () => {
  for (const key of PROTOTYPE_KEYS) {
    const text = `{"Records":[{"eventName":"GetObject","eventSource":"s3.amazonaws.com","${key}":"${ARN}","nested":{"${key}":{"arn":"${ARN}"}}}]}`;
    const record = JSON.parse(text).Records[0];

    it(`top-level "${key}" is located and explained as the record's own value`, () => {
      const location = locateAtOffset(text, text.indexOf(`"${key}"`) + 2);
      assert.deepEqual(location?.path, [key]);
      const explanation = fieldNote(record, location!.path);
      assert.equal(explanation?.title, 'ARN: s3 bucket');
      assert.ok(explanation?.lines.some((line) => line.includes('hostile-bucket')));
    });

    it(`nested "${key}" is a path step like any other`, () => {
      const location = locateAtOffset(text, text.lastIndexOf('"arn"') + 2);
      assert.deepEqual(location?.path, ['nested', key, 'arn']);
      assert.equal(fieldNote(record, location!.path)?.title, 'ARN: s3 bucket');
    });
  }

  it('a key naming a prototype member that the record lacks explains nothing, without throwing', () => {
    const record = { eventName: 'GetObject' };
    for (const key of PROTOTYPE_KEYS) assert.equal(fieldNote(record, [key]), undefined, key);
    assert.equal(fieldNote(record, ['eventName', 'length']), undefined);
  });
});
