// What the process retains, for the benchmark's memory figures: the V8 heap and the memory outside it, after garbage
// collection. Outside it counts arrays whose buffers came from a worker, which `arrayBuffers` leaves out (a 100 MB
// buffer transferred from a worker showed 0.0 MB there and 101.3 MB in `external`, Node 20). The buffers of collected
// arrays are freed by a background task after the collection: 200,000 events added without EventStore.prepare still
// showed 130 MB of them right after it, gone 500 ms later; the figure is read once it stops falling.

/** Readings a second apart at most before the figure is taken as it is. */
const MAX_SETTLE_READINGS = 20;
const SETTLE_MS = 50;

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run node with --expose-gc (npm run bench does)');
  gc();
  gc();
}

function reading(): number {
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

/** Heap and external memory after collection, once freeing the collected buffers has settled. */
export async function retainedBytes(): Promise<number> {
  let last = reading();
  for (let k = 0; k < MAX_SETTLE_READINGS; k++) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const next = reading();
    if (next >= last) return next;
    last = next;
  }
  return last;
}
