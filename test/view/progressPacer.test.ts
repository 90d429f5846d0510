// How often a long load's progress notification is redrawn (src/view/progressPacer.ts).
import assert from 'node:assert/strict';
import test from 'node:test';
import { ProgressPacer } from '../../src/view/progressPacer';

test('a pacer shows the first update, then at most one per interval, and always the last', () => {
  let clock = 1000;
  const pacer = new ProgressPacer(250, () => clock);
  const shown: number[] = [];
  for (let update = 0; update < 100; update++) {
    clock = 1000 + update * 10;
    if (pacer.due(update === 99)) shown.push(clock);
  }
  // An update every 10 ms for 990 ms: those at 0, 250, 500 and 750 ms, and the last, at 990 ms.
  assert.deepEqual(shown, [1000, 1250, 1500, 1750, 1990]);
});

test('a pacer shows each update that comes an interval or more after the last one shown', () => {
  let clock = 0;
  const pacer = new ProgressPacer(250, () => clock);
  const due = [0, 300, 400, 550, 551, 900].map((at) => {
    clock = at;
    return pacer.due(false);
  });
  assert.deepEqual(due, [true, true, false, true, false, true]);
});
