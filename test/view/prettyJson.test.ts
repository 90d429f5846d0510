// The read-only `.json.gz` view's layout (src/view/prettyJson.ts) over every log of test/fixtures: the values must be
// exactly the log's (re-parsed and compared with JSON.parse of the original, and token for token), only laid out.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import test from 'node:test';
import { gunzipSync } from 'node:zlib';
import { MAX_INDENT_DEPTH, prettyPrintJson, recordJsonForReading } from '../../src/view/prettyJson';
import { REPO_ROOT } from '../core/engineFixtures';

const INDENT_WIDTH = 2;

/** Compiled tests run from out/test/. */
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

function logFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return logFiles(file);
    return /\.(json|jsonl|jsonc|json\.gz)$/.test(entry.name) ? [file] : [];
  });
}

/** A log's text as a viewer gets it: gunzipped when it starts with the gzip magic bytes; undefined when unreadable. */
function logText(file: string): string | undefined {
  const bytes = readFileSync(file);
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes.toString('utf8');
  try {
    return gunzipSync(bytes).toString('utf8');
  } catch {
    return undefined;
  }
}

/** The text without the JSON whitespace outside strings: what a re-layout must leave untouched. */
function tokens(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inString) {
      out += ch;
      if (ch === '\\' && i + 1 < text.length) out += text[++i];
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (!' \n\r\t'.includes(ch)) {
      out += ch;
    }
  }
  return out;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const files = logFiles(FIXTURES);

test('the fixtures hold logs of every shape: JSON, JSON Lines, gzip, broken', () => {
  assert.ok(files.length > 40, `${files.length} fixture files`);
  assert.ok(files.some((file) => file.endsWith('.jsonl')));
  assert.ok(files.some((file) => file.endsWith('.json.gz')));
  assert.ok(files.some((file) => file.includes(`${path.sep}broken${path.sep}`)));
});

for (const file of files) {
  const name = path.relative(FIXTURES, file);
  test(`${name}: only the layout changes`, () => {
    const text = logText(file);
    if (text === undefined) return; // a broken gzip: the viewer shows the load problem, not text
    const pretty = prettyPrintJson(text);
    const first = text.trimStart()[0];
    if (first !== '{' && first !== '[') {
      assert.equal(pretty, text, 'text that is not JSON is returned unchanged');
      return;
    }
    assert.equal(tokens(pretty), tokens(text), 'every token, string, number and escape is the original');
    if (parses(text)) {
      assert.deepEqual(JSON.parse(pretty), JSON.parse(text));
      assert.ok(pretty.split('\n').length > 1 || text.trim().length < 3, 'laid out on several lines');
    } else if (file.endsWith('.jsonl')) {
      const lines = text.split('\n').filter((line) => line.trim() !== '');
      const values = pretty.split(/\n(?=[{[])/).filter((chunk) => chunk.trim() !== '');
      assert.equal(values.length, lines.length, 'each JSON Lines value starts on its own line');
      values.forEach((value, index) => assert.deepEqual(JSON.parse(value), JSON.parse(lines[index] as string)));
    }
  });
}

test('indents by two spaces, keeps empty containers inline and values as written', () => {
  const text = '{"a":[1.50,{"b":"x,y:{}[]"}],"c":{ },"d":[ ],"e":"q\\"}\\\\","f":-0e+1,"g":null}';
  assert.equal(
    prettyPrintJson(text),
    [
      '{',
      '  "a": [',
      '    1.50,',
      '    {',
      '      "b": "x,y:{}[]"',
      '    }',
      '  ],',
      '  "c": {},',
      '  "d": [],',
      '  "e": "q\\"}\\\\",',
      '  "f": -0e+1,',
      '  "g": null',
      '}',
      '',
    ].join('\n'),
  );
});

test('hostile strings stay one token: quotes, backslashes, brackets and line separators inside values', () => {
  const record = { eventName: 'Get"Bucket\\', userAgent: '}]},{"Records":[', key: '\u2028\u0000</script>', n: [{}, [], [[]]] };
  const text = JSON.stringify({ Records: [record] });
  const pretty = prettyPrintJson(text);
  assert.deepEqual(JSON.parse(pretty), { Records: [record] });
  assert.equal(tokens(pretty), text);
});

/** A record nested `depth` deep in alternating objects and arrays, as text (built without recursion). */
function deepRecord(depth: number): string {
  let open = '';
  let close = '';
  for (let level = 0; level < depth; level++) {
    open += level % 2 === 0 ? '{"k":' : '[';
    close = (level % 2 === 0 ? '}' : ']') + close;
  }
  return `{"Records":[{"eventName":"GetObject","deep":${open}"bottom"${close}}]}`;
}

function longestIndent(text: string): number {
  let longest = 0;
  for (const line of text.split('\n')) longest = Math.max(longest, line.length - line.trimStart().length);
  return longest;
}

for (const depth of [10_000, 20_000]) {
  test(`a record nested ${depth.toLocaleString('en-US')} deep is laid out whole, compactly beyond ${MAX_INDENT_DEPTH} levels`, () => {
    const text = deepRecord(depth);
    const pretty = prettyPrintJson(text);
    assert.ok(pretty.length < 2 * text.length, `${pretty.length} characters for ${text.length}`);
    assert.ok(longestIndent(pretty) <= INDENT_WIDTH * MAX_INDENT_DEPTH, `indent ${longestIndent(pretty)}`);
    // Same tokens and still valid JSON: the same value (a deep comparison would overflow the stack itself).
    assert.equal(tokens(pretty), tokens(text));
    assert.doesNotThrow(() => JSON.parse(pretty));
  });
}

test('indentation beyond the bound: values on the line of their container, closing brackets after them', () => {
  assert.equal(prettyPrintJson('{"a":{"b":[1,{"c":2}]},"d":3}', { maxIndentDepth: 1 }), '{\n  "a": {"b":[1,{"c":2}]},\n  "d": 3\n}\n');
});

test('output is cut with a note once it outgrows the input, so a hostile layout never builds a huge string', () => {
  const text = `${'['.repeat(MAX_INDENT_DEPTH)}${'1,'.repeat(1_000_000)}1${']'.repeat(MAX_INDENT_DEPTH)}`;
  const pretty = prettyPrintJson(text);
  assert.ok(pretty.length <= 3 * text.length + (1 << 20) + 1000, `${pretty.length} characters for ${text.length}`);
  assert.match(
    pretty,
    /\n… \(laid-out text cut here: [\d,]+ of 2,000,065 characters of the original are not shown; the file itself is unchanged\)\n$/,
  );
  const shown = prettyPrintJson(text, { maxOutputChars: 100 });
  assert.ok(shown.startsWith('[\n  [\n    ['), shown);
  assert.ok(shown.length < 400, shown);
});

test('a record for reading: its own text laid out, or the parsed record written out, or a note when too deep for that', () => {
  const text = '{"eventName":"GetObject","n":1.50}';
  assert.equal(recordJsonForReading(text, JSON.parse(text)), prettyPrintJson(text));
  const record = { eventName: 'GetObject', requestParameters: { key: 'a.txt' } };
  assert.deepEqual(JSON.parse(recordJsonForReading('GetObject,"{...}"', record)), record);
  const deep = JSON.parse(`{"eventName":"GetObject","deep":${'['.repeat(20_000)}${']'.repeat(20_000)}}`);
  assert.match(recordJsonForReading('GetObject,"{...}"', deep), /nested too deeply/);
});
