// Real logs (of ../shared/data when it sits beside the clone, else the repository's copies), mutated the ways broken exports and attackers do (truncated, bytes flipped,
// hostile strings and prototype keys spliced in, values retyped, nested deep, gzipped then cut), each run's
// mutation applied to every log and loaded in one folder beside untouched copies: the engine never throws, every position it reports lies inside the mutated file's text, and
// the untouched files load exactly as they do alone.

import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { realLog, REPO_ROOT } from '../../../bench/hostileCases';
import { loadPaths } from '../../../src/core/load/loadPaths';
import type { LoadedFile } from '../../../src/core/load/loadedFile';
import type { Diagnostic } from '../../../src/core/types';

/** Small real logs of each shape: delivery files (plain and gzip), documentation samples, lookup-events, JSON Lines, CSV. */
const DAY = 'test/fixtures/logs/AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10';
const SOURCES = [
  realLog(
    'invictus-ir-aws-dataset/218007301253_CloudTrail_us-east-1_20230710T1150Z_1vnLavRRp0ek1mP4.json',
    `${DAY}/218007301253_CloudTrail_us-east-1_20230710T1205Z_lKy08gyrqqRJyzsn.json`,
  ),
  realLog(
    'invictus-ir-aws-dataset/218007301253_CloudTrail_us-east-1_20230710T1205Z_1dM7GQM67kudSyGD.json',
    `${DAY}/218007301253_CloudTrail_us-east-1_20230710T1205Z_nx9Yx1FyJdBaTqKj.json`,
  ),
  realLog(
    'awsdocs-examples/awsdocs-amazon-s3-developer-guide.records.json',
    'test/fixtures/logs/exports/awsdocs-amazon-s3-developer-guide.records.json',
  ),
  realLog(
    'trailscraper-fixture/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz',
    'test/fixtures/logs/exports/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz',
  ),
  realLog(
    'lookup-events-examples/aws-cli_examples_lookup-events.output.json',
    'test/fixtures/logs/exports/aws-cli_examples_lookup-events.output.json',
  ),
  realLog(
    'lookup-events-examples/plaso_test_data_jsonl_aws_cloudtrail.jsonl',
    'test/fixtures/logs/exports/plaso_test_data_jsonl_aws_cloudtrail.jsonl',
  ),
].concat(path.join(REPO_ROOT, 'test/fixtures/logs/exports/console-event-history.csv'));

/** Text of a log, inflating gzip as far as it goes (a cut gzip gives the text before the cut). */
function textOf(bytes: Buffer): Buffer {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  } catch {
    return Buffer.alloc(0);
  }
}

const HOSTILE_STRINGS = [
  '__proto__',
  'constructor',
  '"__proto__":{"eventName":"x"},',
  '"constructor":{"prototype":1},',
  '{"__proto__":',
  '\u0000',
  '\u001b[2J\u001b]0;pwned\u0007',
  '\ufeff',
  '}]}',
  '{"Records":[',
  ',,,',
  '\\u0000\\ud800',
  'ÄBC.pdf',
  '"eventTime":"2023-02-31T00:00:00Z",',
];
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

/** Texts of JavaScript's own errors: a diagnostic carrying one reports a bug of ours, not a problem of the input. */
const JAVASCRIPT_ERROR =
  /is not a function|Cannot read properties|Cannot convert|Maximum call stack|is not iterable|undefined is not|Invalid array length/;

/** Record problems are capped per code and file; a few codes with their counts stay well under this. */
const MAX_DIAGNOSTICS_PER_FILE = 200;

type Mutation = ((text: Buffer) => Buffer) & { [fc.toStringMethod](): string };

/** A mutation that a failing run prints by what it does. */
function named(label: string, apply: (text: Buffer) => Buffer): Mutation {
  return Object.assign(apply, { [fc.toStringMethod]: () => label });
}

/** Where in `length` bytes a fraction in [0, 1) falls. */
function at(length: number, fraction: number): number {
  return Math.min(length, Math.floor(fraction * (length + 1)));
}

