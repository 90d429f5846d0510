import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { addPublicKeyList, readDigest, readSignatureFiles, verifyIntegrity, type PublicKeys } from '../../../src/core/integrity';
import { tempFolder } from '../load/temporaryFolders';

const DIGEST_FOLDER = ['AWSLogs', '111122223333', 'CloudTrail-Digest', 'us-east-1', '2024', '05', '01'];
const DIGEST_NAME = '111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20240501T010000Z.json.gz';

function writeDigestBytes(root: string, bytes: Buffer | string, name = DIGEST_NAME): string {
  const file = path.join(root, ...DIGEST_FOLDER, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

function digestJson(extra: Record<string, unknown>): string {
  return JSON.stringify({
    awsAccountId: '111122223333',
    digestStartTime: '2024-05-01T00:00:00Z',
    digestEndTime: '2024-05-01T01:00:00Z',
    digestS3Bucket: 'bucket',
    digestS3Object: [...DIGEST_FOLDER, DIGEST_NAME].join('/'),
    digestPublicKeyFingerprint: '00',
    previousDigestSignature: null,
    ...extra,
  });
}

describe('verifyIntegrity on hostile digests: verdicts, never a throw', () => {
  it('a digest that is not JSON, one cut short, one that is JSON but not a digest: unreadable, each with its reason', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const notJson = writeDigestBytes(root, gzipSync('{"awsAccountId": '), DIGEST_NAME.replace('T01', 'T02'));
    const cut = writeDigestBytes(root, gzipSync(digestJson({})).subarray(0, 20), DIGEST_NAME.replace('T01', 'T03'));
    const other = writeDigestBytes(root, '{"Records": []}', DIGEST_NAME.replace('T01', 'T04'));
    const result = await verifyIntegrity([root]);
    const reasons = new Map(result.digests.map((verdict) => [verdict.file, `${verdict.status}: ${verdict.reasons.join(' ')}`]));
    assert.match(reasons.get(notJson) ?? '', /^unreadable: the digest is not JSON/);
    assert.match(reasons.get(cut) ?? '', /^unreadable: the digest has gzip data cut short/);
    assert.match(reasons.get(other) ?? '', /^unreadable: not a CloudTrail digest: no digestStartTime/);
  });

  it('a digest inflating past the bound is not read, gzipped or plain', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const json = digestJson({ logFiles: [] });
    for (const [name, bytes] of [
      ['big.json.gz', gzipSync(json)],
      ['big.json', Buffer.from(json)],
    ] as const) {
      const read = await readDigest(writeDigestBytes(root, bytes, name), 100);
      assert.equal(read.ok, false);
      assert.match(read.ok ? '' : read.reason, /the digest is more than 100 bytes once inflated/);
    }
  });

  it('a digest listing 100k files: every one reported missing with its window, nothing thrown', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const logFiles = Array.from({ length: 100_000 }, (_, n) => ({
      s3Bucket: 'bucket',
      s3Object: `AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T0005Z_${String(n).padStart(16, '0')}.json.gz`,
      hashValue: '0'.repeat(64),
      hashAlgorithm: 'SHA-256',
    }));
    writeDigestBytes(root, gzipSync(digestJson({ logFiles })));
    const result = await verifyIntegrity([root]);
    assert.equal(result.missing.length, 100_000);
    assert.deepEqual(result.missing[99_999].window, { start: '2024-05-01T00:00:00Z', end: '2024-05-01T01:00:00Z' });
    assert.equal(result.digests[0].status, 'signature-unchecked');
  });

  it('prototype-named keys in digests, key lists and signature maps are data, not prototypes', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const hostile = '{"__proto__": {"digestS3Object": "polluted"}, "constructor": 1, "logFiles": [{"__proto__": {"s3Object": "x"}}, 7, null]}';
    const file = writeDigestBytes(root, hostile);
    const proto = writeDigestBytes(
      root,
      digestJson({ logFiles: [{ s3Object: '__proto__', hashValue: 'ab' }], previousDigestS3Object: 'constructor' }).replace(
        '"awsAccountId"',
        '"__proto__":{},"awsAccountId"',
      ),
      DIGEST_NAME.replace('T01', 'T02'),
    );
    const signatureMap = path.join(root, 'signatures.json');
    writeFileSync(signatureMap, '{"__proto__": "abcd", "constructor": "zz"}');
    const signatures = await readSignatureFiles([signatureMap]);
    assert.equal(signatures.byName.get('__proto__'), 'abcd');
    assert.match(signatures.problems.join(), /constructor is not hex/);
    const keys: PublicKeys = { byFingerprint: new Map(), problems: [] };
    addPublicKeyList(keys, JSON.parse('{"__proto__": {"PublicKeyList": []}}'), 'keys.json');
    addPublicKeyList(keys, JSON.parse('{"PublicKeyList": [{"__proto__": {"Value": "AAAA"}}, {"Value": "AAAA"}]}'), 'keys.json');
    assert.equal(keys.byFingerprint.size, 0);
    assert.equal(keys.problems.length, 3);
    const result = await verifyIntegrity([root], { publicKeys: keys, signatures: signatures.byName });
    const statuses = new Map(result.digests.map((verdict) => [verdict.file, verdict.status]));
    assert.equal(statuses.get(file), 'unreadable');
    assert.equal(statuses.get(proto), 'moved', 'its digestS3Object names another file');
    assert.equal(result.missing.filter((missing) => missing.s3Object === '__proto__').length, 1);
    assert.equal(({} as Record<string, unknown>).digestS3Object, undefined);
  });

  it('a digest whose fields have the wrong types: read, the bad entries named', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const file = writeDigestBytes(
      root,
      digestJson({ logFiles: [{ s3Object: 5, hashValue: [] }], previousDigestS3Object: {}, digestPublicKeyFingerprint: 9 }),
    );
    const result = await verifyIntegrity([root]);
    assert.equal(result.digests[0].file, file);
    assert.equal(result.digests[0].status, 'signature-unchecked');
    assert.match(result.digests[0].reasons.join('\n'), /logFiles\[0\] lacks s3Object or hashValue/);
  });
});
