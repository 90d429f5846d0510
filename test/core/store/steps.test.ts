// sortSteps: sorts as Array.prototype.sort does, stably, a bounded amount of work per step.
// runInSlices: the sliced jobs of a thread share one slice per turn of the event loop, taking steps in turn, a
// background job's only when no other job waits.
// zeroedSteps: a zeroed array whose memory is written a bounded amount per step.
// SlicedQueue: work that arrives together runs in arrival order, in turns of the event loop of about the slice's
// length, and a failure reaches whoever waits for the queue instead of vanishing in a message handler.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { paceBackgroundJobs, runInSlices, runToEnd, SlicedQueue, sortSteps, zeroedSteps } from '../../../src/core/store/steps';

const busyFor = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

/** Counts turns of the event loop: a setImmediate set from a setImmediate runs in the next turn. */
function turnCounter(): { readonly turn: number; stop(): void } {
  let turn = 0;
  let running = true;
  const tick = () => {
    turn++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    get turn() {
      return turn;
    },
    stop: () => (running = false),
  };
}

describe('sortSteps', () => {
  it('sorts as Array.prototype.sort, equal elements in their order, leaving its input as it was', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), fc.integer({ min: 1, max: 40 }), (keys, perStep) => {
        const items = keys.map((key, position) => ({ key, position }));
        const before = items.slice();
        const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;
        assert.deepEqual(runToEnd(sortSteps(items, byKey, perStep)), items.slice().sort(byKey));
        assert.deepEqual(items, before);
      }),
      { numRuns: 500 },
    );
  });

  it('yields after at most perStep elements sorted or merged', () => {
    const perStep = 64;
    const compared: number[] = [];
    let comparisons = 0;
    const steps = sortSteps(
      Array.from({ length: 5000 }, (_, k) => (k * 7919) % 5000),
      (a, b) => (comparisons++, a - b),
      perStep,
    );
    let next = steps.next();
    for (; !next.done; next = steps.next()) {
      compared.push(comparisons);
      comparisons = 0;
    }
    assert.deepEqual(
      next.value,
      Array.from({ length: 5000 }, (_, k) => k),
    );
    // A run of 64 sorts in at most 64·log2(64) comparisons; a merge step compares at most once per element placed.
    assert.ok(Math.max(...compared) <= perStep * 6, `most comparisons in one step: ${Math.max(...compared)}`);
    assert.ok(compared.length >= 5000 / perStep, `${compared.length} steps`);
  });
});

describe('zeroedSteps', () => {
  it('gives a zeroed array of the length asked, its memory written 256 KB a step', () => {
    fc.assert(
      fc.property(fc.nat(1 << 19), (length) => {
        const steps = zeroedSteps(length);
        let yields = 0;
        let next = steps.next();
        for (; !next.done; next = steps.next()) yields++;
        const array = next.value;
        assert.equal(array.length, length);
        assert.ok(array.every((value) => value === 0));
        assert.equal(yields, Math.ceil(length / (1 << 16)));
      }),
      { numRuns: 30 },
    );
  });
});

