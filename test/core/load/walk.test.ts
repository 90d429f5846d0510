import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadPaths } from '../../../src/core/load/loadPaths';
import { BLOCKING_CALLS, expandPaths, POOLED_CALLS } from '../../../src/core/load/walk';
import { EventStore } from '../../../src/core/store/eventStore';
import { GOOD_LOG, GOOD_RECORDS } from './goodLog';
import { temporaryFolders } from './temporaryFolders';

const folders = temporaryFolders('ctlens-load-');
after(() => folders.removeAll());

/** A folder with `sub/good.json` (a real log); returns the folder and `sub`. */
function logFolder(): { folder: string; sub: string; good: string } {
  const folder = folders.make();
  const sub = path.join(folder, 'sub');
  mkdirSync(sub);
  const good = path.join(sub, 'good.json');
  copyFileSync(GOOD_LOG, good);
  return { folder, sub, good };
}

// ctlens walks with blocking calls (LoadOptions.blockingReads), the extension host through the thread pool: the same walk.
for (const blockingReads of [false, true])
  describe(`folder walk${blockingReads ? ' with blocking calls' : ''}: each real file once, loops reported, cancel stops it`, () => {
    const calls = blockingReads ? BLOCKING_CALLS : POOLED_CALLS;
    it('in a folder, an object Firehose named (no extension) is read as a log; a file with another name without one is skipped', async () => {
      const { folder, sub, good } = logFolder();
      const delivered = path.join(sub, 'cloudtrail-to-s3-1-2024-05-01-12-00-00-6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b');
      copyFileSync(GOOD_LOG, delivered);
      const other = path.join(sub, 'README');
      copyFileSync(GOOD_LOG, other);
      const walked = await expandPaths([folder], undefined, calls);
      assert.deepEqual(walked.logs.map((log) => log.file).sort(), [delivered, good].sort());
      assert.deepEqual(walked.skipped, [other]);
    });

    it('a link up.json -> .. is reported as a loop naming the link, and the log is read once', async () => {
      const { folder, sub, good } = logFolder();
      const link = path.join(sub, 'up.json');
      symlinkSync('..', link);
      const result = await loadPaths([folder], { workers: 0, blockingReads });
      assert.deepEqual(
        result.files.map((loaded) => loaded.file),
        [good],
      );
      assert.equal(result.files[0].index.count, GOOD_RECORDS.length);
      const loops = result.diagnostics.filter((diagnostic) => diagnostic.code === 'path-loop');
      assert.equal(loops.length, 1);
      assert.equal(loops[0].file, link);
      assert.ok(loops[0].message.includes(link));
    });

    it('a link up.json -> .. beside the logs of the folder given leads above it: a loop, the folder above is not walked', async () => {
      const { folder, sub, good } = logFolder();
      const link = path.join(sub, 'up.json');
      symlinkSync(path.dirname(folder), link);
      const walked = await expandPaths([sub], undefined, calls);
      assert.deepEqual(
        walked.logs.map((log) => log.file),
        [good],
      );
      assert.deepEqual(
        walked.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.file]),
        [['path-loop', link]],
      );
    });

    it('several links back up finish, with one loop each', async () => {
      const { folder, sub } = logFolder();
      const deeper = path.join(sub, 'deeper');
      mkdirSync(deeper);
      const links = ['up.json', 'top.json', 'here.json'].map((name) => path.join(deeper, name));
      symlinkSync('..', links[0]);
      symlinkSync('../..', links[1]);
      symlinkSync('.', links[2]);
      const walked = await expandPaths([folder], undefined, calls);
      assert.equal(walked.logs.length, 1);
      assert.deepEqual(
        walked.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.file]),
        [
          ['path-loop', links[2]],
          ['path-loop', links[1]],
          ['path-loop', links[0]],
        ],
      );
    });

    it('the same file given twice is read once, with a duplicate-path warning', async () => {
      const { good } = logFolder();
      const result = await loadPaths([good, good], { workers: 0, blockingReads });
      assert.equal(result.files.length, 1);
      assert.deepEqual(
        result.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity]),
        [['duplicate-path', 'warning']],
      );
      const store = new EventStore();
      store.add(result);
      assert.equal(store.size, GOOD_RECORDS.length);
      assert.deepEqual(
        store.diagnostics().map((diagnostic) => diagnostic.code),
        ['duplicate-path'],
      );
    });

    it('a symbolic link to a file already read is skipped, naming both paths', async () => {
      const { folder, sub, good } = logFolder();
      const alias = path.join(sub, 'alias.json');
      symlinkSync('good.json', alias);
      const result = await loadPaths([folder], { workers: 0, blockingReads });
      assert.deepEqual(
        result.files.map((loaded) => loaded.file),
        [alias],
      );
      const [duplicate] = result.diagnostics;
      assert.equal(duplicate.code, 'duplicate-path');
      assert.ok(duplicate.message.includes(alias) && duplicate.message.includes(good));
    });

    it('a folder reached twice (a link beside it) is walked once', async () => {
      const { folder, sub } = logFolder();
      symlinkSync(sub, path.join(folder, 'again'));
      const walked = await expandPaths([folder, sub], undefined, calls);
      assert.equal(walked.logs.length, 1);
      assert.deepEqual(
        walked.diagnostics.map((diagnostic) => diagnostic.code),
        ['duplicate-path', 'duplicate-path'],
      );
    });

    it('a dangling link in a folder is reported as unreadable, the good log still loads', async () => {
      const { folder, sub } = logFolder();
      symlinkSync('nowhere.json', path.join(sub, 'dangling.json'));
      const result = await loadPaths([folder], { workers: 0, blockingReads });
      assert.equal(result.files.find((loaded) => loaded.file.endsWith('good.json'))?.index.count, GOOD_RECORDS.length);
      assert.deepEqual(
        result.diagnostics.map((diagnostic) => diagnostic.code),
        ['file-unreadable'],
      );
    });

    it('a named pipe in a folder is not a regular file: reported without waiting for a writer', async () => {
      const { folder, sub, good } = logFolder();
      const pipe = path.join(sub, 'pipe.json');
      assert.equal(spawnSync('mkfifo', [pipe]).status, 0);
      const result = await loadPaths([folder], { workers: 0, blockingReads });
      assert.equal(result.files.find((loaded) => loaded.file === good)?.index.count, GOOD_RECORDS.length);
      assert.deepEqual(
        result.diagnostics.map((diagnostic) => [diagnostic.file, diagnostic.code]),
        [[pipe, 'file-unreadable']],
      );
    });

    it("a cancel in the middle of a folder stats no entry after those already stat'ed ahead", async () => {
      const folder = folders.make();
      for (let k = 0; k < 200; k++) copyFileSync(GOOD_LOG, path.join(folder, `log-${String(k).padStart(3, '0')}.json`));
      const controller = new AbortController();
      let stats = 0;
      let statsWhenCancelled = 0;
      const cancelling: typeof calls = {
        ...calls,
        stat: (file) => {
          if (++stats === 40) {
            controller.abort();
            statsWhenCancelled = stats;
          }
          return calls.stat(file);
        },
      };
      const walked = await expandPaths([folder], controller.signal, cancelling);
      assert.ok(walked.logs.length < 200, 'the walk stopped');
      assert.equal(stats, statsWhenCancelled, 'no stat after the cancel');
    });

    it('cancel stops the walk, not only the parsing', async () => {
      const { folder } = logFolder();
      const controller = new AbortController();
      controller.abort();
      const called: string[] = [];
      const counted: typeof calls = {
        stat: (file) => (called.push(file), calls.stat(file)),
        readdir: (file) => (called.push(file), calls.readdir(file)),
        realpath: (file) => (called.push(file), calls.realpath(file)),
      };
      const walked = await expandPaths([folder], controller.signal, counted);
      assert.deepEqual(walked.logs, []);
      assert.deepEqual(called, [], 'a call started after the cancel may outlive the folder and reject unheard');
      const result = await loadPaths([folder], { workers: 0, blockingReads, signal: controller.signal });
      assert.deepEqual(
        result.diagnostics.map((diagnostic) => diagnostic.code),
        ['cancelled'],
      );
    });
  });
