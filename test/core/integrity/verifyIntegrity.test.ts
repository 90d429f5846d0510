import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { addPublicKeyList, verifyIntegrity, type IntegrityProgress, type IntegrityResult, type PublicKeys } from '../../../src/core/integrity';
import { BUCKET, makeKeyPair, publicKeysJson, TRAIL, writeDigest, writeNewestSignature, writeTrail, type KeyPair } from './deliveryFolder';
import { tempFolder } from '../load/temporaryFolders';

const KEYS = makeKeyPair();
const OTHER_KEYS = makeKeyPair();

function keysOf(...pairs: KeyPair[]): PublicKeys {
  const keys: PublicKeys = { byFingerprint: new Map(), problems: [] };
  addPublicKeyList(keys, JSON.parse(publicKeysJson(...pairs)), 'keys.json');
  return keys;
}

function statusOf(result: IntegrityResult, file: string): string {
  const verdict = [...result.logs, ...result.digests].find((candidate) => candidate.file === file);
  assert.ok(verdict, `no verdict for ${file}`);
  return verdict.status;
}

function counts(verdicts: { status: string }[]): Record<string, number> {
  const tally: Record<string, number> = {};
  for (const { status } of verdicts) tally[status] = (tally[status] ?? 0) + 1;
  return tally;
}

function reasonsOf(result: IntegrityResult, file: string): string {
  return [...result.logs, ...result.digests].find((candidate) => candidate.file === file)?.reasons.join('\n') ?? '';
}

