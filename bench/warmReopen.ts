// Warm reopen (issue 14): the same folder loaded a second time through the on-disk index cache. The cold load reads
// and indexes every file on the workers and writes each index to the cache (the writes are flushed inside the
// figure); the warm load, with a fresh cache object as a new window has, finds every file in the cache and reads
// none. Both figures include EventStore.add, since the tree shows once the store has the events.

import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { cacheLoad, EventStore, IndexCache, loadPaths } from '../src/core';

export interface WarmReopenFigures {
  /** loadPaths + EventStore.add with an empty cache, the cache's writes included (ms). */
  coldMs: number;
  /** loadPaths + EventStore.add with every file in the cache (ms). */
  warmMs: number;
  /** CPU time of the process during the warm load (ms, all threads): what the wall time would be on an idle machine
   *  with one core, since a warm load reads no file on the workers. */
  warmCpuMs: number;
  /** Events in the store after the warm load (the cold load's count, or the figures would not compare). */
  events: number;
  /** Entries in the cache folder and their bytes on disk. */
  entries: number;
  bytes: number;
}

async function timedLoad(folder: string, cache: IndexCache): Promise<{ ms: number; cpuMs: number; events: number }> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const store = new EventStore();
  const result = await loadPaths([folder], { cache });
  store.add(result);
  await cacheLoad(cache, result, store);
  await cache.flush();
  const cpu = process.cpuUsage(cpuStart);
  return { ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000, events: store.size };
}

/** Cold then warm load of `folder` through a cache in `cacheFolder` (emptied first). */
export async function timeWarmReopen(folder: string, cacheFolder: string): Promise<WarmReopenFigures> {
  rmSync(cacheFolder, { recursive: true, force: true });
  mkdirSync(cacheFolder, { recursive: true });
  const errors: string[] = [];
  const options = { maxBytes: 4 * 1024 * 1024 * 1024, onError: (message: string) => errors.push(message) };
  const cold = await timedLoad(folder, new IndexCache(cacheFolder, options));
  const warm = await timedLoad(folder, new IndexCache(cacheFolder, options));
  if (errors.length > 0) throw new Error(errors.join('\n'));
  if (warm.events !== cold.events) throw new Error(`warm reopen: ${warm.events} events, cold ${cold.events}`);
  const names = readdirSync(cacheFolder);
  const bytes = names.reduce((sum, name) => sum + statSync(path.join(cacheFolder, name)).size, 0);
  return { coldMs: cold.ms, warmMs: warm.ms, warmCpuMs: warm.cpuMs, events: warm.events, entries: names.length, bytes };
}
