// The one real digest in the shared data (OpenTelemetry collector test data): its log file is not in the data, so
// no hash can be checked against a log; it must still parse, despite event times such as `2025-10-21TT00:52:27Z`.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readDigest, verifyIntegrity } from '../../../src/core/integrity';
import { tempRoot } from './deliveryFolder';

const REAL_DIGEST = '/work/shared/data/digest-examples/otel-collector-contrib_cloudtrail_digest.json';

describe('the real digest example', { skip: !existsSync(REAL_DIGEST) && 'shared data not present' }, () => {
  it('parses: fields as written, its one log entry, its inflated hash', async () => {
    const read = await readDigest(REAL_DIGEST);
    assert.ok(read.ok, read.ok ? '' : read.reason);
    assert.equal(read.fields.digestS3Object, 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/10/21/digest.json.gz');
    assert.equal(read.fields.digestPublicKeyFingerprint, '31e8b5433410dfb61a9dc45cc65b22ff');
    assert.equal(read.fields.logFiles.length, 1);
    assert.equal(read.fields.logFiles[0].hashValue, '7aab8a1f04f32adf1113c9acdd894f10a2b5fa4039fcb4dd1cbd40b13e482b8a');
    assert.deepEqual(read.problems, []);
  });

  it('verified where its digestS3Object says, plain and gzipped: unchecked signature, its log and previous digest absent', async () => {
    const root = tempRoot();
    const key = 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/10/21/digest.json.gz';
    const gzipped = path.join(root, 'gz', ...key.split('/'));
    mkdirSync(path.dirname(gzipped), { recursive: true });
    writeFileSync(gzipped, gzipSync(readFileSync(REAL_DIGEST)));
    const plain = path.join(root, 'plain', ...key.split('/'));
    mkdirSync(path.dirname(plain), { recursive: true });
    copyFileSync(REAL_DIGEST, plain);
    for (const file of [gzipped, plain]) {
      const result = await verifyIntegrity([file]);
      assert.equal(result.digests.length, 1);
      const [verdict] = result.digests;
      assert.equal(verdict.status, 'signature-unchecked');
      assert.match(verdict.reasons.join('\n'), /digest-previous\.json\.gz is not among the files given/);
      assert.deepEqual(
        result.missing.map((missing) => missing.s3Object),
        ['AWSLogs/123456789012/CloudTrail/us-east-1/2025/10/21/obj1.json.gz'],
      );
    }
    rmSync(root, { recursive: true });
  });
});
