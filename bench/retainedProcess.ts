// What a store keeps of a loaded folder, as the extension holds it, in a child process of the whole-process benchmark:
// `node --expose-gc dist/bench-retained.js FOLDER` loads FOLDER on workers, each file prepared as it arrives, adds
// it, and prints one JSON line {events, files, bytes}: the growth of what the process retains (bench/retained.ts).

import { EventStore, loadPaths } from '../src/core';
import { retainedBytes } from './retained';

async function main(): Promise<void> {
  const folder = process.argv[2];
  if (folder === undefined) throw new Error('usage: bench-retained.js FOLDER');
  const before = await retainedBytes();
  const store = new EventStore();
  const result = await loadPaths([folder], { onFile: (loaded) => store.prepare(loaded) });
  const files = result.files.length;
  store.add(result);
  // The result's files read their events from the store now; let them go, as the extension does.
  result.files.length = 0;
  const bytes = (await retainedBytes()) - before;
  process.stdout.write(`${JSON.stringify({ events: store.size, files, bytes })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
