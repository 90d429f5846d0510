import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { LinePositions } from '../../../src/core/load/diagnostics';
import { loadPaths } from '../../../src/core/load/loadPaths';
import type { Diagnostic } from '../../../src/core/types';
import { DELIVERY_DAY } from '../engineFixtures';

const GOOD_LOG = path.join(DELIVERY_DAY, '218007301253_CloudTrail_us-east-1_20230710T1205Z_nx9Yx1FyJdBaTqKj.json');
const GOOD_EVENTS = 10;
const KEPT_PER_CODE = 20;

/** Line and column counted the slow, obvious way: split the text before the offset. */
function naivePosition(bytes: Buffer, offset: number): { line: number; column: number } {
  const lines = bytes.subarray(0, offset).toString('utf8').split('\n');
  return { line: lines.length, column: [...lines[lines.length - 1]].length + 1 };
}

const folder = mkdtempSync(path.join(tmpdir(), 'ctlens-records-positions-'));
after(() => rmSync(folder, { recursive: true, force: true }));

/** Loads a hostile file beside a good log; asserts the good log loaded whole; returns the hostile file's diagnostics. */
async function loadBesideGoodLog(name: string, text: string): Promise<{ file: string; bytes: Buffer; events: number; diagnostics: Diagnostic[] }> {
  const dir = mkdtempSync(path.join(folder, 'case-'));
  const file = path.join(dir, name);
  const bytes = Buffer.from(text, 'utf8');
  writeFileSync(file, bytes);
  writeFileSync(path.join(dir, 'good.json'), readFileSync(GOOD_LOG));
  const result = await loadPaths([dir], { workers: 0 });
  assert.equal(result.files.find((loaded) => loaded.file.endsWith('good.json'))?.index.count, GOOD_EVENTS);
  const loaded = result.files.find((candidate) => candidate.file === file);
  assert.ok(loaded !== undefined);
  return { file, bytes, events: loaded.index.count, diagnostics: loaded.diagnostics };
}

/** Each located diagnostic's line and column agree with its offset, and its message starts with file:line:column. */
function assertLocated(file: string, bytes: Buffer, diagnostic: Diagnostic): void {
  assert.ok(diagnostic.offset !== undefined && diagnostic.offset >= 0 && diagnostic.offset <= bytes.length, `offset inside: ${diagnostic.message}`);
  assert.deepEqual({ line: diagnostic.line, column: diagnostic.column }, naivePosition(bytes, diagnostic.offset));
  assert.ok(diagnostic.message.startsWith(`${file}:${diagnostic.line}:${diagnostic.column}: `), diagnostic.message);
}

/** The located diagnostics of `code` are the first KEPT_PER_CODE records, and one summary counts the rest. */
function assertCapped(file: string, bytes: Buffer, diagnostics: Diagnostic[], code: string, total: number, firstRecord: number): void {
  const located = diagnostics.filter((diagnostic) => diagnostic.code === code && diagnostic.recordIndex !== undefined);
  assert.deepEqual(
    located.map((diagnostic) => diagnostic.recordIndex),
    Array.from({ length: KEPT_PER_CODE }, (_, i) => firstRecord + i),
  );
  for (const diagnostic of located) assertLocated(file, bytes, diagnostic);
  const summaries = diagnostics.filter((diagnostic) => diagnostic.code === code && diagnostic.recordIndex === undefined);
  assert.equal(summaries.length, 1);
  assert.match(summaries[0].message, new RegExp(`: ${total - KEPT_PER_CODE} more records with the same problem \\(${code}\\)\\.$`));
}

