import { describe, expect, it } from 'vitest';
import { formatValue, neuronFormula, neuronFormulaParts, preActivation } from './neuron-formula';

describe('the neuron formula', () => {
  it('reads as the lecture writes it', () => {
    expect(neuronFormula('relu', 3, true)).toBe('relu(i1*w1 + i2*w2 + i3*w3 + b)');
    expect(neuronFormula('sigmoid', 784, false)).toBe('sigmoid(i1*w1 + i2*w2 + … + i784*w784)');
    expect(neuronFormula('linear', 2, true)).toBe('i1*w1 + i2*w2 + b');
  });

  it('plugs in the numbers, negatives in parentheses, and gives z and a', () => {
    const f = neuronFormulaParts('relu', [0.8, 0.79, 0.06], [-0.81, -1.1, -1.52], 2.53);
    // z by hand: -0.648 - 0.869 - 0.0912 + 2.53 = 0.9218
    expect(f.z).toBeCloseTo(0.9218, 6);
    expect(f.a).toBeCloseTo(0.9218, 6);
    expect(f.text).toBe('relu(0.80*(-0.81) + 0.79*(-1.10) + 0.06*(-1.52) + 2.53) = 0.92');
  });

  it('is z = Σ x·w + b, and z alone without a bias', () => {
    expect(preActivation([1, 2, 3], [0.5, -0.25, 0.1], 0.2)).toBeCloseTo(0.5 - 0.5 + 0.3 + 0.2, 12);
    expect(preActivation([2, 4], [0.5, 0.25], null)).toBe(2);
    expect(neuronFormulaParts('sigmoid', [2, 4], [0.5, 0.25], null).text).toBe('sigmoid(2.00*0.50 + 4.00*0.25) = 0.88');
  });

  it('keeps the four largest products of 784 and says how many more', () => {
    const x = new Float32Array(784);
    const w = new Float32Array(784).fill(0.01);
    x[10] = 1; // 0.01
    x[300] = 0.5;
    w[300] = -2; // -1, the largest
    x[500] = 0.25;
    w[500] = 2; // 0.5
    x[783] = 0.75;
    w[783] = 0.4; // 0.3
    x[7] = 0.5;
    w[7] = 0.1; // 0.05
    const f = neuronFormulaParts('relu', x, w, 0.1);
    expect(f.terms.map((t) => t.input)).toEqual([300, 500, 783, 7]);
    expect(f.more).toBe(780);
    expect(f.text).toBe('relu(0.50*(-2.00) + 0.25*2.00 + 0.75*0.40 + 0.50*0.10 + 780 more + 0.10) = 0.00');
    // z counts every input, shown or not: -1 + 0.5 + 0.3 + 0.05 + 0.01 + 0.1 = -0.04, so relu gives 0.
    expect(f.z).toBeCloseTo(-0.04, 5);
    expect(f.a).toBe(0);
  });

  it('shows five inputs whole rather than "+ 1 more"', () => {
    const f = neuronFormulaParts('linear', [1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.5], null);
    expect(f.more).toBe(0);
    expect(f.text).toBe('1.00*0.10 + 1.00*0.20 + 1.00*0.30 + 1.00*0.40 + 1.00*0.50 = 1.50');
  });

  it('never writes -0.00', () => {
    expect(formatValue(-0.004)).toBe('0.00');
    expect(formatValue(-0)).toBe('0.00');
    expect(formatValue(-0.005001)).toBe('-0.01');
    const f = neuronFormulaParts('tanh', [-0.001, 0.5], [2, -0.004], -0.001);
    expect(f.text).not.toContain('-0.00');
    expect(f.text).toBe('tanh(0.00*2.00 + 0.50*0.00 + 0.00) = 0.00');
  });

  it('breaks into pieces that hold whole terms: the name with the first, the result with the last', () => {
    const f = neuronFormulaParts('relu', [0.81, 0.5], [0.2, -0.4], 0.1);
    expect(f.pieces).toEqual(['relu(0.81*0.20', '+ 0.50*(-0.40)', '+ 0.10) = 0.06']);
    // No piece holds two terms, so a line can only wrap between them.
    for (const p of f.pieces) expect(p.match(/\*/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(f.pieces.join(' ')).toBe(f.text);
  });

  it("takes a softmax neuron's value from the trainer, since it depends on the whole layer", () => {
    expect(neuronFormulaParts('softmax', [1, 2], [0.5, 0.5], 0, 0.73).a).toBe(0.73);
    const alone = neuronFormulaParts('softmax', [1, 2], [0.5, 0.5], 0);
    expect(alone.a).toBeNaN();
    expect(alone.text).toBe('softmax(1.00*0.50 + 2.00*0.50 + 0.00)');
  });
});
