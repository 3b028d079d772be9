/** GRU's shape and count against hand values, in Keras's convention (reset_after, two bias vectors per gate). */
import { describe, expect, it } from 'vitest';
import { summarize } from '../graph/summary';
import type { Layer } from './registry';

const input = (shape: number[]): Layer => ({ kind: 'input', id: 'in', shape });
const gru = (units: number, returnSequences = false): Layer => ({ kind: 'gru', id: 'gru', units, returnSequences, useBias: true });

describe('gru', () => {
  it('64 units over 28 features: 3 x (64 x (28 + 64) + 2 x 64) = 18,048', () => {
    const s = summarize([input([28, 28]), gru(64)]);
    expect(s.errors).toEqual([]);
    expect(s.layers[1]).toMatchObject({
      outputShape: [64],
      weights: 3 * 64 * 92,
      biases: 3 * 2 * 64,
      trainable: 18_048,
      nonTrainable: 0,
      params: 18_048,
      arithmetic: '3 x (64 x (28 + 64) + 2 x 64) = 18,048',
    });
  });

  it('returns every step when asked, and reads the features of the layer before', () => {
    const s = summarize([input([10, 5]), gru(4, true), { ...gru(3), id: 'gru2' }]);
    expect(s.layers.map((l) => l.outputShape)).toEqual([[10, 5], [10, 4], [3]]);
    expect(s.layers[2]!.params).toBe(3 * (3 * (4 + 3) + 2 * 3));
  });

  it('explains an image where a sequence belongs', () => {
    expect(summarize([input([28, 28, 1]), gru(8)]).errors[0]).toBe(
      'gru: a GRU layer reads a sequence (time steps x features), but gets an image 28x28x1; use an input such as 28x28 (rows as steps), or add a Reshape to 28x28.',
    );
  });
});
