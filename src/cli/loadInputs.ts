// Loading the PATH arguments into a store, with a progress line on a terminal.

import {
  cacheLoad,
  cappedWorkerCount,
  EventStore,
  IndexCache,
  lensTerms,
  lineageTerms,
  loadPaths,
  usesLineageTerms,
  type DerivedTerms,
  type NoiseLens,
  type SessionLinks,
  formatCount,
} from '../core';
import { progressReporter } from './output';

/**
 * Loads the paths into a fresh store (--workers capped at the machine's parallelism, --max-text-mb as maxTextBytes,
 * through the index cache in --cache-dir when given, its writes finished before the store is returned).
 */
export async function loadInputs(paths: string[], workers?: number, maxTextBytes?: number, cacheDir?: string): Promise<EventStore> {
  if (workers !== undefined && cappedWorkerCount(workers) < workers)
    process.stderr.write(`ctlens: --workers ${workers} capped at ${cappedWorkerCount(workers)}, the number of threads this machine runs at once\n`);
  const progress = progressReporter();
  // A cache that cannot be used only costs the time it would have saved: a warning, not a failed run.
  const cache = cacheDir === undefined ? undefined : new IndexCache(cacheDir, { onError: (message) => process.stderr.write(`ctlens: ${message}\n`) });
  const store = new EventStore({ blockingReads: true });
  const result = await loadPaths(paths, {
    workers,
    maxTextBytes,
    cache,
    blockingReads: true,
    callingThreadLoads: true,
    // Each file joins the store's string tables while the workers load the next ones.
    onFile: (loaded) => store.prepare(loaded),
    onProgress: (p) =>
      progress(
        `ctlens: ${p.filesDone}/${p.filesTotal} files, ${formatCount(p.events)} events, ${Math.round(p.bytesDone / 1048576)}/${Math.round(p.bytesTotal / 1048576)} MB`,
      ),
  });
  progress.done();
  store.add(result);
  await cacheLoad(cache, result, store);
  await cache?.flush();
  return store;
}

/** The noise lenses whose events --hide-noise leaves out, and the principal patterns of the monitoring lens (--monitoring). */
export interface NoiseOptions {
  hideNoise: readonly NoiseLens[];
  monitoring: readonly string[];
}

/**
 * Ids selected by --filter and --hide-noise (all without either); a wrong query is a usage error. The lenses are
 * the filter's terms -noise:LENS, as the tree applies them. origin: and session: terms build the session links first.
 */
export async function selectIds(
  store: EventStore,
  filter: string | undefined,
  links: SessionLinks,
  noise: NoiseOptions = { hideNoise: [], monitoring: [] },
): Promise<{ ok: true; ids: Uint32Array } | { ok: false; message: string }> {
  const query = [filter ?? '', lensTerms(noise.hideNoise)].filter((part) => part.trim() !== '').join(' ');
  if (query === '') return { ok: true, ids: store.allIds() };
  let derived: DerivedTerms | undefined;
  if (usesLineageTerms(query)) {
    await links.update();
    derived = await lineageTerms(links, query);
  }
  const result = store.query(query, derived, { monitoringPrincipals: noise.monitoring });
  if (result.ok) return result;
  const { message, term, start, end } = result.error;
  return { ok: false, message: `invalid --filter: ${message} (term "${term}" at ${start}-${end})` };
}
