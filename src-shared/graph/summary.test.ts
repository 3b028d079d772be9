import { describe, expect, it } from 'vitest';
import { MAX_UNITS } from '../layers/limits';
import type { Layer } from '../layers/registry';
import { outputShape, summarize } from './summary';
import { formatSummaryTable } from './summary-table';
import { chainFromWidths, findTemplate } from './templates';

describe('the lecture numbers', () => {
  it('3-4-1 has 16 weights with biases left out, and no bias appears anywhere', () => {
    const s = summarize(chainFromWidths([3, 4, 1]), { countBiases: false });
    expect(s.totals).toEqual({ weights: 16, biases: 0, trainable: 16, nonTrainable: 0, params: 16 });
    expect(s.layers.map((l) => l.biases)).toEqual([0, 0, 0]);
    expect(s.layers.map((l) => l.arithmetic)).toEqual([null, '3 x 4 = 12', '4 x 1 = 4']);
  });

  it('3-4-1 has 21 parameters when biases count, as Keras counts them by default', () => {
    expect(summarize(chainFromWidths([3, 4, 1])).totals).toEqual({ weights: 16, biases: 5, trainable: 21, nonTrainable: 0, params: 21 });
  });

  it('3-4-3-2 has 39 parameters: 12+4, 12+3, 6+2', () => {
    const s = summarize(chainFromWidths([3, 4, 3, 2]));
    expect(s.totals.params).toBe(39);
    expect(s.layers.slice(1).map((l) => [l.weights, l.biases])).toEqual([[12, 4], [12, 3], [6, 2]]);
    expect(s.layers.slice(1).map((l) => l.arithmetic)).toEqual(['3 x 4 + 4 = 16', '4 x 3 + 3 = 15', '3 x 2 + 2 = 8']);
  });

  it('the digit template has 899,260 parameters and a 28x28 input flattened to 784', () => {
    const s = summarize(findTemplate('lecture-digits')!.doc.layers);
    expect(s.errors).toEqual([]);
    expect(s.totals.params).toBe(899_260);
    expect(s.layers[1]!.outputShape).toEqual([784]);
    expect(s.layers[2]!.arithmetic).toBe('784 x 600 + 600 = 471,000');
    expect(outputShape(s)).toEqual([10]);
  });

  it('a dense layer without bias adds no biases even when biases count', () => {
    const layers: Layer[] = [
      { kind: 'input', id: 'in', shape: [3] },
      { kind: 'dense', id: 'd', units: 4, activation: 'relu', useBias: false },
    ];
    expect(summarize(layers).totals).toEqual({ weights: 12, biases: 0, trainable: 12, nonTrainable: 0, params: 12 });
  });

  it('dropout, activation and flatten carry the shape and add nothing', () => {
    const layers: Layer[] = [
      { kind: 'input', id: 'in', shape: [4, 5] },
      { kind: 'flatten', id: 'f' },
      { kind: 'dropout', id: 'dr', rate: 0.5 },
      { kind: 'activation', id: 'a', activation: 'tanh' },
      { kind: 'dense', id: 'd', units: 2, activation: 'softmax', useBias: true },
    ];
    const s = summarize(layers);
    expect(s.layers.map((l) => l.outputShape)).toEqual([[4, 5], [20], [20], [20], [2]]);
    expect(s.totals.params).toBe(42);
  });
});

describe('shape errors a person can act on', () => {
  const input28: Layer = { kind: 'input', id: 'input_1', shape: [28, 28] };
  it('a dense layer straight after a 28x28 input asks for a Flatten layer', () => {
    const s = summarize([input28, { kind: 'dense', id: 'dense_1', units: 10, activation: 'relu', useBias: true }]);
    expect(s.layers[1]!.error).toBe('dense_1: a dense layer needs a flat vector, but gets 28x28; add a Flatten layer before it.');
    expect(s.totals.params).toBe(0);
  });

  it('units of 0 and a non-integer unit count are refused with the reason', () => {
    const base: Layer = { kind: 'input', id: 'in', shape: [3] };
    const zero = summarize([base, { kind: 'dense', id: 'd', units: 0, activation: 'relu', useBias: true }]);
    expect(zero.errors[0]).toBe('d: units must be at least 1, not 0; a layer needs at least one neuron.');
    const half = summarize([base, { kind: 'dense', id: 'd', units: 2.5, activation: 'relu', useBias: true }]);
    expect(half.errors[0]).toBe('d: units must be a whole number, not 2.5; a layer cannot have part of a neuron.');
    const huge = summarize([base, { kind: 'dense', id: 'd', units: 1e12, activation: 'relu', useBias: true }]);
    expect(huge.errors[0]).toContain(`more than the limit of ${MAX_UNITS.toLocaleString('en-US')}`);
  });

  it('layers after an error wait without errors of their own', () => {
    const s = summarize([input28, { kind: 'dense', id: 'a', units: 3, activation: 'relu', useBias: true }, { kind: 'dense', id: 'b', units: 3, activation: 'relu', useBias: true }]);
    expect(s.errors).toHaveLength(1);
    expect(s.layers[2]!.outputShape).toBeNull();
    expect(s.layers[2]!.error).toBeNull();
  });

  it('an empty network and one without an input say what to do', () => {
    expect(summarize([]).errors).toEqual(['The network is empty; drag an Input layer from the palette, or pick a template.']);
    const s = summarize([{ kind: 'dense', id: 'd', units: 3, activation: 'relu', useBias: true }]);
    expect(s.errors[0]).toBe('The network must start with an Input layer; drag one to the start.');
  });

  it('a dropout rate of 1 is refused', () => {
    const s = summarize([{ kind: 'input', id: 'in', shape: [3] }, { kind: 'dropout', id: 'x', rate: 1 }]);
    expect(s.errors[0]).toBe('x: the dropout rate must be from 0 up to (not including) 1, not 1.');
  });
});

describe('scaling', () => {
  it('counts a 200-layer chain exactly', () => {
    const widths = [10, ...Array.from({ length: 199 }, () => 10)];
    expect(summarize(chainFromWidths(widths)).totals.params).toBe(199 * 110);
  });
});

describe('the Keras-like table', () => {
  it('prints each layer with its output shape and the totals', () => {
    const table = formatSummaryTable(summarize(chainFromWidths([784, 600, 500, 250, 10])));
    expect(table).toContain('dense_1 (dense)');
    expect(table).toContain('(None, 600)');
    expect(table).toContain('471,000');
    expect(table).toMatch(/Total params: 899,260/);
  });
});
