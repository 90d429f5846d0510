// The panel's trail trees: each line is the core's sentence, with the raw condition and the event's value as its
// dimmer secondary text (issue 15, item 6).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTrailConfigurations } from '../../src/core';
import type { ExplanationView } from '../../src/view/messages';
import { handmade } from '../core/s3/domainFixtures';
import { viewOfRecord } from './viewOfRecord';

function lines(node: ExplanationView): ExplanationView[] {
  return [node, ...node.children.flatMap(lines)];
}

describe('the panel’s trail tree', () => {
  it('a trail known only by its TrailARN: the Region line is a sentence, the raw condition its detail', () => {
    const text = JSON.stringify({
      TrailARN: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/management-events',
      AdvancedEventSelectors: [{ Name: 'S3 data', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }],
    });
    const { trails } = parseTrailConfigurations(text, 'selectors.json');
    const [verdict] = viewOfRecord(handmade('handmade-get-object'), { trails }).trails;
    assert.ok(verdict);
    assert.equal(verdict.name, 'management-events');
    const all = lines(verdict.tree);
    const region = all.find((line) => line.label.startsWith('The event happened in eu-west-1'));
    assert.deepEqual(region, {
      label: "The event happened in eu-west-1, the trail's home Region, covered whether or not the trail is multi-Region.",
      detail: 'awsRegion = eu-west-1 or any Region (IsMultiRegionTrail not given, HomeRegion eu-west-1) · event: eu-west-1',
      passed: true,
      children: [],
    });
    const account = all.find((line) => line.detail?.startsWith('recipientAccountId'));
    assert.equal(account?.label, "This copy went to 111122223333, the trail's own account.");
    assert.ok(!all.some((line) => /not checked|absent/.test(`${line.label} ${line.detail ?? ''}`)), JSON.stringify(all.map((line) => line.label)));
  });
});
