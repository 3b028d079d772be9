import { describe, expect, it } from 'vitest';
import { chartScale } from './chart-scale';

// A digits run (cross entropy near 0.3) after a previous 3-4-1 run whose squared error was in the tens.
const previous = [
  { epoch: 1, loss: 40, valLoss: 42 },
  { epoch: 2, loss: 12, valLoss: 13 },
  { epoch: 3, loss: 0.35, valLoss: 0.4 },
  { epoch: 4, loss: 0.3, valLoss: 0.32 },
];
const epochs = [
  { epoch: 1, loss: 0.52, valLoss: 0.41 },
  { epoch: 2, loss: 0.33, valLoss: 0.3 },
];

describe('the loss chart scales to the run being watched', () => {
  it('keeps the loss axis at the current run (0 to 0.55), leaving out the previous epochs above it and past its last epoch', () => {
    const s = chartScale({ batches: [], epochs, previous, totalEpochs: 3 });
    // 0.52 is the largest current value; d3's nice() rounds up to its next tick, on a 0.05 step for about ten ticks.
    expect(s.lossTop).toBeCloseTo(0.55);
    expect(s.maxX).toBe(3);
    // Epochs 1 and 2 are above 0.55, epoch 4 is past the third: three left out, epoch 3 drawn.
    expect(s.previousLeftOut).toBe(3);
  });

  it('shows the previous run whole before the new one has a figure', () => {
    const s = chartScale({ batches: [], epochs: [], previous, totalEpochs: 3 });
    expect(s.lossTop).toBe(45);
    expect(s.maxX).toBe(4);
    expect(s.previousLeftOut).toBe(0);
  });

  it('leaves nothing out when the previous run fits', () => {
    const s = chartScale({ batches: [{ x: 0.5, loss: 0.9 }], epochs, previous: previous.slice(2, 3), totalEpochs: 3 });
    // 0.9 is already on a 0.1 tick.
    expect(s.lossTop).toBeCloseTo(0.9);
    expect(s.previousLeftOut).toBe(0);
  });
});
