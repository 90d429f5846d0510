// The Integrity view's model (src/view/integrityTree.ts) on the real engine's verdicts for delivery folders written
// by test/core/integrity/deliveryFolder.ts: counts, tones, the rows of each problem, decorations, folders to validate.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { addPublicKeyList, verifyIntegrity, type IntegrityResult, type PublicKeys } from '../../src/core';
import {
  DIGEST_LOOKS,
  integrityDecoration,
  integrityFoldersOf,
  integritySummary,
  integrityTree,
  isAllValid,
  LOG_LOOKS,
  type IntegrityTreeNode,
  type KeySource,
} from '../../src/view/integrityTree';
import { makeKeyPair, publicKeysJson, TRAIL, writeNewestSignature, writeTrail, type KeyPair } from '../core/integrity/deliveryFolder';
import { tempFolder } from '../core/load/temporaryFolders';

const KEYS = makeKeyPair();
const SETTING_KEYS: KeySource[] = [{ file: '/keys/public-keys.json', origin: 'setting' }];

function keysOf(pair: KeyPair): PublicKeys {
  const keys: PublicKeys = { byFingerprint: new Map(), problems: [] };
  addPublicKeyList(keys, JSON.parse(publicKeysJson(pair)), 'keys.json');
  return keys;
}

function rowsOf(result: IntegrityResult, keySources: KeySource[] = SETTING_KEYS, keyProblems: string[] = []): IntegrityTreeNode[] {
  return integrityTree({ result, keySources, keyProblems, label: (file) => `label:${path.basename(file)}` });
}

function row(nodes: readonly IntegrityTreeNode[], label: string): IntegrityTreeNode {
  const found = nodes.find((node) => node.label === label);
  assert.ok(found, `a row "${label}" among ${nodes.map((node) => node.label).join(', ')}`);
  return found;
}

/** Changes one byte of a log's inflated text and writes it back gzipped. */
function changeOneByte(file: string): void {
  const text = gunzipSync(readFileSync(file));
  text[text.indexOf('user')] = 'U'.charCodeAt(0);
  writeFileSync(file, gzipSync(text));
}

describe('integrityTree', () => {
  it('a modified log, a deleted log and a gap: the rows, counts, tones and the file rows with their reasons', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const trail = writeTrail(root, { ...TRAIL, stoppedHours: [2] }, 4, 2, KEYS);
    writeNewestSignature(trail);
    const modified = trail.logs[0][1];
    const deleted = trail.logs[3][0];
    changeOneByte(modified);
    unlinkSync(deleted);
    const result = await verifyIntegrity([root], { publicKeys: keysOf(KEYS) });
    const rows = rowsOf(result);

    assert.deepEqual(
      rows.map((node) => node.label),
      ['Log files', 'Digest files', 'Missing', 'Gaps', 'Public keys'],
    );
    const logs = row(rows, 'Log files');
    assert.equal(logs.count, 5);
    assert.equal(logs.description, '1 modified, 4 valid');
    assert.deepEqual([logs.tone, logs.icon, logs.expanded], ['error', 'error', true]);
    assert.deepEqual(
      logs.children.map((group) => [group.label, group.count, group.tone]),
      [
        ['Modified', 1, 'error'],
        ['Valid', 4, null],
      ],
    );
    const [modifiedRow] = row(logs.children, 'Modified').children;
    assert.equal(modifiedRow.file, modified);
    assert.equal(modifiedRow.label, path.basename(modified));
    const listed = (trail.digestJson.get(trail.digests[0])?.logFiles as { hashValue: string }[])[1].hashValue;
    assert.match(modifiedRow.tooltip, new RegExp(listed), 'the tooltip names the hash the digest lists');
    assert.match(modifiedRow.tooltip, /changed after CloudTrail delivered it/);
    assert.match(modifiedRow.description, /inflated SHA-256/);
    const validRow = row(logs.children, 'Valid').children.find((node) => node.file === trail.logs[0][0]);
    assert.equal(validRow?.description, `listed in ${path.basename(trail.digests[0])}`);

    const digests = row(rows, 'Digest files');
    assert.equal(digests.description, '1 signature unchecked, 2 valid', 'nothing after the digest before the gap carries its signature');
    assert.equal(digests.tone, null);
    assert.ok(row(digests.children, 'Valid').children.every((node) => node.icon === 'verified' && node.file !== undefined));

    const missing = row(rows, 'Missing');
    assert.deepEqual(
      missing.children.map((node) => [node.label, node.tone]),
      [[path.basename(deleted), 'error']],
    );
    assert.match(missing.children[0].description, new RegExp(`^log file named by ${path.basename(trail.digests[2])}$`));
    assert.match(missing.children[0].tooltip, /Covering 2024-05-01T03:00:00Z to 2024-05-01T04:00:00Z/);
    const gaps = row(rows, 'Gaps');
    assert.equal(gaps.children[0].label, '2024-05-01 02:00:00 – 2024-05-01 03:00:00');
    assert.equal(gaps.tone, 'warning');
    assert.equal(integritySummary(result), '5 logs: 1 modified, 4 valid; 3 digests: 1 signature unchecked, 2 valid; 1 missing; 1 gap');
    assert.equal(isAllValid(result), false);
  });

  it('a valid set: no problem rows, nothing expanded, all valid; logs of the unsigned newest digest say so', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const trail = writeTrail(root, TRAIL, 2, 1, KEYS);
    const signed = await verifyIntegrity([root], {
      publicKeys: keysOf(KEYS),
      signatures: new Map([[trail.digests[1], trail.signatures.get(trail.digests[1]) as string]]),
    });
    const rows = rowsOf(signed);
    assert.deepEqual(
      rows.map((node) => node.label),
      ['Log files', 'Digest files', 'Public keys'],
    );
    assert.ok(rows.every((node) => node.tone === null && !node.expanded));
    assert.equal(isAllValid(signed), true);

    const unsigned = await verifyIntegrity([root], { publicKeys: keysOf(KEYS) });
    const digests = row(rowsOf(unsigned), 'Digest files');
    assert.equal(digests.description, '1 signature unchecked, 1 valid');
    const newestLog = row(row(rowsOf(unsigned), 'Log files').children, 'Valid').children.find((node) => node.file === trail.logs[1][0]);
    assert.match(newestLog?.description ?? '', /\(digest signature unchecked\)$/);
    assert.equal(isAllValid(unsigned), false);
  });

  it('the Public keys row: none is a warning; keys found in the folder say how much they prove; key problems are listed', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    writeTrail(root, TRAIL, 1, 1, KEYS);
    const result = await verifyIntegrity([root]);
    const none = row(rowsOf(result, []), 'Public keys');
    assert.deepEqual([none.description, none.tone, none.expanded], ['none: no signature checked', 'warning', true]);
    assert.equal(row(rowsOf(result, []), 'Digest files').description, '1 signature unchecked');
    const found = row(
      rowsOf(result, [{ file: path.join(root, 'public-keys.json'), origin: 'folder' }], ['keys.json: not list-public-keys output']),
      'Public keys',
    );
    assert.equal(found.tone, 'warning');
    assert.match(found.children[0].description, /proves only as much as the folder’s source/);
    assert.equal(found.children[1].label, 'keys.json: not list-public-keys output');
  });
});

