import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FileDiagnostics } from '../../../src/core/load/diagnostics';
import { indexLogBytes, type IndexedLog } from '../../../src/core/load/indexLog';
import { findRecordSpans } from '../../../src/core/load/recordSpans';
import type { Diagnostic } from '../../../src/core/types';
import { EXPORTS, REPO_ROOT } from '../engineFixtures';

// Real logs of every input shape the indexer reads (Records files, lookup-events, JSON Lines, console CSV).
const REAL = path.join(REPO_ROOT, 'test/fixtures/domain/real');
const LOGS = [
  ...readdirSync(REAL).map((name) => path.join(REAL, name)),
  ...[
    'aws-cli_examples_lookup-events.output.json',
    'plaso_test_data_jsonl_aws_cloudtrail.jsonl',
    'console-event-history.csv',
    'panther-slice.json',
  ].map((name) => path.join(EXPORTS, name)),
].map((file) => ({ file, bytes: readFileSync(file) }));

/** Strings an attacker splices into a log: prototype keys, duplicate records keys, deep nesting, control and multi-byte characters. */
const HOSTILE = [
  '"__proto__":{"eventName":"x"},',
  '{"constructor":1,"toString":"x","eventName":"__proto__","errorCode":"hasOwnProperty"}',
  '"Records":[{}],',
  '"Records":',
  '['.repeat(5_000),
  '{"a":'.repeat(3_000),
  '\u0000\u001b]0;title\u0007',
  '"eventTime":"2023-02-31T00:00:00+25:99",',
  '\ud800',
  'é😀\r\n',
  ',,,',
  '"',
  '\\',
];

/** Line and column counted the slow, obvious way. */
function naivePosition(bytes: Buffer, offset: number): { line: number; column: number } {
  const lines = bytes.subarray(0, offset).toString('utf8').split('\n');
  return { line: lines.length, column: [...lines[lines.length - 1]].length + 1 };
}

function index(file: string, bytes: Buffer): { indexed: IndexedLog; diagnostics: Diagnostic[] } {
  const diagnostics = new FileDiagnostics(file);
  const indexed = indexLogBytes(bytes, diagnostics);
  return { indexed, diagnostics: diagnostics.finish() };
}

/** What every result must satisfy, whatever the bytes: diagnostics point inside the text and name the file, events lie inside it. */
function assertSane(file: string, bytes: Buffer, { indexed, diagnostics }: { indexed: IndexedLog; diagnostics: Diagnostic[] }): void {
  for (const diagnostic of diagnostics) {
    assert.ok(diagnostic.message.startsWith(file), diagnostic.message);
    if (diagnostic.offset === undefined) continue;
    assert.ok(diagnostic.offset >= 0 && diagnostic.offset <= bytes.length, diagnostic.message);
    assert.deepEqual({ line: diagnostic.line, column: diagnostic.column }, naivePosition(bytes, diagnostic.offset), diagnostic.message);
  }
  const events = indexed.index;
  for (let i = 0; i < events.count; i++) assert.ok(events.start[i] < events.end[i] && events.end[i] <= bytes.length);
}

// Logs are drawn by index, so that a counterexample names a file instead of printing its bytes.
const log = fc.integer({ min: 0, max: LOGS.length - 1 }).map((i) => LOGS[i].file);
const bytesOf = (file: string) => LOGS.find((candidate) => candidate.file === file)!.bytes;

describe('indexing mutated real logs (property)', () => {
  it('never throws, and every diagnostic points inside the text at the right line and column', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('splice' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.constantFrom(...HOSTILE) }),
      fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    );
    fc.assert(
      fc.property(log, fc.array(mutation, { minLength: 1, maxLength: 4 }), (file, mutations) => {
        let mutated = Buffer.from(bytesOf(file));
        for (const change of mutations) {
          const at = Math.floor(change.at * mutated.length);
          if (change.kind === 'splice') mutated = Buffer.concat([mutated.subarray(0, at), Buffer.from(change.text, 'utf8'), mutated.subarray(at)]);
          else if (change.kind === 'flip' && at < mutated.length) mutated[at] = change.byte;
          else if (change.kind === 'cut') mutated = mutated.subarray(0, at);
        }
        assertSane(file, mutated, index(file, mutated));
      }),
      { numRuns: 400 },
    );
  });

  it('a log cut anywhere still loads every record that ended before the cut', () => {
    const arrays = LOGS.filter(({ bytes }) => findRecordSpans(bytes).format === 'records').map(({ file }) => file);
    assert.ok(arrays.length >= 5);
    fc.assert(
      fc.property(fc.constantFrom(...arrays), fc.double({ min: 0, max: 1, noNaN: true }), (file, fraction) => {
        const bytes = bytesOf(file);
        const whole = index(file, bytes).indexed.index;
        const cut = Math.floor(fraction * bytes.length);
        const truncated = bytes.subarray(0, cut);
        const result = index(file, truncated);
        assertSane(file, truncated, result);
        const loaded = new Set(result.indexed.index.recordIndex);
        for (let i = 0; i < whole.count; i++)
          if (whole.end[i] < cut) assert.ok(loaded.has(whole.recordIndex[i]), `record ${whole.recordIndex[i]} of ${file}`);
        if (cut < bytes.length - 3)
          assert.ok(result.diagnostics.some((diagnostic) => diagnostic.code === 'invalid-json' || diagnostic.code === 'empty-file'));
      }),
      { numRuns: 300 },
    );
  });
});
