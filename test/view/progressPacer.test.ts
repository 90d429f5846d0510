import { strict as assert } from 'node:assert';
import { ProgressPacer } from '../../src/view/progressPacer';

describe('ProgressPacer', () => {
  it('shows the first update, then at most one per interval, and always the last', () => {
    let clock = 1000;
    const pacer = new ProgressPacer(250, () => clock);
    const shown: number[] = [];
    for (let update = 0; update < 100; update++) {
      clock = 1000 + update * 10;
      if (pacer.due(update === 99)) shown.push(clock);
    }
    // Updates every 10 ms over 990 ms: at 0, 250, 500, 750 ms, and the last at 990 ms.
    assert.deepEqual(shown, [1000, 1250, 1500, 1750, 1990]);
  });

  it('shows every update that comes an interval or more after the one shown before', () => {
    let clock = 0;
    const pacer = new ProgressPacer(250, () => clock);
    const due = [0, 300, 400, 550, 551, 900].map((at) => {
      clock = at;
      return pacer.due(false);
    });
    assert.deepEqual(due, [true, true, false, true, false, true]);
  });
});
