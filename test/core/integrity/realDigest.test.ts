// The one real digest of the shared data (OpenTelemetry collector test data; the repository's fixtures hold a copy
// inside a delivery folder): its log file is in neither, so no hash can be checked against a log; it must still
// parse, despite event times such as `2025-10-21TT00:52:27Z`.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readDigest, verifyIntegrity } from '../../../src/core/integrity';
import { LOGS, REPO_ROOT } from '../engineFixtures';
import { tempFolder } from '../load/temporaryFolders';

const SHARED_DIGEST = path.join(REPO_ROOT, '../shared/data/digest-examples/otel-collector-contrib_cloudtrail_digest.json');
const FIXTURE_DIGEST = path.join(
  LOGS,
  'AWSLogs/218007301253/CloudTrail-Digest/us-east-1/2025/10/21/218007301253_CloudTrail-Digest_us-east-1_example-trail_us-east-1_20251021T010000Z.json',
);
const REAL_DIGEST = existsSync(SHARED_DIGEST) ? SHARED_DIGEST : FIXTURE_DIGEST;

describe('the real digest example', () => {
  it('parses: fields as written, its one log entry, its inflated hash', async () => {
    const read = await readDigest(REAL_DIGEST);
    assert.ok(read.ok, read.ok ? '' : read.reason);
    assert.equal(read.fields.digestS3Object, 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/10/21/digest.json.gz');
    assert.equal(read.fields.digestPublicKeyFingerprint, '31e8b5433410dfb61a9dc45cc65b22ff');
    assert.equal(read.fields.logFiles.length, 1);
    assert.equal(read.fields.logFiles[0].hashValue, '7aab8a1f04f32adf1113c9acdd894f10a2b5fa4039fcb4dd1cbd40b13e482b8a');
    assert.deepEqual(read.problems, []);
  });

  it('verified where its digestS3Object says, plain and gzipped: unchecked signature, its log and previous digest absent', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
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
  });

  it('in the fixtures folder it sits under another account and name than its digestS3Object: moved; the real logs beside it are not-covered', async () => {
    const result = await verifyIntegrity([LOGS]);
    assert.equal(result.digests.length, 1);
    assert.equal(result.digests[0].file, FIXTURE_DIGEST);
    assert.equal(result.digests[0].status, 'moved');
    assert.ok(result.logs.length >= 5);
    assert.ok(result.logs.every((verdict) => verdict.status === 'not-covered' && verdict.sha256?.length === 64));
    assert.deepEqual(
      result.missing.map((missing) => missing.kind),
      ['log'],
    );
  });
});
