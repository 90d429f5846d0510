// The detail panel's integrity line (EventView.integrity, src/view/eventView.ts) built from the real engine's verdicts
// on a generated delivery folder, and the guard that checks it when it reaches the webview (src/view/messages.ts).
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { addPublicKeyList, verifyIntegrity, type IntegrityResult, type PublicKeys, type RawRecord } from '../../src/core';
import type { IntegrityInput } from '../../src/view/eventView';
import { isExtensionToPanel, type EventView } from '../../src/view/messages';
import { makeKeyPair, publicKeysJson, TRAIL, tempRoot, writeNewestSignature, writeTrail } from '../core/integrity/deliveryFolder';
import { viewOfRecord } from './viewOfRecord';

const KEYS = makeKeyPair();

function keys(): PublicKeys {
  const found: PublicKeys = { byFingerprint: new Map(), problems: [] };
  addPublicKeyList(found, JSON.parse(publicKeysJson(KEYS)), 'keys.json');
  return found;
}

/** What the detail panel passes for a log file: its verdict and the digest listing it (as src/detailPanel.ts does). */
function inputFor(result: IntegrityResult, file: string): IntegrityInput {
  const verdict = result.logs.find((candidate) => candidate.file === file) ?? null;
  const digest = result.digests.find((candidate) => candidate.file === verdict?.digest);
  return { verdict, digest: digest === undefined ? null : { label: path.basename(digest.file), status: digest.status } };
}

function viewOf(file: string, integrity?: IntegrityInput): EventView {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  const record = (JSON.parse(text) as { Records: RawRecord[] }).Records[0];
  return viewOfRecord(record, {
    source: { file, recordIndex: 0, eventID: String(record.eventID) },
    fileLabel: path.basename(file),
    ...(integrity === undefined ? {} : { integrity }),
  });
}

describe('the detail panel’s integrity line', () => {
  const root = tempRoot();
  const trail = writeTrail(root, TRAIL, 2, 1, KEYS);
  const older = trail.logs[0][0];
  const newest = trail.logs[1][0];
  const validated = verifyIntegrity([root], { publicKeys: keys() });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('a log whose hash matches a valid digest: validated, naming that digest, with the engine’s reasons', async () => {
    const view = viewOf(older, inputFor(await validated, older));
    assert.equal(view.integrity?.status, 'valid');
    assert.equal(view.integrity?.sentence, `Log file validated: its SHA-256 matches the hash in the digest ${path.basename(trail.digests[0])}.`);
    assert.ok(view.integrity?.reasons.some((reason) => reason.startsWith('inflated SHA-256 ')));
  });

  it('a log listed only by the newest digest, whose signature was not given: validated, with the caveat', async () => {
    const view = viewOf(newest, inputFor(await validated, newest));
    assert.equal(view.integrity?.status, 'valid');
    assert.match(view.integrity?.sentence ?? '', /The digest itself is signature unchecked: the match proves only as much as it\.$/);
    writeNewestSignature(trail);
    const signed = await verifyIntegrity([root], { publicKeys: keys() });
    assert.doesNotMatch(viewOf(newest, inputFor(signed, newest)).integrity?.sentence ?? '', /proves only/);
  });

  it('a log no validation included: not validated, and the command to run; no integrity input: no line at all', () => {
    const view = viewOf(older, { verdict: null, digest: null });
    assert.equal(view.integrity?.status, 'not-validated');
    assert.match(view.integrity?.sentence ?? '', /Validate Log Integrity…/);
    assert.equal(viewOf(older).integrity, undefined);
  });

  it('a log changed after delivery: modified, naming the digest whose hash it no longer matches', async () => {
    const text = gunzipSync(readFileSync(older));
    text[text.indexOf('user')] = 'U'.charCodeAt(0);
    writeFileSync(older, gzipSync(text));
    const view = viewOf(older, inputFor(await verifyIntegrity([root], { publicKeys: keys() }), older));
    assert.equal(view.integrity?.status, 'modified');
    assert.match(view.integrity?.sentence ?? '', new RegExp(`^Log file modified: .* ${path.basename(trail.digests[0])}\\.`));
  });

  it('the guard lets a well-formed integrity line through and refuses a forged one', async () => {
    const view = viewOf(older, inputFor(await validated, older));
    assert.equal(isExtensionToPanel({ type: 'show', event: view }), true);
    assert.equal(isExtensionToPanel({ type: 'show', event: { ...view, integrity: { ...view.integrity, status: 'trusted' } } }), false);
    assert.equal(isExtensionToPanel({ type: 'show', event: { ...view, integrity: { ...view.integrity, reasons: [{ html: '<b>' }] } } }), false);
    assert.equal(isExtensionToPanel({ type: 'show', event: { ...view, integrity: 'valid' } }), false);
  });
});