describe('runInSlices', () => {
  it('gives jobs started together one slice per turn between them, a step each in turn', async () => {
    const counter = turnCounter();
    const steps: { job: string; turn: number }[] = [];
    function* job(name: string, count: number): Generator<void, string> {
      for (let k = 0; k < count; k++) {
        steps.push({ job: name, turn: counter.turn });
        yield;
      }
      return name;
    }
    // A slice of 0 ms is one step: two jobs run on their own turns would each take one in the same turn.
    const done = await Promise.all([runInSlices(job('a', 3), 0), runInSlices(job('b', 3), 0)]);
    counter.stop();
    assert.deepEqual(done, ['a', 'b']);
    assert.deepEqual(
      steps.map(({ job }) => job),
      ['a', 'b', 'a', 'b', 'a', 'b'],
    );
    const turns = steps.map(({ turn }) => turn);
    assert.equal(new Set(turns).size, turns.length, `steps by turn: ${turns.join(', ')}`);
  });

  it('steps a background job only when no other job is waiting', async () => {
    const steps: string[] = [];
    function* job(name: string, count: number): Generator<void, void> {
      for (let k = 0; k < count; k++) {
        steps.push(name);
        yield;
      }
    }
    const behind = runInSlices(job('cache', 3), 0, { background: true });
    await Promise.all([runInSlices(job('tree', 2), 0), runInSlices(job('trails', 2), 0), behind]);
    assert.deepEqual(steps, ['tree', 'trails', 'tree', 'trails', 'cache', 'cache', 'cache']);
  });

  it('paced, leaves the thread idle between slices of background jobs alone, and a job someone waits for runs at once', async () => {
    const PAUSE_MS = 40;
    const log: string[] = [];
    const stepTimes: number[] = [];
    let waitedFor: Promise<void> | undefined;
    function* tree(): Generator<void, void> {
      log.push('tree');
      yield;
    }
    function* cache(): Generator<void, void> {
      for (let k = 0; k < 3; k++) {
        log.push('cache');
        stepTimes.push(performance.now());
        // In the pause after this slice, a job someone waits for arrives: it runs in that turn of the event loop,
        // before a timer set after it, not once the pause is over.
        if (k === 0)
          setTimeout(() => {
            waitedFor = runInSlices(tree(), 0);
            setTimeout(() => log.push('timer'), 1);
          }, 5);
        yield;
      }
    }
    paceBackgroundJobs(PAUSE_MS);
    try {
      await runInSlices(cache(), 0, { background: true });
      await waitedFor;
    } finally {
      paceBackgroundJobs(0);
    }
    assert.deepEqual(log, ['cache', 'tree', 'timer', 'cache', 'cache']);
    // setTimeout waits at least its delay, give or take the millisecond Node rounds it to.
    for (let k = 1; k < stepTimes.length; k++) assert.ok(stepTimes[k] - stepTimes[k - 1] >= PAUSE_MS - 1, `${stepTimes[k] - stepTimes[k - 1]} ms`);
  });

  it('runs several steps of several jobs in one slice when they are short', async () => {
    const counter = turnCounter();
    const turns: number[] = [];
    function* job(count: number): Generator<void, void> {
      for (let k = 0; k < count; k++) {
        turns.push(counter.turn);
        yield;
      }
    }
    await Promise.all([runInSlices(job(50), 1000), runInSlices(job(50), 1000)]);
    counter.stop();
    assert.equal(new Set(turns).size, 1, 'a hundred empty steps fit in one slice of a second');
  });

  it("rejects a job with its step's error and goes on with the others", async () => {
    function* failing(): Generator<void, void> {
      yield;
      throw new Error('step two');
    }
    function* counting(): Generator<void, number> {
      let count = 0;
      for (; count < 5; count++) yield;
      return count;
    }
    const [failed, counted] = await Promise.allSettled([runInSlices(failing(), 0), runInSlices(counting(), 0)]);
    assert.equal(failed.status, 'rejected');
    assert.match(String((failed as PromiseRejectedResult).reason), /step two/);
    assert.deepEqual(counted, { status: 'fulfilled', value: 5 });
  });
});

describe('SlicedQueue', () => {
  it('runs work in arrival order and gives the event loop a turn between slices', async () => {
    const queue = new SlicedQueue(10);
    const ran: number[] = [];
    let turns = 0;
    const ticker = setInterval(() => turns++, 1);
    // Eight pieces of 6 ms pushed at once, as two workers' replies in one turn: at most two in a 10 ms slice.
    for (let k = 0; k < 8; k++)
      queue.push(() => {
        busyFor(6);
        ran.push(k);
      });
    assert.deepEqual(ran, [], 'work waits for a slice of its own');
    await queue.idle();
    clearInterval(ticker);
    assert.deepEqual(ran, [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.ok(turns >= 3, `the timer ran ${turns} times while the queue drained`);
  });

  it('takes work pushed by running work or after the queue was idle, in order', async () => {
    const queue = new SlicedQueue(0);
    const ran: string[] = [];
    queue.push(() => {
      ran.push('a');
      queue.push(() => ran.push('a pushed'));
    });
    queue.push(() => ran.push('b'));
    await queue.idle();
    queue.push(() => ran.push('c'));
    await queue.idle();
    assert.deepEqual(ran, ['a', 'b', 'a pushed', 'c']);
  });

  it('rejects idle() with the error a piece of work threw, and runs none after it', async () => {
    const queue = new SlicedQueue(0);
    const ran: number[] = [];
    queue.push(() => {
      throw new Error('first');
    });
    queue.push(() => ran.push(2));
    await assert.rejects(queue.idle(), /first/);
    assert.deepEqual(ran, []);
  });
});
