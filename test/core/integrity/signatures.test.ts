import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readSignatureFiles } from '../../../src/core/integrity';
import { tempFolder } from '../load/temporaryFolders';

describe('signatures of digests given by the user', () => {
  it('a <digest>.sig hex file names its digest; a JSON map is keyed by S3 key (s3:// URLs too), path or name', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const sig = path.join(root, 'x_CloudTrail-Digest_y.json.gz.sig');
    writeFileSync(sig, 'ABCDEF01\n');
    const map = path.join(root, 'signatures.json');
    writeFileSync(map, JSON.stringify({ 's3://bucket/AWSLogs/1/CloudTrail-Digest/d.json.gz': '0a0b', 'name.json.gz': '0C0', bad: 'xyz' }));
    const signatures = await readSignatureFiles([sig, map, path.join(root, 'absent.sig')]);
    assert.equal(signatures.byName.get(path.join(root, 'x_CloudTrail-Digest_y.json.gz')), 'abcdef01');
    assert.equal(signatures.byName.get('AWSLogs/1/CloudTrail-Digest/d.json.gz'), '0a0b');
    assert.equal(signatures.byName.has('name.json.gz'), false, 'odd hex length is not a signature');
    assert.equal(signatures.problems.length, 3);
  });
});
