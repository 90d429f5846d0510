import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { rebuildTrails } from '../../src/core';
import type { RawRecord } from '../../src/core';
import { TRAIL_PAGE, trailChildrenPage, trailTree } from '../../src/view/trailTree';
import { DOMAIN_FIXTURES } from '../core/s3/domainFixtures';
import { fileTrail } from '../core/trail/trailConfig';

const FILE = join(DOMAIN_FIXTURES, 'trail-history', 'invictus-ir-trail-calls.json');
const RECORDS: RawRecord[] = (JSON.parse(readFileSync(FILE, 'utf8')) as { Records: RawRecord[] }).Records;
const LOG_TRAILS = rebuildTrails(RECORDS.map((record, recordIndex) => ({ record, file: FILE, recordIndex })));

describe('trailTree', () => {
  const nodes = trailTree([fileTrail({ name: 'zz-from-file' })], LOG_TRAILS);

  it('lists trails from files first, then those rebuilt from the logs, by name', () => {
    assert.deepEqual(
      nodes.map((node) => node.label),
      [
        'zz-from-file',
        'stratus-red-team-cloudtraild-trail-aueolsaccp',
        'stratus-red-team-ct-stop-trail-qzbgnfqisx',
        'stratus-red-team-ctes-trail-qyxyekjbtk',
        'stratus-red-team-ctlr-trail-zqfsvooxqj',
      ],
    );
    assert.match(nodes[0]?.description ?? '', /^from test\.json · logging$/);
    assert.equal(nodes[0]?.warning, false);
  });

  it('marks the narrowed selectors and the deletion as warnings, in time order, each pointing at its call', () => {
    const selectors = nodes.find((node) => node.label === 'stratus-red-team-ctes-trail-qyxyekjbtk');
    assert.ok(selectors);
    assert.equal(selectors.description, 'from the logs · deleted · 2 warnings');
    assert.deepEqual(
      selectors.children().map((child) => `${child.label} ${child.warning ? 'warning' : 'ok'}`),
      [
        '2023-07-10 12:00:05 CreateTrail ok',
        '2023-07-10 12:00:05 StartLogging ok',
        '2023-07-10 12:00:08 PutEventSelectors warning',
        '2023-07-10 12:07:49 PutEventSelectors ok',
        '2023-07-10 12:08:04 DeleteTrail warning',
      ],
    );
    const narrowed = selectors.children()[2];
    assert.match(narrowed?.description ?? '', /stops recording management read events/);
    assert.equal(narrowed?.icon, 'warning');
    assert.equal(RECORDS[narrowed?.call?.recordIndex ?? -1]?.eventName, 'PutEventSelectors');
  });

  it('shows failed attempts on a trail as warnings with their error code', () => {
    const stop = nodes.find((node) => node.label === 'stratus-red-team-ct-stop-trail-qzbgnfqisx');
    assert.equal(stop?.childCount, 6);
    assert.equal(stop?.children().length, 6);
    assert.equal(stop?.children()[0]?.label, '2023-07-10 12:00:42 StopLogging failed');
    assert.match(stop?.children()[0]?.description ?? '', /^TrailNotFoundException/);
    assert.equal(stop?.warning, true);
  });

  it('pages the changes of a trail with thousands of them behind "Show more" items', () => {
    const template = LOG_TRAILS.find((trail) => trail.timeline.length > 0);
    assert.ok(template);
    const total = 2 * TRAIL_PAGE + 200;
    const timeline = Array.from({ length: total }, (_, k) => ({
      ...template.timeline[0],
      from: new Date(Date.UTC(2023, 6, 10) + k * 1000).toISOString(),
    }));
    const [trail] = trailTree([], [{ ...template, timeline, failedCalls: [] }]);
    assert.equal(trail?.childCount, total);

    const first = trailChildrenPage(trail, TRAIL_PAGE);
    assert.equal(first.length, TRAIL_PAGE + 1);
    assert.deepEqual(
      first.slice(0, TRAIL_PAGE).map((node) => node.label),
      trail
        .children()
        .slice(0, TRAIL_PAGE)
        .map((node) => node.label),
    );
    const more = first[TRAIL_PAGE];
    assert.equal(more?.moreOf, trail.key);
    assert.equal(more?.label, `Show ${TRAIL_PAGE} more…`);
    assert.equal(more?.description, `${(total - TRAIL_PAGE).toLocaleString('en-US')} not shown`);

    const second = trailChildrenPage(trail, 2 * TRAIL_PAGE);
    assert.equal(second[2 * TRAIL_PAGE]?.label, 'Show 200 more…');
    const all = trailChildrenPage(trail, 3 * TRAIL_PAGE);
    assert.equal(all.length, total, 'no item once every change is shown');
    assert.ok(all.every((node) => node.moreOf === undefined));
  });

  it('pages changes and failed calls in time order, the same as all of them at once', () => {
    const template = LOG_TRAILS.find((trail) => trail.timeline.length > 0);
    const failed = LOG_TRAILS.flatMap((trail) => trail.failedCalls)[0];
    assert.ok(template && failed);
    const change = template.timeline[0];
    const at = (second: number) => new Date(Date.UTC(2023, 6, 10) + second * 1000).toISOString();
    // Changes on even seconds, failed calls on every third second: they interleave, and share some seconds.
    const timeline = Array.from({ length: 900 }, (_, k) => ({ ...change, from: at(2 * k), eventName: `Change${k}` }));
    const failedCalls = Array.from({ length: 500 }, (_, k) => ({ ...failed, at: at(3 * k), eventName: `Failed${k}` }));
    const [trail] = trailTree([], [{ ...template, timeline, failedCalls }]);
    const labels = (nodes: readonly { label: string }[]) => nodes.map((node) => node.label);
    const page = labels(trailChildrenPage(trail, TRAIL_PAGE).slice(0, TRAIL_PAGE));
    const all = labels(trail.children());
    assert.equal(all.length, 1400);
    assert.deepEqual(page, all.slice(0, TRAIL_PAGE));
    const times = all.map((label) => label.slice(0, 19));
    assert.deepEqual(times, [...times].sort(), 'in time order');
    // Within one second the change comes first (the timeline's order, then failed calls), as a stable sort keeps it.
    assert.ok(all.indexOf('2023-07-10 00:00:00 Change0') < all.indexOf('2023-07-10 00:00:00 Failed0 failed'));
    assert.deepEqual(labels(trailChildrenPage(trail, 3 * TRAIL_PAGE)), all);
  });

  it('gives each trail a key of its own, even two trails of one name', () => {
    const nodes = trailTree([fileTrail({ name: 'same' }), fileTrail({ name: 'same' })], LOG_TRAILS);
    const keys = nodes.map((node) => node.key);
    assert.equal(new Set(keys).size, nodes.length);
  });
});
