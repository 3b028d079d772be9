import { describe, expect, it } from 'vitest';
import { activationCurve, neuronDots, softmaxRow } from './activation-curve';

// One input layer of two values feeding three neurons; z by hand:
// n0: 1*2 + 0.5*(-1) + 0.5 = 2;  n1: 1*(-1) + 0.5*(-2) + 0 = -2;  n2: 1*0 + 0.5*0 + 0 = 0.
const inputs = [1, 0.5];
const neurons = [
  { index: 0, weights: [2, -1], bias: 0.5 },
  { index: 1, weights: [-1, -2], bias: 0 },
  { index: 4, weights: [0, 0], bias: null },
];

describe("the activation curve's dots", () => {
  it('puts each neuron at its z and a, for each activation', () => {
    const z = (act: Parameters<typeof neuronDots>[0]) => neuronDots(act, inputs, neurons).map((d) => [d.index, d.z, d.a]);
    expect(z('relu')).toEqual([[0, 2, 2], [1, -2, 0], [4, 0, 0]]);
    expect(z('linear')).toEqual([[0, 2, 2], [1, -2, -2], [4, 0, 0]]);
    const sig = neuronDots('sigmoid', inputs, neurons);
    // 1/(1+e^-2) = 0.880797, 1/(1+e^2) = 0.119203
    expect(sig.map((d) => d.a)).toEqual([expect.closeTo(0.880797, 5), expect.closeTo(0.119203, 5), 0.5]);
    const tanh = neuronDots('tanh', inputs, neurons);
    // tanh(2) = 0.964028
    expect(tanh.map((d) => d.a)).toEqual([expect.closeTo(0.964028, 5), expect.closeTo(-0.964028, 5), 0]);
  });

  it("takes the trainer's a when it sent one", () => {
    const d = neuronDots('relu', inputs, [{ ...neurons[0]!, a: 1.999 }]);
    expect(d[0]).toEqual({ index: 0, z: 2, a: 1.999 });
  });

  it('computes softmax over the whole layer, and only when it has the whole layer', () => {
    const all = neuronDots('softmax', inputs, neurons, true);
    // e^2, e^-2, e^0 over their sum 7.389056 + 0.135335 + 1 = 8.524391
    expect(all.map((d) => d.a)).toEqual([expect.closeTo(0.866813, 5), expect.closeTo(0.015876, 5), expect.closeTo(0.117310, 5)]);
    expect(neuronDots('softmax', inputs, neurons, false).every((d) => Number.isNaN(d.a))).toBe(true);
  });

  it('shows the softmax outputs summing to 1', () => {
    const row = softmaxRow(neuronDots('softmax', inputs, neurons, true));
    expect(row.sum).toBeCloseTo(1, 10);
    expect(row.probabilities.map((d) => d.index)).toEqual([0, 1, 4]);
  });
});

describe('the curve', () => {
  it("marks sigmoid's (0, 1), tanh's (-1, 1) and ReLU's [0, ∞)", () => {
    const sig = activationCurve('sigmoid', []);
    expect(sig.range).toBe('(0, 1)');
    expect(sig.bounds).toEqual([0, 1]);
    expect(sig.aDomain[0]).toBeLessThan(0);
    expect(sig.aDomain[1]).toBeGreaterThan(1);
    expect(activationCurve('tanh', []).range).toBe('(-1, 1)');
    expect(activationCurve('tanh', []).bounds).toEqual([-1, 1]);
    const relu = activationCurve('relu', []);
    expect(relu.range).toBe('[0, ∞)');
    expect(Math.min(...relu.points.map((p) => p[1]))).toBe(0);
  });

  it('widens z to show every dot', () => {
    const c = activationCurve('relu', [{ index: 0, z: 9.2, a: 9.2 }]);
    expect(c.zDomain[1]).toBeGreaterThanOrEqual(9.2);
    expect(c.aDomain[1]).toBeGreaterThanOrEqual(9.2);
    expect(activationCurve('relu', []).zDomain).toEqual([-4, 4]);
  });
});