describe('integrityDecoration', () => {
  it('a modified log is M in the error tone, a valid one ✓ without colour, a log no digest lists ?', () => {
    const log = { file: '/a.json.gz', sha256: null, digest: null, reasons: [] };
    assert.deepEqual(integrityDecoration({ ...log, status: 'modified' }, 'log'), { badge: 'M', tooltip: 'Integrity: modified', tone: 'error' });
    assert.deepEqual(integrityDecoration({ ...log, status: 'valid' }, 'log'), { badge: '✓', tooltip: 'Integrity: valid', tone: null });
    assert.equal(integrityDecoration({ ...log, status: 'not-covered' }, 'log').badge, '?');
    const digest = { file: '/d.json.gz', sha256: null, next: null, reasons: [] };
    assert.equal(integrityDecoration({ ...digest, status: 'signature-invalid' }, 'digest').tone, 'error');
  });

  it('every badge fits VS Code’s limit of two characters, and every status has looks', () => {
    const statuses = {
      log: ['valid', 'modified', 'not-covered', 'unreadable'],
      digest: ['valid', 'signature-invalid', 'signature-unchecked', 'hash-mismatch', 'moved', 'unreadable'],
    };
    assert.deepEqual([...LOG_LOOKS.keys()].sort(), [...statuses.log].sort());
    assert.deepEqual([...DIGEST_LOOKS.keys()].sort(), [...statuses.digest].sort());
    for (const look of [...LOG_LOOKS.values(), ...DIGEST_LOOKS.values()]) assert.ok([...look.badge].length <= 2, `badge "${look.badge}"`);
  });
});

describe('integrityFoldersOf', () => {
  it('a delivery-layout log: its Region folder and the digest folder beside it, when present; other logs: their folder', () => {
    const log = '/cases/a/AWSLogs/o-abc123/111122223333/CloudTrail/us-east-1/2024/05/01/x.json.gz';
    const digests = '/cases/a/AWSLogs/o-abc123/111122223333/CloudTrail-Digest/us-east-1';
    assert.deepEqual(
      integrityFoldersOf([log, '/cases/b/export.json'], (folder) => folder === digests),
      [digests, '/cases/a/AWSLogs/o-abc123/111122223333/CloudTrail/us-east-1', '/cases/b'],
    );
    assert.deepEqual(
      integrityFoldersOf([log], () => false),
      ['/cases/a/AWSLogs/o-abc123/111122223333/CloudTrail/us-east-1'],
    );
  });

  it('folders inside another are validated once, through the outer one', () => {
    assert.deepEqual(
      integrityFoldersOf(['/cases/a/x.json', '/cases/a/deeper/y.json', '/cases/ab/z.json'], () => false),
      ['/cases/a', '/cases/ab'],
    );
  });

  it('the folders of one loaded log of a generated delivery: its digest validates it and no other log is reported missing', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const trail = writeTrail(root, TRAIL, 2, 2, KEYS);
    const folders = integrityFoldersOf([trail.logs[1][0]], existsSync);
    assert.equal(folders.length, 2);
    const result = await verifyIntegrity(folders, { publicKeys: keysOf(KEYS) });
    assert.equal(result.logs.find((verdict) => verdict.file === trail.logs[1][0])?.status, 'valid');
    assert.deepEqual(result.missing, []);
    assert.equal(result.logs.length, 4);
  });
});