/** Which match to mutate: most often one of the first (a CSV header, the "Records" key, the first record), else any. */
const nth = fc.oneof(fc.nat({ max: 15 }), fc.nat());

const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

const truncate = fraction.map((where) => named(`truncate at ${where}`, (text) => text.subarray(0, at(text.length, where))));

const flipBytes = fc.array(fc.tuple(fraction, fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) =>
  named(`flip ${JSON.stringify(flips)}`, (text) => {
    const copy = Buffer.from(text);
    for (const [where, mask] of flips) if (copy.length > 0) copy[at(copy.length - 1, where)] ^= mask;
    return copy;
  }),
);

const splice = fc.tuple(fraction, fc.constantFrom(...HOSTILE_STRINGS)).map(([where, hostile]) =>
  named(`splice ${JSON.stringify(hostile)} at ${where}`, (text) => {
    const cut = at(text.length, where);
    return Buffer.concat([text.subarray(0, cut), Buffer.from(hostile, 'utf8'), text.subarray(cut)]);
  }),
);

/** Replaces the n-th match of `pattern` (modulo the number of matches) by `replacement`. */
function replaceNth(pattern: RegExp, n: number, replacement: string): Mutation {
  const label = replacement.length > 40 ? `${replacement.slice(0, 20)}…(${replacement.length} chars)` : replacement;
  return named(`replace match ${n} of ${pattern} by ${JSON.stringify(label)}`, (text) => {
    const matches = [...text.toString('latin1').matchAll(pattern)];
    if (matches.length === 0) return text;
    const match = matches[n % matches.length];
    return Buffer.concat([text.subarray(0, match.index), Buffer.from(replacement, 'utf8'), text.subarray(match.index + match[0].length)]);
  });
}

const prototypeKey = fc.tuple(nth, fc.constantFrom(...PROTOTYPE_KEYS)).map(([n, key]) => replaceNth(/"[A-Za-z]+":/g, n, `"${key}":`));

