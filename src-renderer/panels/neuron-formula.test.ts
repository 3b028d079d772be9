import { describe, expect, it } from 'vitest';
import { neuronFormula, neuronFormulaWithNumbers } from './neuron-formula';

describe('the neuron formula', () => {
  it('reads as the lecture writes it', () => {
    expect(neuronFormula('relu', 3, true)).toBe('relu(i1*w1 + i2*w2 + i3*w3 + b)');
    expect(neuronFormula('sigmoid', 784, false)).toBe('sigmoid(i1*w1 + i2*w2 + … + i784*w784)');
    expect(neuronFormula('linear', 2, true)).toBe('i1*w1 + i2*w2 + b');
  });

  it('plugs in the numbers, negatives in parentheses, and computes the output', () => {
    const f = neuronFormulaWithNumbers('relu', [0.8, 0.79, 0.06], [-0.81, -1.1, -1.52], 2.53);
    expect(f.text).toBe('relu(0.80*(-0.81) + 0.79*(-1.10) + 0.06*(-1.52) + 2.53)');
    expect(f.z).toBeCloseTo(0.8 * -0.81 + 0.79 * -1.1 + 0.06 * -1.52 + 2.53, 6);
    expect(f.out).toBeCloseTo(Math.max(0, f.z), 6);
  });

  it('takes a softmax neuron\'s value from the trainer, since it depends on the whole layer', () => {
    expect(neuronFormulaWithNumbers('softmax', [1, 2], [0.5, 0.5], 0, 3, 0.73).out).toBe(0.73);
    expect(neuronFormulaWithNumbers('softmax', [1, 2], [0.5, 0.5], 0).out).toBeNaN();
  });
});
