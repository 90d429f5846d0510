import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventDescription, eventTimeLabel, shortPrincipal } from '../../src/view/eventLabels';

test('eventTimeLabel shows UTC to the second, and says when there is no time', () => {
  assert.equal(eventTimeLabel('2024-01-15T10:45:23Z'), '2024-01-15 10:45:23Z');
  assert.equal(eventTimeLabel(null), '(no time)');
});

test('shortPrincipal keeps the resource of an ARN and other names whole', () => {
  assert.equal(shortPrincipal('arn:aws:sts::111111111111:assumed-role/Admin/alice'), 'assumed-role/Admin/alice');
  assert.equal(shortPrincipal('arn:aws:iam::111111111111:user/bob'), 'user/bob');
  assert.equal(shortPrincipal('s3.amazonaws.com'), 's3.amazonaws.com');
  assert.equal(shortPrincipal('arn:aws:iam::111111111111:'), 'arn:aws:iam::111111111111:');
  assert.equal(shortPrincipal(null), undefined);
});

test('eventDescription joins principal, bucket/key and error, leaving out what is missing', () => {
  const base = { principal: 'arn:aws:iam::111111111111:user/bob', bucket: 'logs', objectKey: 'a/b.txt', errorCode: 'AccessDenied' };
  assert.equal(eventDescription(base), 'user/bob · logs/a/b.txt · AccessDenied');
  assert.equal(eventDescription({ ...base, objectKey: null, errorCode: null }), 'user/bob · logs');
  assert.equal(eventDescription({ principal: null, bucket: null, objectKey: null, errorCode: null }), '');
});
