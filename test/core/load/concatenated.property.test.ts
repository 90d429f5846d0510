// Containers of records written one after another (zcat of a delivery folder, a log per line, a CloudWatch Logs
// subscription's data as Firehose concatenates it, lookup-events pages): every record of every part is found, at
// its own bytes, whatever the parts, their sizes and what separates them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { loadText } from '../../../src/core/load/loadText';
import { GOOD_RECORDS } from './goodLog';

type Shape = 'log' | 'lookup-events' | 'filter-log-events' | 'subscription';

/** One part of `shape` holding `records`, written compactly or indented. */
function part(shape: Shape, records: readonly unknown[], indent: number): string {
  const wrapped = (key: string) => records.map((record, i) => ({ EventId: String(i), [key]: JSON.stringify(record) }));
  const value = {
    log: { Records: records },
    'lookup-events': { Events: wrapped('CloudTrailEvent') },
    'filter-log-events': { events: wrapped('message'), searchedLogStreams: [] },
    subscription: { owner: '111122223333', logGroup: 'trail', messageType: 'DATA_MESSAGE', logEvents: wrapped('message') },
  }[shape];
  return JSON.stringify(value, null, indent);
}

test('every record of containers of one shape written one after another is indexed once, at its bytes (fast-check)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom<Shape>('log', 'lookup-events', 'filter-log-events', 'subscription'),
      fc.array(fc.tuple(fc.nat(GOOD_RECORDS.length), fc.nat(GOOD_RECORDS.length)), { minLength: 1, maxLength: 5 }),
      fc.constantFrom('', '\n', '\r\n', ' \n\n'),
      fc.constantFrom(0, 2),
      (shape, slices, separator, indent) => {
        const parts = slices.map(([a, b]) => GOOD_RECORDS.slice(Math.min(a, b), Math.max(a, b)));
        const text = parts.map((records) => part(shape, records, indent)).join(separator);
        const result = loadText('/parts.json', text);
        assert.deepEqual(result.diagnostics, []);
        const expected = parts.flat().map((record) => record.eventID);
        const [file] = result.files;
        assert.equal(file?.index.count ?? 0, expected.length);
        if (expected.length === 0) return;
        const bytes = Buffer.from(text);
        const found = Array.from({ length: file.index.count }, (_, i) => {
          const value = JSON.parse(bytes.toString('utf8', file.index.start[i], file.index.end[i])) as Record<string, unknown>;
          const embedded = value.CloudTrailEvent ?? value.message;
          return (typeof embedded === 'string' ? (JSON.parse(embedded) as { eventID: string }) : (value as { eventID: string })).eventID;
        });
        assert.deepEqual(found, expected);
      },
    ),
    { numRuns: 60 },
  );
});
