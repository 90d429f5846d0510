// SlicedQueue: work that arrives together runs in arrival order, in turns of the event loop of about the slice's
// length, and a failure reaches whoever waits for the queue instead of vanishing in a message handler.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SlicedQueue } from '../../../src/core/store/steps';

const busyFor = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

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
    assert.deepEqual(ran, [0], 'the first piece runs at once');
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
    assert.deepEqual(ran, ['a', 'a pushed', 'b', 'c']);
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
