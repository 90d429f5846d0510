import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { looksLikeCloudTrail } from '../../../src/core';
import { REPO_ROOT } from '../engineFixtures';

const WORKSPACE = path.join(REPO_ROOT, 'test/fixtures/workspace');

test('the start of every CloudTrail shape is recognised', () => {
  const heads = [
    readFileSync(path.join(WORKSPACE, 's3-activity.json'), 'utf8').slice(0, 8192),
    '{"Events":[{"EventId":"x","CloudTrailEvent":"{\\"eventVersion\\":\\"1.08\\"}"}]}',
    '{"eventVersion":"1.09","eventSource":"s3.amazonaws.com"}\n',
    '[{"eventSource": "iam.amazonaws.com", "eventName": "ListUsers"}]',
  ];
  for (const head of heads) assert.equal(looksLikeCloudTrail(head), true, head.slice(0, 60));
});

test('other JSON, and CloudTrail digest files, are not logs', () => {
  const digest = readFileSync(path.join(WORKSPACE, 'broken/digest.json'), 'utf8');
  assert.match(digest, /digestStartTime/);
  for (const head of ['{"name":"my-app","version":"1.0.0"}', '{"compilerOptions":{}}', '', digest]) {
    assert.equal(looksLikeCloudTrail(head), false, head.slice(0, 60));
  }
});
