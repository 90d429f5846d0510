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
 * `items` sorted by `compare` (stably, as Array.prototype.sort), in steps of about `perStep` elements sorted or merged:
 * sorted runs of `perStep`, then merged two by two. Sorting 33,000 trail calls in one step blocked the extension host
 * 130 ms.
 */
export function* sortSteps<T>(items: readonly T[], compare: (a: T, b: T) => number, perStep: number): Generator<void, T[]> {
  let from = items.slice();
  for (let start = 0; start < from.length; start += perStep) {
    const run = from.slice(start, start + perStep).sort(compare);
    for (let k = 0; k < run.length; k++) from[start + k] = run[k];
    yield;
  }
  let to = new Array<T>(from.length);
  for (let width = perStep; width < from.length; width *= 2) {
    let sinceYield = 0;
    for (let left = 0; left < from.length; left += 2 * width) {
      const middle = Math.min(left + width, from.length);
      const end = Math.min(left + 2 * width, from.length);
      let i = left;
      let j = middle;
      for (let k = left; k < end; k++) {
        // Ties take the left run's element first: the merge keeps the order of equal elements.
        to[k] = j >= end || (i < middle && compare(from[i], from[j]) <= 0) ? from[i++] : from[j++];
        if (++sinceYield === perStep) {
          sinceYield = 0;
          yield;
        }
      }
    }
    [from, to] = [to, from];
  }
  return from;
}

/** Elements zeroedSteps writes between two yields: 256 KB of a Uint32Array, about 1.3 ms of fresh pages here. */
const ZEROED_PER_STEP = 1 << 16;

/**
 * A zeroed Uint32Array of `length`, its memory written a step at a time. A fresh 4 KB page costs the machine 8–20 µs
 * at its first write: planCopies' first step wrote at random into three columns of a million events and took 25–40
 * ms of the extension host at once, where writing them ahead costs that in slices.
 */
export function* zeroedSteps(length: number): Generator<void, Uint32Array> {
  const array = new Uint32Array(length);
  for (let at = 0; at < length; at += ZEROED_PER_STEP) {
    array.fill(0, at, Math.min(length, at + ZEROED_PER_STEP));
    yield;
  }
  return array;
}

/** A generator run in slices, with what its caller waits on. */
interface SlicedJob {
  steps: Generator<void, unknown>;
  sliceMs: number;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Every sliced job of the thread shares one slice per turn of the event loop. Each job taking its own turn (a
 * setImmediate per job) let the jobs queued at once run back to back in one check phase: after a load of a million
 * events the store's copies, the cache's entries, the trails and the tree's groups were four slices in a row, and
 * the extension host did not answer for 115–129 ms. The jobs take steps in turn, so none waits for another to end;
 * a background job (writing the index cache) steps only when no other job is waiting, so that what a person waits
 * for (the tree's groups, the trails) is not slowed by work nobody waits for.
 */
class SliceScheduler {
  private waiting: SlicedJob[] = [];
  private waitingBehind: SlicedJob[] = [];
  private scheduled = false;
  /** The pause before the next slice, when only background jobs wait and the thread paces them. */
  private pause: ReturnType<typeof setTimeout> | undefined;
  /** The thread's idle time between two slices of background jobs alone (paceBackgroundJobs). */
  backgroundPauseMs = 0;

  run<T>(steps: Generator<void, T>, sliceMs: number, background: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      (background ? this.waitingBehind : this.waiting).push({ steps, sliceMs, resolve: resolve as (value: unknown) => void, reject });
      // A job someone waits for does not wait out the background's pause.
      if (!background && this.pause !== undefined) {
        clearTimeout(this.pause);
        this.pause = undefined;
        this.scheduled = false;
      }
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || (this.waiting.length === 0 && this.waitingBehind.length === 0)) return;
    this.scheduled = true;
    if (this.waiting.length > 0 || this.backgroundPauseMs <= 0) setImmediate(() => this.turn());
    else
      this.pause = setTimeout(() => {
        this.pause = undefined;
        this.turn();
      }, this.backgroundPauseMs);
  }

  /**
   * One slice: the jobs step one after another until the time since the slice began reaches the sliceMs of the job
   * whose turn it is (after the first step, so each slice makes progress); the rest wait, in order, for the next.
   */
  private turn(): void {
    this.scheduled = false;
    const started = performance.now();
    const jobs = this.waiting;
    const behind = this.waitingBehind;
    this.waiting = [];
    this.waitingBehind = [];
    let stepped = false;
    for (;;) {
      const queue = jobs.length > 0 ? jobs : behind;
      const job = queue[0];
      if (job === undefined || (stepped && performance.now() - started >= job.sliceMs)) break;
      queue.shift();
      stepped = true;
      try {
        const next = job.steps.next();
        if (next.done) job.resolve(next.value);
        else queue.push(job);
      } catch (error) {
        job.reject(error);
      }
    }
    this.waiting = jobs.concat(this.waiting);
    this.waitingBehind = behind.concat(this.waitingBehind);
    this.schedule();
  }
}

const scheduler = new SliceScheduler();

/**
 * Leaves the thread idle for `pauseMs` between two slices of background jobs when no other job waits (0, the default:
 * none). The extension host paces them: run back to back, writing the index cache after a load of a million events
 * kept the host's thread busy for 3–4 s, and Linux then kept it waiting for a processor whenever the window's renderer
 * ran, up to 71 ms at a time (npm run bench:host: 5 of 18 rounds blocked the host over 100 ms, the longest 142 ms;
 * paced at 10 ms, 1 of 16, 104 ms; with the workers at nice 19 too, none of 8, the longest 76 ms). The CLI and the
 * workers have nothing to leave the processor to.
 */
export function paceBackgroundJobs(pauseMs: number): void {
  scheduler.backgroundPauseMs = pauseMs;
}

/**
 * Runs the steps in slices of about `sliceMs` milliseconds, shared with every other sliced job of the thread, giving
 * the event loop a turn (setImmediate: timers and I/O first) between slices. The first step waits for the next slice.
 * A `background` job steps only when no other job is waiting.
 */
export function runInSlices<T>(steps: Generator<void, T>, sliceMs: number, { background = false } = {}): Promise<T> {
  return scheduler.run(steps, sliceMs, background);
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
