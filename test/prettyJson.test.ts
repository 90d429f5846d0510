// The read-only `.json.gz` view's layout (src/prettyJson.ts) over every log of test/fixtures: the values must be
// exactly the log's (re-parsed and compared with JSON.parse of the original, and token for token), only laid out.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import test from 'node:test';
import { gunzipSync } from 'node:zlib';
import { prettyPrintJson } from '../src/prettyJson';

/** Compiled tests run from out/test/. */
const FIXTURES = path.resolve(__dirname, '..', '..', 'test', 'fixtures');

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
