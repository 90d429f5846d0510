import assert from 'node:assert/strict';
import { test } from 'node:test';
import { searchTitle } from '../../src/view/searchTitle';

test('the search title says up front how many events match, how many are listed and what lenses hide', () => {
  assert.equal(
    searchTitle(1168, 200, undefined),
    'CloudTrail: Search Events — 1,168 events match · first 200 shown · Enter on the first row filters the tree',
  );
  assert.equal(searchTitle(12, 12, undefined), 'CloudTrail: Search Events — 12 events match');
  assert.equal(searchTitle(1, 1, "CloudTrail's delivery"), "CloudTrail: Search Events — 1 event matches · hidden: CloudTrail's delivery");
  assert.equal(searchTitle(0, 0, undefined), 'CloudTrail: Search Events — 0 events match');
});
