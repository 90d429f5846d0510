import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { runVerify } from '../../src/cli/verifyCommand';
import { makeKeyPair, publicKeysJson, TRAIL, writeTrail } from '../core/integrity/deliveryFolder';
import { temporaryFolders } from '../core/load/temporaryFolders';

const KEYS = makeKeyPair();
const folders = temporaryFolders('ctlens-integrity-');
after(() => folders.removeAll());

async function verify(args: string[]): Promise<{ status: number; lines: Record<string, unknown>[]; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  out.on('data', (chunk: Buffer) => stdout.push(chunk));
  err.on('data', (chunk: Buffer) => stderr.push(chunk));
  const status = await runVerify(args, out, err);
  const text = Buffer.concat(stdout).toString();
  const lines = text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { status, lines, stdout: text, stderr: Buffer.concat(stderr).toString() };
}

function folderWithKeys(hours: number) {
  const root = folders.make();
  const trail = writeTrail(root, TRAIL, hours, 2, KEYS);
  const keys = path.join(root, 'keys.json');
  writeFileSync(keys, publicKeysJson(KEYS));
  const signature = path.join(root, `${path.basename(trail.digests[hours - 1])}.sig`);
  writeFileSync(signature, trail.signatures.get(trail.digests[hours - 1]) as string);
  return { root, trail, keys, signature };
}

describe('ctlens verify', () => {
  it('a valid folder: one line per digest and log, the summary last, exit 0', async () => {
    const { root, keys, signature, trail } = folderWithKeys(2);
    const signatureMap = path.join(root, 'signatures.json');
    writeFileSync(signatureMap, JSON.stringify({ [trail.digests[1]]: trail.signatures.get(trail.digests[1]) }));
    for (const signatureFile of [signature, signatureMap]) {
      const run = await verify([path.join(root, 'amzn-s3-demo-bucket'), '--public-keys', keys, '--signature', signatureFile]);
      assert.equal(run.status, 0, run.stdout + run.stderr);
      const summary = run.lines[run.lines.length - 1];
      assert.deepEqual(summary, { logs: { valid: 4 }, digests: { valid: 2 }, missing: [], gaps: [] });
      const files = run.lines.slice(0, -1);
      assert.deepEqual(files.map((line) => `${line.kind} ${line.status}`).sort(), [
        'digest valid',
        'digest valid',
        'log valid',
        'log valid',
        'log valid',
        'log valid',
      ]);
      const log = files.find((line) => line.file === trail.logs[0][0]);
      assert.equal(log?.digest, trail.digests[0]);
      assert.ok(Array.isArray(log?.reasons));
    }
  });

  it('key and signature files kept among the logs are not judged as logs', async () => {
    const { root, trail } = folderWithKeys(2);
    const bucket = path.join(root, 'amzn-s3-demo-bucket');
    const keysInside = path.join(bucket, 'public-keys.json');
    writeFileSync(keysInside, publicKeysJson(KEYS));
    const signatureMap = path.join(bucket, 'signatures.json');
    writeFileSync(signatureMap, JSON.stringify({ [trail.digests[1]]: trail.signatures.get(trail.digests[1]) }));
    const run = await verify([bucket, '--public-keys', keysInside, '--signature', signatureMap]);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const judged = run.lines.slice(0, -1).map((line) => line.file);
    assert.ok(!judged.includes(keysInside) && !judged.includes(signatureMap), judged.join(', '));
    assert.deepEqual(run.lines[run.lines.length - 1].logs, { valid: 4 });
  });

  it('a changed log, or no signature for the newest digest: exit 1, the verdicts say which', async () => {
    const { root, keys, signature, trail } = folderWithKeys(2);
    const bucket = path.join(root, 'amzn-s3-demo-bucket');
    const unsigned = await verify([bucket, '--public-keys', keys]);
    assert.equal(unsigned.status, 1);
    assert.deepEqual((unsigned.lines[unsigned.lines.length - 1] as { digests: unknown }).digests, { valid: 1, 'signature-unchecked': 1 });
    const target = trail.logs[1][1];
    writeFileSync(target, gzipSync(Buffer.concat([gunzipSync(readFileSync(target)), Buffer.from(' ')])));
    const changed = await verify([bucket, '--public-keys', keys, '--signature', signature]);
    assert.equal(changed.status, 1);
    assert.equal(changed.lines.find((line) => line.file === target)?.status, 'modified');
  });

  it('usage errors: no path, an unknown option, an option without files: exit 2; --help: the usage, exit 0', async () => {
    assert.equal((await verify([])).status, 2);
    assert.equal((await verify(['--public-keys', 'keys.json'])).status, 2);
    const unknown = await verify(['folder', '--sign', 'x']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown option --sign/);
    assert.equal((await verify(['folder', '--signature'])).status, 2);
    const help = await verify(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /ctlens verify PATH\.\.\. \[--public-keys FILE\.\.\.\] \[--signature FILE\.\.\.\]/);
  });

  it('record-derived text is printed escaped; an unreadable keys file is reported and exits 1', async () => {
    const root = folders.make();
    const trail = writeTrail(root, TRAIL, 1, 1, KEYS);
    const digest = trail.digests[0];
    const json = JSON.parse(gunzipSync(readFileSync(digest)).toString());
    json.logFiles[0].s3Object = 'AWSLogs/x/\u001b]0;owned\u0007\u202e.json.gz';
    writeFileSync(digest, gzipSync(JSON.stringify(json)));
    const run = await verify([root, '--public-keys', path.join(root, 'absent.json')]);
    assert.equal(run.status, 1);
    for (const raw of ['\u001b', '\u0007', '\u202e']) assert.ok(!run.stdout.includes(raw), `raw ${JSON.stringify(raw)} printed`);
    assert.match(run.stdout, /\\u001b\]0;owned/);
    assert.match(run.stderr, /absent\.json: cannot be read/);
  });
});
