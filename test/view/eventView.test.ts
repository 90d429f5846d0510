// What the detail panel is sent for a record (src/view/eventView.ts): every value of the sections is cut to a length
// the webview lays out quickly, and the raw JSON keeps the record whole.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import test from 'node:test';
import type { RawRecord } from '../../src/core/types';
import { buildEventView } from '../../src/view/eventView';
import type { EventView } from '../../src/view/messages';
import { REPO_ROOT } from '../core/engineFixtures';
import { viewOfRecord } from './viewOfRecord';

/** Compiled tests run from out/test/. */
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

function records(relative: string): RawRecord[] {
  return (JSON.parse(readFileSync(path.join(FIXTURES, relative), 'utf8')) as { Records: RawRecord[] }).Records;
}

function viewOf(record: RawRecord): EventView {
  return viewOfRecord(record);
}

/** Every string of the view but the raw JSON and the source, with where it sits. */
function shownStrings(view: EventView): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const walk = (value: unknown, where: string): void => {
    if (typeof value === 'string') found.push([where, value]);
    else if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${where}[${index}]`));
    else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) walk(item, `${where}.${key}`);
  };
  const sections: Partial<EventView> = { ...view };
  delete sections.rawJson;
  delete sections.source;
  walk(sections, 'view');
  return found;
}

const hostile = records('workspace/hostile/hostile-content.json');

test('a record with a 100 KB user agent: every shown value is cut, the raw JSON has it all', () => {
  const record = hostile.find((candidate) => typeof candidate.userAgent === 'string' && candidate.userAgent.length > 100_000);
  assert.ok(record, 'the hostile fixture has a record with a 100 KB user agent');
  const view = viewOf(record);
  const longest = Math.max(...shownStrings(view).map(([, value]) => value.length));
  assert.ok(longest < 2100, `longest shown value: ${longest} characters`);
  const userAgent = view.summary.fields.find((field) => field.label === 'User agent');
  assert.match(userAgent?.value ?? '', /^A{2000}… \(98,034 more characters in the raw JSON\)$/);
  assert.deepEqual(JSON.parse(view.rawJson), record);
  assert.deepEqual(view.source, { file: '/logs/a.json', recordIndex: 0, eventID: record.eventID });
});

test('ordinary records are shown uncut', () => {
  for (const record of records('workspace/s3-activity.json')) {
    for (const [where, value] of shownStrings(viewOf(record))) assert.doesNotMatch(value, /more characters in the raw JSON\)$/, where);
  }
});

test('a cut never splits a surrogate pair', () => {
  const record = structuredClone(hostile[0] as RawRecord);
  record.userAgent = `${'a'.repeat(1999)}${'🪣'.repeat(10)}`;
  const userAgent = viewOf(record).summary.fields.find((field) => field.label === 'User agent');
  assert.equal(userAgent?.value, `${'a'.repeat(1999)}… (20 more characters in the raw JSON)`);
});

test('a record nested 10,000 deep: the panel view is built, its JSON trees stop at a depth, the raw JSON is bounded', () => {
  const depth = 10_000;
  const deep = `${'{"k":'.repeat(depth)}"bottom"${'}'.repeat(depth)}`;
  const text = `{"eventName":"GetObject","eventSource":"s3.amazonaws.com","requestParameters":{"bucketName":"b","key":"k","deep":${deep}}}`;
  const record = JSON.parse(text) as RawRecord;
  const source = { file: '/logs/a.csv', recordIndex: 0, eventID: null };
  const fromJson = buildEventView({ record, text, source, fileLabel: 'a.json', trails: [], trailProblems: [] });
  let levels = 0;
  for (let node = fromJson.requestParameters; node?.children !== undefined; node = node.children.at(-1)) levels++;
  assert.ok(levels > 8 && levels <= 33, `${levels} levels drawn`);
  assert.ok(fromJson.rawJson.length < 3 * text.length);
  // A console CSV row has no JSON text of its own: the record is written out, which JSON.stringify cannot do this deep.
  const fromCsv = buildEventView({ record, text: 'eventName,CloudTrailEvent', source, fileLabel: 'a.csv', trails: [], trailProblems: [] });
  assert.match(fromCsv.rawJson, /nested too deeply/);
  assert.equal(fromCsv.eventName, 'GetObject');
});
