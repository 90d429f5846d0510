import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lineageTerms, originGroups } from '../../src/core';
import { buildOverview, filterForRow, splitOfGrouping } from '../../src/view/overview';
import { isExtensionToOverview, isOverviewToExtension, type OverviewView } from '../../src/view/messages';
import { REPO_ROOT } from '../core/engineFixtures';
import { storeOf } from '../core/lineage/records';
import { countBy, objectField, parsedRecords, realStore } from '../core/overview/realLogs';

const NO_FILTER: Parameters<typeof buildOverview>[2] = { binMs: 0, split: 'level', filter: null, lenses: [] };

test('the overview of real logs: stacks add up to every event, tables count what the records say', async () => {
  const store = await realStore();
  const records = parsedRecords();
  const view = buildOverview(store, store.allIds(), NO_FILTER);
  assert.equal(view.heading, `${records.length.toLocaleString('en-US')} events`);
  const { timeline } = view;
  const drawn = timeline.series.reduce((sum, series) => sum + series.counts.reduce((a, b) => a + b, 0), 0);
  assert.equal(drawn + timeline.noTime, records.length);
  assert.equal(
    timeline.errors.reduce((a, b) => a + b, 0),
    records.filter((record) => typeof record.errorCode === 'string').length,
  );
  // Bins are contiguous and aligned on their width.
  timeline.starts.forEach((start, b) => {
    assert.equal(start % timeline.binMs, 0);
    if (b > 0) assert.equal(start - timeline.starts[b - 1], timeline.binMs);
  });
  // Levels in the surfaces' words, never the core's keys.
  assert.ok(
    timeline.series.every((series) => !['account', 'bucket', 'object', 'other'].includes(series.label)),
    JSON.stringify(timeline.series.map((s) => s.label)),
  );
  assert.ok(timeline.series.some((series) => series.label === 'Other services'));

  const byName = countBy(records, (record) => record.eventName);
  const names = view.tables.find((table) => table.id === 'eventNames');
  assert.ok(names);
  assert.equal(names.distinct, byName.size);
  for (const row of names.rows) assert.equal(row.count, byName.get(row.value), row.value);
  const topCount = Math.max(...byName.values());
  assert.equal(names.rows[0].count, topCount);

  const bytesOut = new Map<string, number>();
  for (const record of records) {
    const bucket = objectField(record, 'requestParameters').bucketName;
    const out = Number(objectField(record, 'additionalEventData').bytesTransferredOut);
    if (typeof bucket === 'string' && record.eventSource === 's3.amazonaws.com' && out > 0) bytesOut.set(bucket, (bytesOut.get(bucket) ?? 0) + out);
  }
  const byBucket = view.tables.find((table) => table.id === 'bytesOutByBucket');
  assert.ok(byBucket && byBucket.rows.length > 0, 'the real logs move S3 bytes');
  for (const row of byBucket.rows) {
    assert.ok(row.bytesOut + row.bytesIn > 0, 'a bytes table lists only values that moved bytes');
    if (row.bytesOut > 0) assert.equal(row.bytesOut, bytesOut.get(row.value), row.value);
  }
  assert.ok(isExtensionToOverview({ type: 'show', overview: view }), 'the view passes the webview guard');
});

test('a filter narrows the overview to the tree visible events; a bin width can be chosen', async () => {
  const store = await realStore();
  const result = store.query('source:s3');
  assert.ok(result.ok && result.ids.length > 0);
  const view = buildOverview(store, result.ids, { ...NO_FILTER, binMs: 60_000, filter: 'source:s3', split: 'eventName' });
  assert.equal(view.heading, `${result.ids.length.toLocaleString('en-US')} events`);
  assert.equal(view.timeline.binMs, 60_000);
  assert.equal(view.timeline.auto, false);
  assert.equal(view.filter, 'source:s3');
  const s3Names = new Set(
    parsedRecords()
      .filter((r) => r.eventSource === 's3.amazonaws.com')
      .map((r) => r.eventName),
  );
  assert.ok(
    view.timeline.series.every((series) => s3Names.has(series.label) || series.label === '(others)'),
    'series are the S3 event names',
  );
  const empty = buildOverview(store, new Uint32Array(0), NO_FILTER);
  assert.equal(empty.heading, '0 events');
  assert.equal(empty.timeline.starts.length, 0);
});

test('a clicked row adds its value to the filter only when the view showed it', async () => {
  const store = await realStore();
  const view: OverviewView = buildOverview(store, store.allIds(), NO_FILTER);
  const principal = view.tables.find((table) => table.id === 'principals')?.rows[0].value;
  assert.ok(principal);
  const filter = filterForRow(view, 'principals', principal, 'error:*');
  assert.ok(filter?.startsWith('error:* principal:"'), filter);
  const narrowed = store.query(filter ?? '');
  assert.ok(narrowed.ok && narrowed.ids.length > 0);
  assert.equal(filterForRow(view, 'principals', 'arn:aws:iam::000000000000:user/never-shown', undefined), undefined);
  assert.equal(filterForRow(view, 'buckets', principal, undefined), undefined, 'a value of another table is refused');
});

test('the split follows the tree grouping where the histogram can split by it', () => {
  assert.equal(splitOfGrouping('bucket'), 'bucket');
  assert.equal(splitOfGrouping('identity'), 'principal');
  assert.equal(splitOfGrouping('file'), 'level');
});

test('the webview message guards refuse what the webview or a log could forge', () => {
  assert.equal(isOverviewToExtension({ type: 'brush', after: 10, before: 5 }), false, 'an empty range');
  assert.equal(isOverviewToExtension({ type: 'brush', after: 0, before: Infinity }), false);
  assert.equal(isOverviewToExtension({ type: 'setBin', ms: 1234 }), false, 'only the offered widths');
  assert.equal(isOverviewToExtension({ type: 'filterValue', table: '__proto__', value: 'x' }), false);
  assert.equal(isOverviewToExtension({ type: 'setSplit', split: 'file' }), false);
  assert.equal(isOverviewToExtension({ type: 'brush', after: 0, before: 60_000 }), true);
  assert.equal(isExtensionToOverview({ type: 'show', overview: { heading: 1 } }), false);
  assert.equal(isExtensionToOverview({ type: 'empty', message: 'No logs' }), true);
});

test('with session lineage, the origins table counts what origin: finds, and its rows filter by origin:', async () => {
  const slice = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/domain/lineage/invictus-ir-chains.json'), 'utf8')).Records;
  const { store, links } = await storeOf(slice);
  const ids = store.allIds();
  const view = buildOverview(store, ids, { ...NO_FILTER, originGroups: originGroups(links, ids) });
  const origins = view.tables.find((table) => table.id === 'origins');
  assert.ok(origins && origins.rows.length > 0);
  assert.equal(view.tables[1].id, 'origins', 'second, after the principals');
  for (const row of origins.rows) {
    const filter = filterForRow(view, 'origins', row.value, undefined);
    assert.ok(filter);
    const result = store.query(filter, await lineageTerms(links, filter));
    assert.ok(result.ok);
    assert.equal(result.ids.length, row.count, `${row.value}: the table and origin: agree`);
  }
});
