// With no trail configured the panel gives CloudTrail's two defaults two verdicts: Event history now, and a trail
// with the default selector. One badge used to say "logged" beside "no longer in Event history".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RawRecord } from '../../src/core/types';
import { viewOfRecord } from './viewOfRecord';
import { handmade } from '../core/s3/domainFixtures';

function defaultsOf(record: RawRecord) {
  const view = viewOfRecord(record);
  assert.ok(view.defaults);
  return view.defaults;
}

describe('the panel’s defaults with no trail', () => {
  it('an old management event: not in Event history any more, but a default trail would log it', () => {
    const [history, defaultTrail] = defaultsOf(handmade('handmade-put-bucket-policy'));
    assert.equal(history?.name, 'Event history now (no trail)');
    assert.equal(history?.logged, false);
    assert.match(history?.reasons[0] ?? '', /Not in Event history any more: it keeps management events for 90 days, and this one is \d+ days old/);
    assert.equal(defaultTrail?.name, 'A trail with the default selector');
    assert.equal(defaultTrail?.logged, true);
  });

  it('a data event: in neither, and the selection that would log it', () => {
    const [history, defaultTrail] = defaultsOf(handmade('handmade-get-object'));
    assert.equal(history?.logged, false);
    assert.match(history?.reasons[0] ?? '', /holds management events only/);
    assert.equal(defaultTrail?.logged, false);
    assert.ok(defaultTrail?.reasons.some((reason) => reason.startsWith('To log it: Basic selector: DataResources Type AWS::S3::Object')));
  });
});