describe('verifyIntegrity on a generated delivery folder', () => {
  it('a valid set: every log valid, every digest valid with the newest signature given as <digest>.sig', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const trail = writeTrail(root, TRAIL, 3, 2, KEYS);
    writeNewestSignature(trail);
    const progress: IntegrityProgress[] = [];
    const result = await verifyIntegrity([root], { publicKeys: keysOf(KEYS), onProgress: (step) => progress.push(step) });
    assert.equal(progress.length, 9, 'one step per digest and log file');
    const last = progress[progress.length - 1];
    assert.deepEqual([last.filesDone, last.bytesDone], [last.filesTotal, last.bytesTotal]);
    assert.deepEqual(counts(result.logs), { valid: 6 });
    assert.deepEqual(counts(result.digests), { valid: 3 });
    assert.deepEqual(result.missing, []);
    assert.deepEqual(result.gaps, []);
    const log = result.logs.find((verdict) => verdict.file === trail.logs[1][0]);
    assert.equal(log?.digest, trail.digests[1]);
    assert.match(reasonsOf(result, trail.digests[0]), /previousDigestSignature in .*T020000Z/);
  });

  it('without the newest signature: only the newest digest is signature-unchecked, and says why', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const trail = writeTrail(root, TRAIL, 3, 1, KEYS);
    const result = await verifyIntegrity([root], { publicKeys: keysOf(KEYS) });
    assert.equal(statusOf(result, trail.digests[2]), 'signature-unchecked');
    assert.match(reasonsOf(result, trail.digests[2]), /x-amz-meta-signature/);
    assert.equal(statusOf(result, trail.digests[0]), 'valid');
    assert.equal(statusOf(result, trail.digests[1]), 'valid');
    assert.deepEqual(counts(result.logs), { valid: 3 });
  });

  it('the newest signature from a JSON map keyed by s3:// URL', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const trail = writeTrail(root, TRAIL, 2, 1, KEYS);
    const newest = trail.digests[1];
    const key = trail.digestJson.get(newest)?.digestS3Object as string;
    const result = await verifyIntegrity([root], { publicKeys: keysOf(KEYS), signatures: new Map([[key, trail.signatures.get(newest) as string]]) });
    assert.equal(statusOf(result, newest), 'valid');
  });

  it('one byte changed in a log: modified, with both hashes in the reasons', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const trail = writeTrail(root, TRAIL, 2, 2, KEYS);
    const target = trail.logs[0][1];
    const text = gunzipSync(readFileSync(target));
    text[text.indexOf('user')] = 'U'.charCodeAt(0);
    writeFileSync(target, gzipSync(text));
    const result = await verifyIntegrity([root], { publicKeys: keysOf(KEYS) });
    assert.equal(statusOf(result, target), 'modified');
    const listed = (trail.digestJson.get(trail.digests[0])?.logFiles as { hashValue: string }[])[1].hashValue;
    assert.match(reasonsOf(result, target), new RegExp(listed));
    assert.deepEqual(counts(result.logs), { valid: 3, modified: 1 });
  });

  it('a byte changed in the compressed data: modified (the gzip no longer inflates whole)', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const trail = writeTrail(root, TRAIL, 1, 1, KEYS);
    const target = trail.logs[0][0];
    const bytes = readFileSync(target);
    bytes[bytes.length - 6] ^= 0xff;
    writeFileSync(target, bytes);
    const result = await verifyIntegrity([root], { publicKeys: keysOf(KEYS) });
    assert.equal(statusOf(result, target), 'modified');
  });

  it('a log deleted: missing, with the digest that lists it and its window', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const trail = writeTrail(root, TRAIL, 2, 2, KEYS);
    unlinkSync(trail.logs[1][0]);
    const result = await verifyIntegrity([root], { publicKeys: keysOf(KEYS) });
    assert.equal(result.missing.length, 1);
    const [missing] = result.missing;
    assert.equal(missing.kind, 'log');
    assert.equal(missing.listedBy, trail.digests[1]);
    assert.ok(missing.s3Object.endsWith(path.basename(trail.logs[1][0])));
    assert.deepEqual(missing.window, { start: '2024-05-01T01:00:00Z', end: '2024-05-01T02:00:00Z' });
    assert.deepEqual(counts(result.logs), { valid: 3 });
  });

  it('a digest deleted from the middle of the chain: missing digest with its window, its logs not-covered', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const trail = writeTrail(root, TRAIL, 4, 1, KEYS);
    unlinkSync(trail.digests[1]);
    const result = await verifyIntegrity([root], { publicKeys: keysOf(KEYS) });
    const digestsMissing = result.missing.filter((missing) => missing.kind === 'digest');
    assert.equal(digestsMissing.length, 1);
    assert.equal(digestsMissing[0].listedBy, trail.digests[2]);
    assert.deepEqual(digestsMissing[0].window, { start: '2024-05-01T01:00:00Z', end: '2024-05-01T02:00:00Z' });
    assert.equal(statusOf(result, trail.logs[1][0]), 'not-covered');
    assert.equal(statusOf(result, trail.digests[0]), 'signature-unchecked', 'its signature was in the deleted digest');
    assert.equal(statusOf(result, trail.digests[2]), 'valid');
    assert.deepEqual(result.gaps, []);
  });

  it('a digest edited to cover a changed log: hash mismatch in the chain, and the log is not trusted', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const trail = writeTrail(root, TRAIL, 3, 1, KEYS);
    const middle = trail.digests[1];
    const log = trail.logs[1][0];
    const forged = Buffer.from(gunzipSync(readFileSync(log)).toString().replace('user', 'evil'));
    writeFileSync(log, gzipSync(forged));
    const digest = trail.digestJson.get(middle) as Record<string, unknown>;
    const { createHash } = await import('node:crypto');
    (digest.logFiles as { hashValue: string }[])[0].hashValue = createHash('sha256').update(forged).digest('hex');
    writeFileSync(middle, gzipSync(JSON.stringify(digest)));
    const result = await verifyIntegrity([root], { publicKeys: keysOf(KEYS) });
    assert.equal(statusOf(result, middle), 'hash-mismatch');
    assert.match(reasonsOf(result, middle), /signature does not verify/);
    assert.equal(statusOf(result, log), 'not-covered');
    assert.match(reasonsOf(result, log), /hash-mismatch/);
  });

  it('the newest digest edited in its link to the previous one: the mismatch is blamed on it, not on the signed previous digest', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const trail = writeTrail(root, TRAIL, 3, 1, KEYS);
    const newest = trail.digests[2];
    const digest = trail.digestJson.get(newest) as Record<string, unknown>;
    digest.previousDigestHashValue = 'f'.repeat(64);
    writeFileSync(newest, gzipSync(JSON.stringify(digest)));
    const result = await verifyIntegrity([root], { publicKeys: keysOf(KEYS) });
    assert.equal(statusOf(result, trail.digests[1]), 'valid');
    assert.match(reasonsOf(result, trail.digests[1]), /signature verifies: .*T030000Z.* was changed/);
    assert.equal(statusOf(result, newest), 'hash-mismatch');
    assert.match(reasonsOf(result, newest), /this digest was changed/);
  });

  it('digests signed with another key: signature-invalid; a key list without their fingerprint: signature-unchecked', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const trail = writeTrail(root, TRAIL, 2, 1, KEYS);
    const forged = trail.digestJson.get(trail.digests[1]) as Record<string, unknown>;
    writeDigest(root, forged, OTHER_KEYS.privateKey, trail);
    writeNewestSignature(trail);
    const wrongKey = await verifyIntegrity([root], { publicKeys: keysOf(KEYS) });
    assert.equal(statusOf(wrongKey, trail.digests[1]), 'signature-invalid');
    assert.match(reasonsOf(wrongKey, trail.digests[1]), new RegExp(`key ${KEYS.fingerprint}`));
    const noKey = await verifyIntegrity([root], { publicKeys: keysOf(OTHER_KEYS) });
    assert.deepEqual(counts(noKey.digests), { 'signature-unchecked': 2 });
    assert.match(reasonsOf(noKey, trail.digests[0]), new RegExp(`no public key with fingerprint ${KEYS.fingerprint}`));
  });

  it('a starting digest after a gap: the gap with its window, the restart explained, both sides valid', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const trail = writeTrail(root, { ...TRAIL, stoppedHours: [2, 3] }, 6, 1, KEYS);
    writeNewestSignature(trail);
    const result = await verifyIntegrity([root], { publicKeys: keysOf(KEYS) });
    assert.equal(result.gaps.length, 1);
    const [gap] = result.gaps;
    assert.deepEqual(gap.window, { start: '2024-05-01T02:00:00Z', end: '2024-05-01T04:00:00Z' });
    assert.equal(gap.before, trail.digests[1]);
    assert.equal(gap.after, trail.digests[2]);
    assert.match(reasonsOf(result, trail.digests[2]), /starting digest/);
    assert.equal(statusOf(result, trail.digests[2]), 'valid');
    assert.equal(statusOf(result, trail.digests[1]), 'signature-unchecked', 'nothing after it carries its signature');
    assert.deepEqual(result.missing, []);
  });

  it('two Regions and two trails in one folder: separate chains, all valid', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const trails = [
      writeTrail(root, TRAIL, 3, 1, KEYS),
      writeTrail(root, { ...TRAIL, region: 'eu-west-1' }, 3, 1, KEYS),
      writeTrail(root, { ...TRAIL, trail: 'data-events_trail', homeRegion: 'eu-west-1' }, 3, 1, KEYS),
    ];
    for (const trail of trails) writeNewestSignature(trail);
    const result = await verifyIntegrity([path.join(root, BUCKET)], { publicKeys: keysOf(KEYS) });
    assert.deepEqual(counts(result.logs), { valid: 9 });
    assert.deepEqual(counts(result.digests), { valid: 9 });
    assert.deepEqual(result.gaps, []);
    assert.deepEqual(result.missing, []);
  });

  it('an organization trail layout AWSLogs/o-…/<account>/… behind a prefix: all valid', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const trail = writeTrail(root, { ...TRAIL, organization: 'o-exampleorgid', prefix: 'org/logs' }, 2, 2, KEYS);
    writeNewestSignature(trail);
    const result = await verifyIntegrity([root], { publicKeys: keysOf(KEYS) });
    assert.deepEqual(counts(result.logs), { valid: 4 });
    assert.deepEqual(counts(result.digests), { valid: 2 });
  });

  it('a digest copied under another account folder: moved; a download without the prefix is not', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const trail = writeTrail(root, TRAIL, 2, 1, KEYS);
    const withoutPrefix = path.join(root, 'evidence');
    cpSync(path.join(root, BUCKET, 'audit'), withoutPrefix, { recursive: true });
    const moved = path.join(withoutPrefix, 'AWSLogs', '999988887777', 'CloudTrail-Digest', path.basename(trail.digests[0]));
    mkdirSync(path.dirname(moved), { recursive: true });
    cpSync(trail.digests[0], moved);
    const result = await verifyIntegrity([withoutPrefix], { publicKeys: keysOf(KEYS) });
    assert.equal(statusOf(result, moved), 'moved');
    assert.match(reasonsOf(result, moved), /digestS3Object is amzn-s3-demo-bucket\/audit\/AWSLogs\/111122223333/);
    const inPlace = result.digests.filter((verdict) => verdict.file !== moved);
    assert.deepEqual(counts(inPlace), { valid: 1, 'signature-unchecked': 1 });
  });

  it('logs saved inflated, or flat in one folder, still match by name and hash', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const trail = writeTrail(root, TRAIL, 1, 2, KEYS);
    const flat = path.join(root, 'flat');
    mkdirSync(flat);
    const inflated = path.join(flat, path.basename(trail.logs[0][0]));
    writeFileSync(inflated, gunzipSync(readFileSync(trail.logs[0][0])));
    cpSync(trail.digests[0], path.join(flat, path.basename(trail.digests[0])));
    const result = await verifyIntegrity([flat], { publicKeys: keysOf(KEYS) });
    assert.equal(statusOf(result, inflated), 'valid');
    assert.match(reasonsOf(result, inflated), /not gzip/);
    assert.equal(result.missing.length, 1, 'the other log of the hour is missing');
  });

  it('a log not listed by any digest is not-covered; an unreadable one is unreadable', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    writeTrail(root, TRAIL, 1, 1, KEYS);
    const stray = path.join(root, 'stray.json.gz');
    writeFileSync(stray, gzipSync('{"Records":[]}'));
    const cut = path.join(root, 'cut.json.gz');
    writeFileSync(cut, gzipSync('{"Records":[]}').subarray(0, 12));
    const result = await verifyIntegrity([root], { publicKeys: keysOf(KEYS) });
    assert.equal(statusOf(result, stray), 'not-covered');
    assert.equal(statusOf(result, cut), 'unreadable');
  });

  it('stops when the signal aborts', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    writeTrail(root, TRAIL, 1, 1, KEYS);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(verifyIntegrity([root], { signal: controller.signal }));
  });
});
