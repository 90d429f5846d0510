// Work written once as a generator of steps (it yields between files, or every few thousand events) runs two ways:
// at once for the CLI and the tests, or in slices of a few milliseconds for the extension, whose host must answer
// the editor meanwhile (a million events took over a second in one go).

/** Runs every step now and returns the result. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * Runs the steps in slices of about `sliceMs` milliseconds, giving the event loop a turn (setImmediate: timers and
 * I/O first) between slices.
 */
export async function runInSlices<T>(steps: Generator<void, T>, sliceMs: number): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}
