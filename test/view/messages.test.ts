// The webview protocol's guards (src/view/messages.ts): the extension trusts nothing the panel sends, the panel nothing
// it receives, and only AWS documentation pages may be opened from the panel.
import assert from 'node:assert/strict';
import test from 'node:test';
import {
  isAwsDocsUrl,
  isExtensionToPanel,
  isPanelState,
  isPanelToExtension,
  isRememberedPanelLog,
  MAX_REMEMBERED_PANEL_LOGS,
  rememberPanelLog,
} from '../../src/view/messages';

const notObjects: unknown[] = [undefined, null, 0, 'ready', true, [], [{ type: 'ready' }], () => undefined];

test('isPanelToExtension accepts the three messages the panel sends', () => {
  assert.ok(isPanelToExtension({ type: 'ready' }));
  assert.ok(isPanelToExtension({ type: 'openLink', url: 'https://docs.aws.amazon.com/' }));
  for (const action of ['revealInLog', 'copyEventJson', 'filterByPrincipal', 'filterByAccessKey', 'filterByBucket']) {
    assert.ok(isPanelToExtension({ type: 'action', action }), action);
  }
});

test('isPanelToExtension refuses anything else', () => {
  const refused: unknown[] = [
    ...notObjects,
    {},
    { type: 'READY' },
    { type: 'openLink' },
    { type: 'openLink', url: { href: 'https://docs.aws.amazon.com/' } },
    { type: 'action' },
    { type: 'action', action: 'runCommand' },
    { type: 'action', action: ['revealInLog'] },
    { type: 'action', action: 'toString' },
    { type: 'action', action: '__proto__' },
    JSON.parse('{"__proto__": {"type": "ready"}}'),
  ];
  for (const message of refused) assert.equal(isPanelToExtension(message), false, JSON.stringify(message) ?? String(message));
});

test('isPanelState: a file, a non-negative integer record index and an eventID or null', () => {
  assert.ok(isPanelState({ file: '/logs/a.json', recordIndex: 0, eventID: null }));
  assert.ok(isPanelState({ file: 'vscode-vfs://github/o/r/a.json', recordIndex: 41, eventID: 'f4cd3135-bebd-4104-a3ab-9660186c883f' }));
  const refused: unknown[] = [
    ...notObjects,
    {},
    { file: '/a.json', recordIndex: -1, eventID: null },
    { file: '/a.json', recordIndex: 1.5, eventID: null },
    { file: '/a.json', recordIndex: '3', eventID: null },
    { file: '/a.json', recordIndex: Number.NaN, eventID: null },
    { file: '/a.json', recordIndex: Number.POSITIVE_INFINITY, eventID: null },
    { file: '/a.json', recordIndex: 0 },
    { file: '/a.json', recordIndex: 0, eventID: 7 },
    { file: ['/a.json'], recordIndex: 0, eventID: null },
    { recordIndex: 0, eventID: null },
  ];
  for (const state of refused) assert.equal(isPanelState(state), false, JSON.stringify(state) ?? String(state));
});

test('isExtensionToPanel: an event with a valid source, or an unavailable message', () => {
  const source = { file: '/logs/a.json', recordIndex: 2, eventID: null };
  assert.ok(isExtensionToPanel({ type: 'show', event: { source } }));
  assert.ok(isExtensionToPanel({ type: 'show', event: { source }, focus: 'trails' }));
  assert.ok(isExtensionToPanel({ type: 'unavailable', message: 'The log a.json was closed.' }));
  const refused: unknown[] = [
    ...notObjects,
    { type: 'show' },
    { type: 'show', event: [] },
    { type: 'show', event: {} },
    { type: 'show', event: { source: { ...source, recordIndex: -2 } } },
    { type: 'unavailable' },
    { type: 'unavailable', message: ['closed'] },
    { type: 'ready' },
  ];
  for (const message of refused) assert.equal(isExtensionToPanel(message), false, JSON.stringify(message) ?? String(message));
});

test('isAwsDocsUrl accepts https pages of docs.aws.amazon.com', () => {
  for (const url of [
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html#anchor',
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html?x=1',
    'HTTPS://DOCS.AWS.AMAZON.COM/',
  ]) {
    assert.ok(isAwsDocsUrl(url), url);
  }
});

test('isAwsDocsUrl refuses other schemes, hosts, look-alikes, credentials and ports', () => {
  for (const url of [
    'http://docs.aws.amazon.com/AmazonS3/latest/userguide/',
    'javascript:alert(1)//docs.aws.amazon.com',
    'command:workbench.action.terminal.new',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'vscode://docs.aws.amazon.com/',
    'https://docs.aws.amazon.com.evil.example/',
    'https://evil.example/docs.aws.amazon.com',
    'https://evil.example/?https://docs.aws.amazon.com/',
    'https://docs.aws.amazon.com@evil.example/',
    'https://user:pass@docs.aws.amazon.com/',
    'https://user@docs.aws.amazon.com/',
    'https://docs.aws.amazon.com:8443/',
    'https://aws.amazon.com/',
    'https://docs.aws.amazon.co/',
    '//docs.aws.amazon.com/',
    'docs.aws.amazon.com/AmazonS3/',
    '',
    'https://',
  ]) {
    assert.equal(isAwsDocsUrl(url), false, url);
  }
});

test('a restored panel may only name a log the panel showed: remembered most recent first, once each, bounded', () => {
  let remembered: unknown = undefined;
  assert.equal(isRememberedPanelLog(remembered, '/'), false);
  for (let index = 0; index < MAX_REMEMBERED_PANEL_LOGS + 5; index++) remembered = rememberPanelLog(remembered, `/logs/${index}.json`);
  remembered = rememberPanelLog(remembered, '/logs/10.json');
  const list = remembered as string[];
  assert.equal(list.length, MAX_REMEMBERED_PANEL_LOGS);
  assert.equal(list[0], '/logs/10.json');
  assert.equal(list.filter((file) => file === '/logs/10.json').length, 1);
  assert.ok(isRememberedPanelLog(remembered, `/logs/${MAX_REMEMBERED_PANEL_LOGS + 4}.json`));
  assert.equal(isRememberedPanelLog(remembered, '/logs/0.json'), false, 'the oldest fell out');
  for (const path of ['/', '/etc/passwd', '', 'constructor', '__proto__']) assert.equal(isRememberedPanelLog(remembered, path), false, path);
});

test('remembered logs read back from workspace state are checked, not trusted', () => {
  for (const stored of [...notObjects, { 0: '/', length: 1 }, JSON.parse('{"__proto__": ["/"]}'), [['/'], { file: '/' }, 5]]) {
    assert.equal(isRememberedPanelLog(stored, '/'), false, JSON.stringify(stored));
    assert.deepEqual(rememberPanelLog(stored, '/a.json'), ['/a.json']);
  }
  assert.ok(isRememberedPanelLog(['/a.json', 7, null, '/b.json'], '/b.json'));
});