const prototypeValue = fc
  .tuple(nth, fc.constantFrom(...PROTOTYPE_KEYS, ...HOSTILE_STRINGS))
  .map(([n, value]) => replaceNth(/:\s*"[^"\\]*"/g, n, `:${JSON.stringify(value)}`));

/** Any word (a CSV header, a value, a key) becomes a prototype name. */
const prototypeWord = fc.tuple(nth, fc.constantFrom(...PROTOTYPE_KEYS)).map(([n, key]) => replaceNth(/[A-Za-z][A-Za-z -]*[a-z]/g, n, key));

/** A value (an innermost object, or a string or quoted CSV cell such as the event JSON) becomes another type. */
const retype = fc
  .tuple(nth, fc.constantFrom(/\{[^{}]*\}/g, /"(?:[^"]|"")*"/g), fc.constantFrom('null', '5', '[1]', '{}', 'true'))
  .map(([n, pattern, replacement]) => replaceNth(pattern, n, replacement));

/** A string value becomes an object or array nested thousands deep. */
const nestDeep = fc
  .tuple(nth, fc.integer({ min: 100, max: 20_000 }), fc.boolean())
  .map(([n, depth, asObject]) =>
    replaceNth(/:\s*"[^"\\]*"/g, n, ':' + (asObject ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth))),
  );

const mutation = fc.oneof(truncate, flipBytes, splice, prototypeKey, prototypeValue, prototypeWord, retype, nestDeep);

/** Mutations in order, then maybe gzip, maybe cut inside the gzip; applied to every source in one run. */
const mutationPlan = fc.record({
  steps: fc.array(mutation, { minLength: 1, maxLength: 3 }),
  gzipCut: fc.option(fc.option(fraction, { nil: undefined }), { nil: null }),
});

function mutate(raw: Buffer, steps: readonly Mutation[], gzipCut: number | undefined | null): Buffer {
  let text = textOf(raw);
  for (const step of steps) text = step(text);
  if (gzipCut === null) return text;
  const gzipped = gzipSync(text);
  return gzipCut === undefined ? gzipped : gzipped.subarray(0, at(gzipped.length, gzipCut));
}

function eventCount(files: readonly LoadedFile[], file: string): number | undefined {
  return files.find((loaded) => loaded.file === file)?.index.count;
}

/** The diagnostics of one file as code@line:column, to compare a file loaded alone and beside others. */
function placesOf(diagnostics: readonly Diagnostic[], file: string): string[] {
  return diagnostics
    .filter((diagnostic) => diagnostic.file === file)
    .map((diagnostic) => `${diagnostic.code}@${diagnostic.line}:${diagnostic.column}`);
}

function lineCount(text: Buffer): number {
  let lines = 1;
  for (let i = text.indexOf(0x0a); i >= 0; i = text.indexOf(0x0a, i + 1)) lines++;
  return lines;
}

describe('mutated real logs (property)', () => {
  let folder: string;
  const untouched: { file: string; events: number; diagnostics: string[] }[] = [];

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'ctlens-mutations-'));
    for (const source of SOURCES) {
      const file = path.join(folder, `untouched-${path.basename(source)}`);
      copyFileSync(source, file);
      const alone = await loadPaths([file], { workers: 0 });
      untouched.push({ file, events: eventCount(alone.files, file) ?? -1, diagnostics: placesOf(alone.diagnostics, file) });
    }
    assert.ok(untouched.every(({ events }) => events > 0));
  });

  after(() => rmSync(folder, { recursive: true, force: true }));

  it('never throws, reports positions inside each mutated text, and loads every untouched file completely', async () => {
    await fc.assert(
      fc.asyncProperty(mutationPlan, async ({ steps, gzipCut }) => {
        const mutated = SOURCES.map((source, k) => {
          const bytes = mutate(readFileSync(source), steps, gzipCut);
          const file = path.join(folder, `mutated-${k}.json`);
          writeFileSync(file, bytes);
          return { file, text: textOf(bytes) };
        });
        const result = await loadPaths([folder], { workers: 0 });

        for (const { file, events, diagnostics } of untouched) {
          assert.equal(eventCount(result.files, file), events, `untouched ${path.basename(file)}`);
          assert.deepEqual(placesOf(result.diagnostics, file), diagnostics, `untouched ${path.basename(file)}`);
        }
        for (const diagnostic of result.diagnostics.filter((each) => !untouched.some(({ file }) => file === each.file))) {
          const own = mutated.find(({ file }) => file === diagnostic.file);
          assert.ok(own !== undefined, `a diagnostic about no mutated file: ${diagnostic.message}`);
          assert.doesNotMatch(diagnostic.message, JAVASCRIPT_ERROR, 'a diagnostic that is an engine bug caught and reworded');
          const textSize = Math.max(result.files.find(({ file }) => file === own.file)?.textSize ?? 0, own.text.length);
          if (diagnostic.offset !== undefined)
            assert.ok(diagnostic.offset >= 0 && diagnostic.offset <= textSize, `offset ${diagnostic.offset} of ${textSize}`);
          if (diagnostic.line !== undefined)
            assert.ok(diagnostic.line >= 1 && diagnostic.line <= lineCount(own.text), `line ${diagnostic.line}: ${diagnostic.message}`);
          if (diagnostic.column !== undefined) assert.ok(diagnostic.column >= 1 && diagnostic.column <= textSize + 1, `column ${diagnostic.column}`);
          if (diagnostic.recordIndex !== undefined) assert.ok(diagnostic.recordIndex >= 0);
        }
        for (const { file } of mutated) {
          const count = result.diagnostics.filter((diagnostic) => diagnostic.file === file).length;
          assert.ok(count <= MAX_DIAGNOSTICS_PER_FILE, `${count} diagnostics for ${path.basename(file)}: not capped`);
        }
        for (const loaded of result.files) {
          for (let i = 0; i < loaded.index.count; i++) {
            assert.ok(loaded.index.start[i] <= loaded.index.end[i] && loaded.index.end[i] <= loaded.textSize, `${loaded.file}: event ${i} range`);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
