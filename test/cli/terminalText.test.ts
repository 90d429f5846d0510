import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { terminalJson, terminalLines, terminalText } from '../../src/cli/terminalText';
import { REPO_ROOT } from '../core/engineFixtures';

/** Sequences confirmed to act on terminals: window title (OSC 0), clear screen (CSI 2J), OSC 8 link, C1 CSI, bidi override. */
const TITLE = '\x1b]0;pwned\x07';
const CLEAR = '\x1b[2J';
const LINK = '\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\';
const C1_CSI = '\u009b31m';
const BIDI = '\u202etxt.exe';
const HOSTILE = `${TITLE}${CLEAR}${LINK}${C1_CSI}${BIDI}\x7f`;

/** True when the text still holds a character a terminal would act on (LF between lines aside). */
function hasRawControl(text: string): boolean {
  return [...text].some((character) => {
    const code = character.codePointAt(0) as number;
    return (
      (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)
    );
  });
}

describe('terminalText', () => {
  it('shows every control, DEL, C1 and bidi character as an escape', () => {
    assert.equal(terminalText('a\x1b[2Jb\x07c\x7fd\u009be\u202ef\n\tg'), 'a\\x1b[2Jb\\x07c\\x7fd\\x9be\\u202ef\\n\\tg');
    assert.equal(terminalText('plain text, ünïcödé and 日本語 stay as they are'), 'plain text, ünïcödé and 日本語 stay as they are');
  });

  it('escapes each unsafe character alone in plain text, and leaves every other UTF-16 code unit as it is', () => {
    const bidiAndSeparators = [0x061c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
    const unsafe = (code: number) => code < 0x20 || (code >= 0x7f && code <= 0x9f) || bidiAndSeparators.includes(code);
    for (let code = 0; code <= 0xffff; code++) {
      const text = `plain ${String.fromCharCode(code)} text`;
      assert.equal(terminalText(text) !== text, unsafe(code), code.toString(16));
      assert.equal(terminalJson(text) !== JSON.stringify(text), code >= 0x20 && unsafe(code), code.toString(16));
    }
  });

  it('a record line break inside one of our lines is escaped, our own line breaks are kept', () => {
    assert.equal(terminalLines(['first', 'second\nfake line', HOSTILE]).split('\n').length, 3);
  });

  it('terminalJson escapes what JSON.stringify leaves raw and stays the same JSON value', () => {
    const value = { [HOSTILE]: [HOSTILE, '\u2028\u2029', 'plain'], nested: { deep: HOSTILE } };
    for (const indent of [undefined, 2]) {
      const text = terminalJson(value, indent);
      assert.ok(!hasRawControl(text), text);
      assert.deepEqual(JSON.parse(text), value);
    }
  });
});

describe('ctlens prints record text safely', () => {
  const CLI = path.join(REPO_ROOT, 'out/src/cli.js');
  const EVENT_ID = '0c1e3d2a-7f5b-4e8a-9c3d-2b1a0f9e8d7c';
  let folder: string;

  function ctlens(args: string[]) {
    const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'ctlens-terminal-'));
    const record = {
      eventVersion: '1.08',
      eventTime: '2024-03-01T12:00:00Z',
      eventSource: 's3.amazonaws.com',
      eventName: `GetObject${HOSTILE}`,
      awsRegion: 'us-east-1',
      sourceIPAddress: HOSTILE,
      userAgent: HOSTILE,
      userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111122223333:user/${HOSTILE}`, userName: HOSTILE, accountId: '111122223333' },
      requestParameters: { bucketName: 'bucket', key: `key${HOSTILE}` },
      eventID: EVENT_ID,
      errorCode: HOSTILE,
      eventType: 'AwsApiCall',
      recipientAccountId: '111122223333',
    };
    const protoNames = ['__proto__', 'constructor', 'toString'].map((eventName, index) => ({
      ...record,
      eventName,
      errorCode: eventName,
      eventID: `${index}0000000-0000-4000-8000-000000000000`,
    }));
    writeFileSync(path.join(folder, 'hostile.json'), JSON.stringify({ Records: [record, ...protoNames] }));
    writeFileSync(path.join(folder, `broken${CLEAR}${TITLE}.json`), '{"Records": [');
    writeFileSync(
      path.join(folder, 'trail.json'),
      JSON.stringify({ AdvancedEventSelectors: [{ Name: HOSTILE, FieldSelectors: [{ Field: `x${TITLE}`, Equals: [HOSTILE] }] }] }),
    );
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('explain: text and stderr hold escapes, never raw control sequences', () => {
    const run = ctlens(['explain', folder, '--event', EVENT_ID, '--trail', path.join(folder, 'trail.json')]);
    assert.equal(run.status, 1, run.stderr);
    assert.ok(run.stdout.includes('\\x1b]0;pwned\\x07'), run.stdout);
    assert.ok(run.stdout.includes('\\u202etxt.exe'));
    assert.ok(!hasRawControl(run.stdout), run.stdout);
    assert.ok(run.stderr.includes('\\x1b[2J'), run.stderr);
    assert.ok(
      run.stderr.includes('Unknown field "x\\u001b]0;pwned\\u0007"') || run.stderr.includes('Unknown field "x\\x1b]0;pwned\\x07"'),
      run.stderr,
    );
    assert.ok(!hasRawControl(run.stderr), run.stderr);
  });

  it('explain --json stays valid JSON with the record values intact', () => {
    const run = ctlens(['explain', path.join(folder, 'hostile.json'), '--event', EVENT_ID, '--json']);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(!hasRawControl(run.stdout.replaceAll('\n', '')));
    assert.equal(JSON.parse(run.stdout).eventName, `GetObject${HOSTILE}`);
  });

  it('stats: an eventName or errorCode named __proto__ or constructor is counted, and positions are printed', () => {
    const run = ctlens(['stats', folder]);
    assert.equal(run.status, 1, run.stderr);
    const stats = JSON.parse(run.stdout);
    for (const name of ['__proto__', 'constructor', 'toString']) {
      assert.ok(Object.hasOwn(stats.eventNames, name), name);
      assert.equal(Object.getOwnPropertyDescriptor(stats.eventNames, name)?.value, 1);
      assert.equal(Object.getOwnPropertyDescriptor(stats.errors, name)?.value, 1);
    }
    assert.equal(Object.getOwnPropertyDescriptor(stats.errors, HOSTILE)?.value, 1);
    assert.ok(stats.diagnostics.length > 0);
    for (const diagnostic of stats.diagnostics)
      assert.deepEqual(Object.keys(diagnostic), ['file', 'line', 'column', 'recordIndex', 'code', 'severity', 'message']);
    assert.ok(!hasRawControl(run.stdout.replaceAll('\n', '')));
  });
});
