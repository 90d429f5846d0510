// A log file's version for the index cache (src/core/load/fileVersion.ts), read with promises or with blocking calls
// (on a worker for a folder's thousands of files): both ways give the same version of every file, nothing for what
// is not a readable file, and a new version when either sampled end changes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileVersion, fileVersionBlocking, SAMPLE_BYTES, type FileVersion } from '../../../src/core/load/fileVersion';
import { IndexCache } from '../../../src/core/load/indexCache';
import { versionsOnWorker } from '../../../src/core/load/workerPool';
import { temporaryFolders } from './temporaryFolders';

const folders = temporaryFolders('ctlens-version-');

/** Files of every size the sampling treats apart, a folder and a path that does not exist. */
function filesOfEverySize(): { folder: string; paths: string[] } {
  const folder = folders.make();
  const sizes = [0, 1, 100, SAMPLE_BYTES - 1, 2 * SAMPLE_BYTES, 2 * SAMPLE_BYTES + 1, 5 * SAMPLE_BYTES + 17];
  const paths = sizes.map((size, k) => {
    const file = path.join(folder, `log-${k}.json`);
    writeFileSync(file, Buffer.alloc(size, 0x61 + k));
    return file;
  });
  mkdirSync(path.join(folder, 'a-folder.json'));
  return { folder, paths: [...paths, path.join(folder, 'a-folder.json'), path.join(folder, 'missing.json')] };
}

async function versionWithPromises(file: string): Promise<FileVersion | undefined> {
  return fileVersion(file).catch(() => undefined);
}

describe('file versions', () => {
  after(() => folders.removeAll());

  it('are the same read with promises, with blocking calls and on a worker; nothing for a folder or a missing file', async () => {
    const { paths } = filesOfEverySize();
    const withPromises = await Promise.all(paths.map(versionWithPromises));
    assert.equal(withPromises.filter((version) => version !== undefined).length, paths.length - 2);
    assert.deepEqual(withPromises.slice(-2), [undefined, undefined]);
    assert.deepEqual(paths.map(fileVersionBlocking), withPromises);
    assert.deepEqual(await versionsOnWorker(paths), withPromises);
    // A file within both samples is hashed whole: the empty one to the SHA-256 of nothing.
    assert.equal(withPromises[0]?.sample, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(withPromises[2]?.sample, createHash('sha256').update(readFileSync(paths[2])).digest('hex'));
  });

  it('change when a byte of either sampled end changes, not when one between them does (size and mtime kept)', () => {
    const folder = folders.make();
    const file = path.join(folder, 'large.json');
    writeFileSync(file, Buffer.alloc(3 * SAMPLE_BYTES, 0x20));
    const written = new Date('2024-01-01T00:00:00Z');
    const rewrite = (at: number) => {
      const bytes = readFileSync(file);
      bytes[at] = 0x09;
      writeFileSync(file, bytes);
      utimesSync(file, written, written);
      return fileVersionBlocking(file);
    };
    const first = rewrite(SAMPLE_BYTES + 10);
    assert.deepEqual(rewrite(2 * SAMPLE_BYTES - 10), first, 'a byte between the sampled ends');
    const head = rewrite(0);
    assert.notDeepEqual(head, first, 'a byte of the first 64 KB');
    assert.notDeepEqual(rewrite(3 * SAMPLE_BYTES - 1), head, 'a byte of the last 64 KB');
  });

  it("a cache's versions of a folder of many files, read on a worker, are those it reads one by one", async () => {
    const { folder, paths } = filesOfEverySize();
    const many = [...paths];
    for (let k = 0; k < 520; k++) {
      const file = path.join(folder, `small-${k}.json`);
      writeFileSync(file, `{"Records":[{"eventName":"GetObject${k}"}]}`);
      many.push(file);
    }
    const cache = new IndexCache(folders.make());
    assert.deepEqual(await cache.versionsOf(many), await Promise.all(many.map(versionWithPromises)));
  });

  it('a worker asked after its signal aborted reads nothing', async () => {
    const { paths } = filesOfEverySize();
    assert.deepEqual(
      await versionsOnWorker(paths, AbortSignal.abort()),
      paths.map(() => undefined),
    );
  });
});
