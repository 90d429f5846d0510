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

/**
 * Work that arrives over time (the files load workers hand back, up to sixteen in one message and from two workers
 * in one turn), run in arrival order in slices of about `sliceMs` milliseconds, a turn of the event loop between
 * slices however much arrives at once.
 */
export class SlicedQueue {
  private readonly waiting: Array<() => void> = [];
  private next = 0;
  private draining: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;

  constructor(private readonly sliceMs: number) {}

  push(work: () => void): void {
    this.waiting.push(work);
    this.draining ??= this.drain();
  }

  /** Resolves once everything pushed so far has run; rejects with the first error a piece of work threw. */
  async idle(): Promise<void> {
    while (this.draining !== undefined) await this.draining;
    if (this.failure !== undefined) throw this.failure.error;
  }

  private async drain(): Promise<void> {
    try {
      // Work pushed in the turn that ran the last step, after the steps ended, is taken by the next round.
      while (this.next < this.waiting.length) await runInSlices(this.steps(), this.sliceMs);
    } catch (error) {
      this.failure ??= { error };
    } finally {
      this.draining = undefined;
    }
  }

  private *steps(): Generator<void, void> {
    while (this.next < this.waiting.length) {
      const work = this.waiting[this.next];
      this.waiting[this.next++] = noWork;
      work();
      yield;
    }
    this.waiting.length = 0;
    this.next = 0;
  }
}

const noWork = () => undefined;
