// Loading on worker threads, which take small files several to a task and read them with blocking calls, must give
// exactly what loading in the calling thread gives, file by file and in path order, whatever each file holds.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { loadPaths } from '../../../src/core/load/loadPaths';
import type { LoadResult } from '../../../src/core/load/loadedFile';
import { YIELDING_NICENESS } from '../../../src/core/load/workerProtocol';
import { GOOD_LOG, GOOD_TEXT } from './goodLog';
import { temporaryFolders } from './temporaryFolders';

const folders = temporaryFolders('ctlens-load-');
after(() => folders.removeAll());

/** What a load says of each file, comparable across loads. */
function summary(result: LoadResult) {
  return result.files.map((loaded) => ({
    file: loaded.file,
    format: loaded.format,
    count: loaded.index.count,
    start: [...loaded.index.start],
    eventTime: [...loaded.index.eventTime],
    eventNames: [...loaded.index.interned.eventName.ids].map((id) => loaded.index.interned.eventName.values[id]),
    diagnostics: loaded.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message]),
    size: loaded.size,
    mtimeMs: loaded.mtimeMs,
  }));
}

/** A folder of `count` small logs (real records, gzip or not), with broken and hostile files among them. */
function deliveryFolder(count: number): string {
  const folder = path.join(folders.make(), 'AWSLogs', '218007301253', 'CloudTrail', 'us-east-1', '2023', '07', '10');
  mkdirSync(folder, { recursive: true });
  const records = (JSON.parse(GOOD_TEXT) as { Records: unknown[] }).Records;
  for (let k = 0; k < count; k++) {
    const name = `218007301253_CloudTrail_us-east-1_20230710T${String(k).padStart(4, '0')}Z_file${k}.json`;
    const text = JSON.stringify({ Records: records.slice(k % records.length, (k % records.length) + 3) });
    if (k % 3 === 0) writeFileSync(path.join(folder, `${name}.gz`), gzipSync(text));
    else writeFileSync(path.join(folder, name), text);
  }
  writeFileSync(path.join(folder, '218007301253_CloudTrail_us-east-1_20230710T9990Z_cut.json.gz'), gzipSync(GOOD_TEXT).subarray(0, 300));
  writeFileSync(path.join(folder, '218007301253_CloudTrail_us-east-1_20230710T9991Z_bad.json'), '{"Records":[{"eventName":"GetObject",}]}');
  writeFileSync(path.join(folder, '218007301253_CloudTrail_us-east-1_20230710T9992Z_empty.json'), '');
  copyFileSync(GOOD_LOG, path.join(folder, '218007301253_CloudTrail_us-east-1_20230710T9993Z_whole.json'));
  return folder;
}

/**
 * The nice value of each thread of this process (Linux: field 19 of /proc/self/task/<id>/stat), the calling thread
 * first; a thread that ends between the listing and the read is left out.
 */
function threadNiceValues(): number[] {
  return readdirSync('/proc/self/task').flatMap((id) => {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${id}/stat`, 'utf8');
    } catch {
      return [];
    }
    return [Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])];
  });
}

describe('loading on worker threads', () => {
  it('gives what loading in the calling thread gives, for hundreds of small files taken several to a task, read with blocking calls or loaded by the calling thread beside a worker', async () => {
    const folder = deliveryFolder(300);
    const inThread = await loadPaths([folder], { workers: 0 });
    const onWorkers = await loadPaths([folder], { workers: 2 });
    const blocking = await loadPaths([folder], { workers: 0, blockingReads: true });
    const besideWorker: string[] = [];
    const callingThreadToo = await loadPaths([folder], { workers: 1, callingThreadLoads: true, onFile: (loaded) => besideWorker.push(loaded.file) });
    assert.equal(inThread.files.length, 304);
    assert.deepEqual(summary(onWorkers), summary(inThread));
    assert.deepEqual(onWorkers.diagnostics, inThread.diagnostics);
    assert.deepEqual(summary(blocking), summary(inThread), 'blocking reads in the calling thread (ctlens)');
    assert.deepEqual(blocking.diagnostics, inThread.diagnostics);
    assert.deepEqual(summary(callingThreadToo), summary(inThread), 'the calling thread loading beside a worker (ctlens)');
    assert.deepEqual(callingThreadToo.diagnostics, inThread.diagnostics);
    assert.equal(besideWorker.length, 304, 'every file handed to onFile once');
    const withEvents = callingThreadToo.files.filter((loaded) => loaded.index.count > 0);
    const tablesOfFiles = new Set(withEvents.map((loaded) => loaded.index.interned.eventName.values));
    assert.equal(tablesOfFiles.size, 2, "the calling thread's files and the worker's point into their own tables");
    const codes = new Set(inThread.diagnostics.map((diagnostic) => diagnostic.code));
    for (const code of ['truncated-gzip', 'invalid-json', 'empty-file'] as const) assert.ok(codes.has(code), code);
  });

  it(
    'runs yielding workers below the calling thread (Linux), and the same load gives the same result',
    { skip: process.platform !== 'linux' },
    async () => {
      const folder = deliveryFolder(40);
      const seen = new Set<number>();
      const yielding = await loadPaths([folder], {
        workers: 2,
        yieldingWorkers: true,
        onFile: () => threadNiceValues().forEach((nice) => seen.add(nice)),
      });
      assert.ok(seen.has(YIELDING_NICENESS), `nice values seen while the workers ran: ${[...seen]}`);
      assert.equal(threadNiceValues()[0], 0, 'the calling thread keeps its priority');
      assert.deepStrictEqual(summary(yielding), summary(await loadPaths([folder], { workers: 2 })));
    },
  );

  it('gives the same when a worker is sent several tasks of small files ahead (more than 9 MB of them), each file loaded once', async () => {
    const folder = path.join(folders.make(), 'AWSLogs', '218007301253', 'CloudTrail', 'us-east-1', '2023', '07', '10');
    mkdirSync(folder, { recursive: true });
    const records = (JSON.parse(GOOD_TEXT) as { Records: unknown[] }).Records;
    let bytes = 0;
    for (let k = 0; bytes < 10 * 1024 * 1024; k++) {
      const text = JSON.stringify({ Records: Array.from({ length: 30 }, (_, r) => records[(k + r) % records.length]) });
      writeFileSync(path.join(folder, `218007301253_CloudTrail_us-east-1_20230710T${String(k).padStart(4, '0')}Z_file${k}.json`), text);
      bytes += text.length;
    }
    const inThread = await loadPaths([folder], { workers: 0 });
    const loadedBeside: string[] = [];
    const besideWorker = await loadPaths([folder], { workers: 1, callingThreadLoads: true, onFile: (loaded) => loadedBeside.push(loaded.file) });
    assert.deepEqual(summary(besideWorker), summary(inThread));
    assert.deepEqual(loadedBeside.sort(), inThread.files.map((loaded) => loaded.file).sort());
  });

  it('reports progress once per file, ending with every file and event', async () => {
    const folder = deliveryFolder(130);
    const seen: number[] = [];
    let events = 0;
    const result = await loadPaths([folder], {
      workers: 2,
      onProgress: (progress) => {
        seen.push(progress.filesDone);
        events = progress.events;
      },
    });
    assert.deepEqual(
      seen,
      result.files.map((_, k) => k + 1),
    );
    assert.equal(
      events,
      result.files.reduce((sum, loaded) => sum + loaded.index.count, 0),
    );
  });
});
