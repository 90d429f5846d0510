import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { publicKeyFingerprint, readPublicKeyFiles } from '../../../src/core/integrity';
import { makeKeyPair, publicKeysJson } from './deliveryFolder';
import { tempFolder } from '../load/temporaryFolders';

// The example output of `aws cloudtrail list-public-keys` in the AWS CLI reference
// (https://docs.aws.amazon.com/cli/latest/reference/cloudtrail/list-public-keys.html).
const AWS_EXAMPLE_VALUE =
  'MIIBCgKCAQEAlSS3cl92HDycr/MTj0moOhas8habjrraXw+KzlWF0axSI2tcF+3iJ9BKQAVSKxGwxwu3m0wG3J+kUl1xboEcEPHYoIYMbgfSw7KGnuDKwkLzsQWhUJ0cIbOHASox1vv/5fNXkrHhGbDCHeVXm804c83nvHUEFYThr1PfyP/8HwrCtR3FX5OANtQCP61C1nJtSSkC8JSQUOrIP4CuwJjc+4WGDk+BGH5m9iuiAKkipEHWmUl8/P7XpfpWQuk4h8g3pXZOrNXr08lbh4d39svj7UqdhvOXoBISp9t/EXYuePGEtBdrKD9Dz+VHwyUPtBQvYr9BnkF88qBnaPNhS44rzwIDAQAB';
const AWS_EXAMPLE_FINGERPRINT = '7f3f401420072e50a65a141430817ab3';

describe('public keys of list-public-keys output', () => {
  it('the fingerprint is the MD5 of the DER value, as in AWS’s example output', () => {
    assert.equal(publicKeyFingerprint(Buffer.from(AWS_EXAMPLE_VALUE, 'base64')), AWS_EXAMPLE_FINGERPRINT);
  });

  it('several files merge; unreadable files, bad values and wrong stated fingerprints are problems, not throws', async (t) => {
    const root = tempFolder(t, 'ctlens-integrity-');
    const first = makeKeyPair();
    const second = makeKeyPair();
    const files = ['a.json', 'b.json', 'bad.json', 'lying.json', 'absent.json'].map((name) => path.join(root, name));
    writeFileSync(files[0], publicKeysJson(first));
    writeFileSync(
      files[1],
      JSON.stringify({ PublicKeyList: [{ Value: AWS_EXAMPLE_VALUE, Fingerprint: AWS_EXAMPLE_FINGERPRINT }, { Value: 'bm90IGEga2V5' }] }),
    );
    writeFileSync(files[2], '{"PublicKeyList": ');
    writeFileSync(files[3], JSON.stringify({ PublicKeyList: [{ Value: second.value, Fingerprint: first.fingerprint }] }));
    const keys = await readPublicKeyFiles(files);
    assert.deepEqual([...keys.byFingerprint.keys()].sort(), [first.fingerprint, second.fingerprint, AWS_EXAMPLE_FINGERPRINT].sort());
    assert.equal(keys.byFingerprint.get(first.fingerprint)?.source, files[0], 'a lying entry does not replace the real key');
    assert.equal(keys.problems.length, 4);
    assert.match(keys.problems.join('\n'), /PublicKeyList\[1\]: Value is not a DER PKCS#1 RSA public key/);
    assert.match(keys.problems.join('\n'), new RegExp(`stated Fingerprint ${first.fingerprint} is not the MD5 of its Value`));
    assert.match(keys.problems.join('\n'), /bad\.json: cannot be read as JSON/);
    assert.match(keys.problems.join('\n'), /absent\.json: cannot be read/);
  });
});
