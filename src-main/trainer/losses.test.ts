import { beforeAll, describe, expect, it } from 'vitest';
import { LOSSES } from '../../src-shared/training/settings';
import { useBackend, type Tf } from './backend';
import { EPSILON, LOSS_FNS } from './losses';

let tf: Tf;
beforeAll(async () => {
  ({ tf } = await useBackend('cpu'));
});

const value = (loss: (typeof LOSSES)[number], t: number[][], y: number[][]) =>
  tf.tidy(() => LOSS_FNS[loss](tf, tf.tensor2d(t), tf.tensor2d(y)).dataSync()[0]!);

describe('losses, against hand computation', () => {
  it('mean squared error', () => {
    // ((0.5-1)^2 + (0.2-0)^2 + (3-1)^2 + (1-1)^2) / 4
    expect(value('mse', [[1, 0], [1, 1]], [[0.5, 0.2], [3, 1]])).toBeCloseTo((0.25 + 0.04 + 4 + 0) / 4, 5);
  });
  it('mean absolute error', () => {
    expect(value('mae', [[1, 0], [1, 1]], [[0.5, 0.2], [3, 1]])).toBeCloseTo((0.5 + 0.2 + 2 + 0) / 4, 5);
  });
  it('binary cross entropy', () => {
    const want = -(Math.log(0.9) + Math.log(1 - 0.3)) / 2;
    expect(value('bce', [[1], [0]], [[0.9], [0.3]])).toBeCloseTo(want, 5);
  });
  it('categorical cross entropy', () => {
    const want = -(Math.log(0.7) + Math.log(0.5)) / 2;
    expect(value('cce', [[1, 0, 0], [0, 0, 1]], [[0.7, 0.2, 0.1], [0.3, 0.2, 0.5]])).toBeCloseTo(want, 5);
  });
  it('KL divergence', () => {
    const t = [0.5, 0.5];
    const p = [0.8, 0.2];
    const want = t[0]! * Math.log(t[0]! / p[0]!) + t[1]! * Math.log(t[1]! / p[1]!);
    expect(value('kld', [t], [p])).toBeCloseTo(want, 5);
    expect(value('kld', [[1, 0]], [[0.7, 0.3]])).toBeCloseTo(-Math.log(0.7), 5);
  });
  it('clips probabilities, so that a confident mistake is large but finite', () => {
    for (const loss of ['bce', 'cce', 'kld'] as const) {
      const v = loss === 'bce' ? value(loss, [[1]], [[0]]) : value(loss, [[1, 0]], [[0, 1]]);
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeCloseTo(-Math.log(EPSILON), 0);
    }
  });
});
