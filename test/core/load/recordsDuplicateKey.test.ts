import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recordRanges } from '../../../src/core/locate/recordRanges';
import type { LoadedFile } from '../../../src/core/load/loadedFile';
import { loaderInTempFolder } from './loadWritten';

const { load } = loaderInTempFolder('ctlens-records-duplicate-');

function record(eventName: string): Record<string, string> {
  return { eventTime: '2023-07-10T12:00:00Z', eventSource: 's3.amazonaws.com', eventName };
}

const names = (loaded: LoadedFile) => [...loaded.index.interned.eventName.ids].map((id) => loaded.index.interned.eventName.values[id]);

describe('duplicate top-level records keys: the last one wins, as in JSON.parse and jq', () => {
  it('two "Records" arrays: the second is loaded, the first is reported where its key is', async () => {
    const first = JSON.stringify([record('First1'), record('First2')]);
    const second = JSON.stringify([record('Second')]);
    const text = `{\n  "Records": ${first},\n  "Records": ${second}\n}`;
    const loaded = await load('two-records.json', text);
    assert.deepEqual(
      names(loaded),
      JSON.parse(text).Records.map((parsed: { eventName: string }) => parsed.eventName),
    );
    assert.deepEqual(names(loaded), ['Second']);
    assert.deepEqual(
      loaded.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity, diagnostic.line, diagnostic.column, diagnostic.offset]),
      [['duplicate-key', 'warning', 2, 3, text.indexOf('"Records"')]],
    );
    assert.match(
      loaded.diagnostics[0].message,
      /"Records" appears again later in the same object; as in JSON\.parse and jq, the last one wins, and its 2 records are not loaded\./,
    );
    // Record indexes of the loaded events and the hover ranges of the same text agree.
    const ranges = recordRanges(text);
    assert.equal(ranges.count, 1);
    assert.equal(JSON.parse(text.slice(ranges.starts[0], ranges.ends[0])).eventName, 'Second');
  });

  it('three "Events" arrays of lookup-events: the last is loaded, both earlier keys are reported', async () => {
    const entry = (name: string) => ({ EventId: name, CloudTrailEvent: JSON.stringify(record(name)) });
    const text =
      JSON.stringify({ Events: [entry('A')] }).slice(0, -1) + `,"Events":[${JSON.stringify(entry('B'))}],"Events":[${JSON.stringify(entry('C'))}]}`;
    const loaded = await load('lookup.json', text);
    assert.equal(loaded.format, 'lookup-events');
    assert.deepEqual(names(loaded), ['C']);
    assert.deepEqual(
      loaded.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.offset]),
      [
        ['duplicate-key', text.indexOf('"Events"')],
        ['duplicate-key', text.indexOf('"Events"', text.indexOf('"Events"') + 1)],
      ],
    );
  });

  it('an array then a non-array: the file has no records array, as JSON.parse would see it', async () => {
    const loaded = await load('then-not-array.json', `{"Records":${JSON.stringify([record('Lost')])},"Records":"none"}`);
    assert.equal(loaded.index.count, 0);
    assert.deepEqual(
      loaded.diagnostics.map((diagnostic) => diagnostic.code),
      ['records-not-array', 'duplicate-key'],
    );
  });

  it('a non-array then an array: the array is loaded', async () => {
    const loaded = await load('then-array.json', `{"Records":null,"Records":${JSON.stringify([record('Kept')])}}`);
    assert.deepEqual(names(loaded), ['Kept']);
    assert.deepEqual(
      loaded.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message.endsWith('the last one wins.')]),
      [['duplicate-key', true]],
    );
  });

  it('one "Records" and one "Events" are not duplicates: the first stays the records array, nothing is reported', async () => {
    const loaded = await load('both.json', `{"Records":${JSON.stringify([record('R')])},"Events":[]}`);
    assert.deepEqual(names(loaded), ['R']);
    assert.deepEqual(loaded.diagnostics, []);
  });
});