describe('line and column of byte offsets', () => {
  it('agree with counting from the start, for offsets asked in any order, over multi-byte text', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '\n', 'é', '日', '😀', '\r', ' '), maxLength: 200 });
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 12 }), (sample, picks) => {
        const bytes = Buffer.from(sample, 'utf8');
        const positions = new LinePositions(bytes);
        for (const pick of picks) {
          // Offsets at character boundaries, as the loader's offsets always are.
          const offset = Buffer.byteLength([...sample].slice(0, pick % ([...sample].length + 1)).join(''), 'utf8');
          assert.deepEqual(positions.at(offset), naivePosition(bytes, offset));
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('many bad records: a few located diagnostics and a count, the good log beside loads', () => {
  const count = 50_000;

  it('empty records {} on their own lines', async () => {
    const { file, bytes, events, diagnostics } = await loadBesideGoodLog(
      'empty.json',
      `{"Records":[\n${new Array(count).fill('  {}').join(',\n')}\n]}`,
    );
    assert.equal(events, 0);
    assertCapped(file, bytes, diagnostics, 'invalid-record', count, 0);
    assert.equal(diagnostics[3].line, 5);
    assert.equal(diagnostics[3].column, 3);
  });

  it('records that are not valid JSON, and records that are strings or numbers', async () => {
    const records = Array.from({ length: count }, (_, i) => (i % 2 === 0 ? '{x}' : i % 4 === 1 ? '"é"' : '5'));
    const { file, bytes, events, diagnostics } = await loadBesideGoodLog('invalid.json', `{"Records":[\n${records.join(',\n')}\n]}`);
    assert.equal(events, 0);
    const invalidJson = diagnostics.filter((diagnostic) => diagnostic.code === 'invalid-json' && diagnostic.recordIndex !== undefined);
    assert.deepEqual(
      invalidJson.map((diagnostic) => diagnostic.recordIndex),
      Array.from({ length: KEPT_PER_CODE }, (_, i) => 2 * i),
    );
    for (const diagnostic of invalidJson) {
      assertLocated(file, bytes, diagnostic);
      // The position is the 'x' that makes the record invalid.
      assert.equal(bytes[diagnostic.offset!], 0x78);
    }
    const notRecords = diagnostics.filter((diagnostic) => diagnostic.code === 'invalid-record' && diagnostic.recordIndex !== undefined);
    assert.deepEqual(
      notRecords.map((diagnostic) => diagnostic.recordIndex),
      Array.from({ length: KEPT_PER_CODE }, (_, i) => 2 * i + 1),
    );
    for (const diagnostic of notRecords) assertLocated(file, bytes, diagnostic);
    assert.ok(
      diagnostics.some((diagnostic) =>
        diagnostic.message.endsWith(`: ${count / 2 - KEPT_PER_CODE} more records with the same problem (invalid-json).`),
      ),
    );
    assert.ok(
      diagnostics.some((diagnostic) =>
        diagnostic.message.endsWith(`: ${count / 2 - KEPT_PER_CODE} more records with the same problem (invalid-record).`),
      ),
    );
  });

  it('bad JSON Lines lines after a good one', async () => {
    const good = '{"eventName":"GetObject","eventSource":"s3.amazonaws.com","eventTime":"2023-07-10T12:00:00Z"}';
    const { file, bytes, events, diagnostics } = await loadBesideGoodLog(
      'bad.jsonl',
      `${good}\n${new Array(count).fill('{"eventName":').join('\n')}\n${good}\n`,
    );
    assert.equal(events, 2);
    assertCapped(file, bytes, diagnostics, 'invalid-json', count, 1);
    assert.equal(diagnostics[0].line, 2);
  });

  it('lookup-events entries whose CloudTrailEvent is not JSON point at their entry', async () => {
    const entries = new Array(count).fill('  {"EventId":"e","CloudTrailEvent":"{nope"}');
    const { file, bytes, events, diagnostics } = await loadBesideGoodLog('lookup.json', `{"Events":[\n${entries.join(',\n')}\n]}`);
    assert.equal(events, 0);
    assertCapped(file, bytes, diagnostics, 'invalid-json', count, 0);
    assert.equal(diagnostics[0].line, 2);
    assert.equal(diagnostics[0].column, 3);
  });

  it('console CSV rows whose event cell is not JSON point at their row', async () => {
    const rows = new Array(count).fill('GetObject,2023-07-10T12:00:00Z,"{""eventName"":"');
    const { file, bytes, events, diagnostics } = await loadBesideGoodLog(
      'history.csv',
      `Event name,Event time,CloudTrail event\n${rows.join('\n')}\n`,
    );
    assert.equal(events, 0);
    assertCapped(file, bytes, diagnostics, 'invalid-csv', count, 0);
    diagnostics.slice(0, KEPT_PER_CODE).forEach((diagnostic, i) => assert.deepEqual([diagnostic.line, diagnostic.column], [i + 2, 1]));
  });
});

describe('missing and mistyped fields are located', () => {
  it('a mistyped field points at its key (the last of duplicate keys), a missing one at its record', async () => {
    const text = JSON.stringify(
      {
        Records: [
          { eventTime: '2023-07-10T12:00:00Z', eventSource: 's3.amazonaws.com', eventName: 5, awsRegion: ['us-east-1'], userIdentity: 'alice' },
          { eventVersion: '1.08', eventSource: 'ec2.amazonaws.com' },
        ],
      },
      null,
      2,
    )
      .replace('"eventTime"', '"eventName": "early",\n      "eventTime"')
      .replace('"eventVersion"', '"eventSource": 1,\n      "eventVersion"');
    const { file, bytes, events, diagnostics } = await loadBesideGoodLog('fields.json', text);
    assert.equal(events, 2);
    const lines = text.split('\n');
    const at = (diagnostic: Diagnostic) => lines[diagnostic.line! - 1].slice(diagnostic.column! - 1);
    for (const diagnostic of diagnostics) assertLocated(file, bytes, diagnostic);
    const byField = new Map(diagnostics.map((diagnostic) => [/(\w+) is /.exec(diagnostic.message)?.[1] ?? 'missing', diagnostic]));
    assert.ok(at(byField.get('eventName')!).startsWith('"eventName": 5'));
    assert.ok(at(byField.get('awsRegion')!).startsWith('"awsRegion": ['));
    assert.ok(at(byField.get('userIdentity')!).startsWith('"userIdentity": "alice"'));
    const missing = byField.get('missing')!;
    assert.equal(missing.code, 'invalid-record');
    assert.equal(missing.recordIndex, 1);
    assert.match(missing.message, /record 1: no eventTime, eventName\./);
    assert.ok(at(missing).startsWith('{'));
    // The second eventSource of record 1 is a string, which JSON.parse keeps: nothing to report about it.
    assert.equal(diagnostics.filter((diagnostic) => diagnostic.recordIndex === 1).length, 1);
  });

  it('the problems of a record are reported in file order, whatever order its fields are in', async () => {
    const record =
      '{\n  "userIdentity": 1,\n  "errorCode": [],\n  "awsRegion": {},\n  "eventTime": "2023-02-31T00:00:00Z",\n  "eventName": 2,\n  "eventSource": "s3.amazonaws.com"\n}';
    const { file, bytes, events, diagnostics } = await loadBesideGoodLog('order.json', `{"Records":[\n${record},\n${record}\n]}`);
    assert.equal(events, 2);
    assert.equal(diagnostics.length, 10);
    for (const diagnostic of diagnostics) assertLocated(file, bytes, diagnostic);
    const offsets = diagnostics.map((diagnostic) => diagnostic.offset!);
    assert.deepEqual(
      offsets,
      [...offsets].sort((a, b) => a - b),
    );
    assert.deepEqual(
      diagnostics.slice(0, 5).map((diagnostic) => /: record 0: (\w+)/.exec(diagnostic.message)?.[1]),
      ['userIdentity', 'errorCode', 'awsRegion', 'eventTime', 'eventName'],
    );
  });
});
