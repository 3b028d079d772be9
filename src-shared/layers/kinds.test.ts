/**
 * Each kind's shape and count against values worked out by hand with Keras's
 * conventions (channels last, batch left out; 'valid' gives ceil((n - k + 1) / s),
 * 'same' ceil(n / s)). src-main/trainer/layer-counts.test.ts checks the same
 * kinds against tf.layers' own countParams().
 */
import { describe, expect, it } from 'vitest';
import { summarize } from '../graph/summary';
import { formatSummaryTable } from '../graph/summary-table';
import { LAYER_KINDS, LAYER_KIND_ORDER, parseLayer, type Layer } from './registry';
import { windowOutput } from './spatial';

const input = (shape: number[]): Layer => ({ kind: 'input', id: 'in', shape });
const conv = (filters: number, k: [number, number], over: Partial<Layer> = {}): Layer =>
  ({ kind: 'conv2d', id: 'conv', filters, kernelSize: k, strides: [1, 1], padding: 'valid', activation: 'relu', useBias: true, ...over }) as Layer;
const pool = (kind: 'maxPool2d' | 'avgPool2d', over: Partial<Layer> = {}): Layer =>
  ({ kind, id: 'pool', poolSize: [2, 2], strides: [2, 2], padding: 'valid', ...over }) as Layer;
const rnn = (kind: 'simpleRnn' | 'lstm' | 'gru', units: number, returnSequences = false, useBias = true): Layer => ({ kind, id: 'rnn', units, returnSequences, useBias });

/** The last layer's row of the summary of `layers`. */
const last = (layers: Layer[], countBiases = true) => {
  const s = summarize(layers, { countBiases });
  expect(s.errors).toEqual([]);
  return s.layers.at(-1)!;
};
const errorOf = (layers: Layer[]) => summarize(layers).errors[0];

describe('conv2d', () => {
  it('3x3, 1 -> 8 channels over 28x28x1: 26x26x8 and 3 x 3 x 1 x 8 + 8 = 80', () => {
    const row = last([input([28, 28, 1]), conv(8, [3, 3])]);
    expect(row.outputShape).toEqual([26, 26, 8]);
    expect([row.weights, row.biases, row.params, row.trainable, row.nonTrainable]).toEqual([72, 8, 80, 80, 0]);
    expect(row.arithmetic).toBe('3 x 3 x 1 x 8 + 8 = 80');
  });

  it('8 -> 16 channels with a 3x3 kernel: 3 x 3 x 8 x 16 + 16 = 1,168', () => {
    const row = last([input([13, 13, 8]), conv(16, [3, 3])]);
    expect(row.outputShape).toEqual([11, 11, 16]);
    expect(row.arithmetic).toBe('3 x 3 x 8 x 16 + 16 = 1,168');
  });

  it('strides and padding give Keras sizes', () => {
    expect(last([input([28, 28, 1]), conv(4, [3, 3], { strides: [2, 2] })]).outputShape).toEqual([13, 13, 4]);
    expect(last([input([28, 28, 1]), conv(4, [3, 3], { strides: [2, 2], padding: 'same' })]).outputShape).toEqual([14, 14, 4]);
    expect(last([input([28, 28, 3]), conv(4, [5, 3], { strides: [2, 1], padding: 'same' })]).outputShape).toEqual([14, 28, 4]);
    expect(last([input([7, 9, 2]), conv(4, [5, 5], { strides: [2, 2] })]).outputShape).toEqual([2, 3, 4]);
    // A kernel larger than its input fits with 'same' padding, as in Keras.
    expect(last([input([3, 3, 1]), conv(2, [5, 5], { padding: 'same' })]).outputShape).toEqual([3, 3, 2]);
  });

  it('without biases counted or used, only the kernel remains', () => {
    expect(last([input([28, 28, 1]), conv(8, [3, 3])], false).arithmetic).toBe('3 x 3 x 1 x 8 = 72');
    expect(last([input([28, 28, 1]), conv(8, [3, 3], { useBias: false })]).params).toBe(72);
  });

  it('explains a kernel larger than its input, a flat vector and a missing channel axis', () => {
    expect(errorOf([input([3, 3, 1]), conv(8, [5, 5])])).toBe(
      "conv: a 5x5 kernel does not fit in a 3x3 input with 'valid' padding; use a smaller kernel, or 'same' padding.",
    );
    expect(errorOf([input([784]), conv(8, [3, 3])])).toBe(
      'conv: a convolution needs an image (height x width x channels), but gets a flat vector of 784; remove the Flatten or Dense before it, or add a Reshape such as 28x28x1.',
    );
    expect(errorOf([input([28, 28]), conv(8, [3, 3])])).toBe(
      'conv: a convolution needs an image with channels (height x width x channels), but gets 28x28; make the input 28x28x1, or add a Reshape to 28x28x1.',
    );
    expect(errorOf([input([28, 28, 1]), conv(0, [3, 3])])).toBe('conv: Filters must be at least 1, not 0.');
    expect(errorOf([input([28, 28, 1]), conv(8, [3, 0])])).toBe('conv: Each of kernel size must be at least 1, not 0.');
  });
});

describe('pooling', () => {
  it('2x2 with stride 2 halves each side and keeps the channels; no parameters', () => {
    for (const kind of ['maxPool2d', 'avgPool2d'] as const) {
      expect(last([input([26, 26, 8]), pool(kind)])).toMatchObject({ outputShape: [13, 13, 8], params: 0, arithmetic: null });
      expect(last([input([13, 13, 16]), pool(kind)]).outputShape).toEqual([6, 6, 16]);
      expect(last([input([13, 13, 16]), pool(kind, { padding: 'same' })]).outputShape).toEqual([7, 7, 16]);
      expect(last([input([9, 9, 1]), pool(kind, { poolSize: [3, 3], strides: [1, 1] })]).outputShape).toEqual([7, 7, 1]);
    }
  });

  it('global average pooling turns each map into one number', () => {
    expect(last([input([5, 5, 16]), { kind: 'globalAvgPool2d', id: 'g' }])).toMatchObject({ outputShape: [16], params: 0 });
    expect(errorOf([input([10]), { kind: 'globalAvgPool2d', id: 'g' }])).toMatch(/^g: global average pooling needs an image/);
  });

  it('explains a pool larger than the maps', () => {
    expect(errorOf([input([1, 1, 4]), pool('maxPool2d')])).toBe(
      "pool: a 2x2 pool does not fit in a 1x1 input with 'valid' padding; use a smaller pool, or 'same' padding.",
    );
  });
});

describe('batchNorm', () => {
  it('over C channels: 2C trainable (gamma, beta) and 2C non-trainable (moving mean, variance)', () => {
    const row = last([input([26, 26, 8]), { kind: 'batchNorm', id: 'bn' }]);
    expect(row).toMatchObject({ outputShape: [26, 26, 8], trainable: 16, nonTrainable: 16, params: 32, arithmetic: '2 x 8 + 2 x 8 = 32' });
    expect(last([input([100]), { kind: 'batchNorm', id: 'bn' }])).toMatchObject({ trainable: 200, nonTrainable: 200, params: 400 });
  });

  it('reaches the totals and the table, as Keras prints them', () => {
    const s = summarize([input([28, 28, 1]), conv(8, [3, 3]), { kind: 'batchNorm', id: 'bn' }]);
    expect(s.totals).toEqual({ weights: 72 + 32, biases: 8, trainable: 80 + 16, nonTrainable: 16, params: 112 });
    const table = formatSummaryTable(s);
    expect(table).toContain('Total params: 112');
    expect(table).toContain('Trainable params: 96');
    expect(table).toContain('Non-trainable params: 16');
  });
});

describe('recurrent layers over [time steps, features]', () => {
  it('SimpleRNN of 32 over 28 features: 32 x (28 + 32) + 32 = 1,952', () => {
    const row = last([input([28, 28]), rnn('simpleRnn', 32)]);
    expect(row).toMatchObject({ outputShape: [32], params: 1952, weights: 1920, biases: 32, arithmetic: '32 x (28 + 32) + 32 = 1,952' });
  });

  it('LSTM of 64 over 28 features: 4 x (64 x (28 + 64) + 64) = 23,808', () => {
    const row = last([input([28, 28]), rnn('lstm', 64)]);
    expect(row).toMatchObject({ outputShape: [64], params: 23_808, weights: 4 * 64 * 92, biases: 4 * 64, arithmetic: '4 x (64 x (28 + 64) + 64) = 23,808' });
    expect(last([input([28, 28]), rnn('lstm', 64)], false).arithmetic).toBe('4 x 64 x (28 + 64) = 23,552');
  });

  it('LSTM of 16 over 8 features: 4 x (16 x (8 + 16) + 16) = 1,600 with biases, 4 x 16 x (8 + 16) = 1,536 without', () => {
    expect(last([input([28, 8]), rnn('lstm', 16)])).toMatchObject({ params: 1600, weights: 1536, biases: 64 });
    const without = { params: 1536, weights: 1536, biases: 0, arithmetic: '4 x 16 x (8 + 16) = 1,536' };
    expect(last([input([28, 8]), rnn('lstm', 16, false, false)])).toMatchObject(without);
    expect(last([input([28, 8]), rnn('lstm', 16)], false)).toMatchObject(without);
  });

  it('leave out their biases with useBias off: SimpleRNN 32 x (28 + 32) = 1,920, GRU 3 x 64 x (28 + 64) = 17,664', () => {
    expect(last([input([28, 28]), rnn('simpleRnn', 32, false, false)])).toMatchObject({ params: 1920, biases: 0 });
    expect(last([input([28, 28]), rnn('gru', 64, false, false)])).toMatchObject({ params: 17_664, biases: 0, arithmetic: '3 x 64 x (28 + 64) = 17,664' });
  });

  it('read a file without useBias (written before the field) as using biases, and offer the switch in the inspector', () => {
    for (const kind of ['simpleRnn', 'lstm', 'gru'] as const) {
      const parsed = parseLayer({ kind, id: 'r', units: 4, returnSequences: false });
      expect(parsed.success && parsed.data, kind).toMatchObject({ useBias: true });
      expect(parseLayer({ kind, id: 'r', units: 4, returnSequences: false, useBias: false }).data, kind).toMatchObject({ useBias: false });
      expect(LAYER_KINDS[kind].fields.find((f) => f.key === 'useBias'), kind).toMatchObject({ type: 'boolean', default: true });
      expect(LAYER_KINDS[kind].create(), kind).toMatchObject({ useBias: true });
    }
  });

  it('returns every step when asked, so recurrent layers stack', () => {
    const s = summarize([input([28, 28]), rnn('lstm', 16, true), { ...rnn('lstm', 8), id: 'rnn2' } as Layer]);
    expect(s.layers.map((l) => l.outputShape)).toEqual([[28, 28], [28, 16], [8]]);
    // The second reads 16 features: 4 x (8 x (16 + 8) + 8).
    expect(s.layers[2]!.params).toBe(4 * (8 * 24 + 8));
  });

  it('explains an image or a flat vector where a sequence belongs', () => {
    expect(errorOf([input([28, 28, 1]), rnn('lstm', 64)])).toBe(
      'rnn: an LSTM layer reads a sequence (time steps x features), but gets an image 28x28x1; use an input such as 28x28 (rows as steps), or add a Reshape to 28x28.',
    );
    expect(errorOf([input([784]), rnn('simpleRnn', 8)])).toBe(
      'rnn: a SimpleRNN layer reads a sequence (time steps x features), but gets a flat vector of 784; use an input such as 28x28, or add a Reshape to steps x features.',
    );
  });
});

describe('reshape and input', () => {
  it('lays 784 values out as 28x28x1, and refuses sizes that disagree', () => {
    expect(last([input([784]), { kind: 'reshape', id: 'r', targetShape: [28, 28, 1] }]).outputShape).toEqual([28, 28, 1]);
    expect(errorOf([input([784]), { kind: 'reshape', id: 'r', targetShape: [28, 28, 2] }])).toBe(
      'r: cannot lay 784 values (784) out as 28x28x2, which holds 1,568; pick a target shape whose sizes multiply to 784.',
    );
  });

  it('takes up to three dimensions: the digits as images and as sequences', () => {
    expect(last([input([28, 28, 1])]).outputShape).toEqual([28, 28, 1]);
    expect(last([input([28, 28])]).outputShape).toEqual([28, 28]);
    expect(parseLayer({ kind: 'input', id: 'i', shape: [1, 2, 3, 4] }).success).toBe(false);
  });
});

describe('the whole CNN chain and the padding rule', () => {
  it('Input 28x28x1, Conv2D 8, MaxPool2D, Flatten, Dense 10: 80 + 13 x 13 x 8 x 10 + 10 = 13,610', () => {
    const s = summarize([input([28, 28, 1]), conv(8, [3, 3]), pool('maxPool2d'), { kind: 'flatten', id: 'f' }, { kind: 'dense', id: 'd', units: 10, activation: 'softmax', useBias: true }]);
    expect(s.layers.map((l) => l.outputShape)).toEqual([[28, 28, 1], [26, 26, 8], [13, 13, 8], [1352], [10]]);
    expect(s.totals.params).toBe(80 + 1352 * 10 + 10);
  });

  it('windowOutput follows Keras: valid ceil((n - k + 1) / s), same ceil(n / s)', () => {
    expect([windowOutput(28, 3, 1, 'valid'), windowOutput(28, 3, 2, 'valid'), windowOutput(28, 3, 2, 'same'), windowOutput(27, 2, 2, 'same')]).toEqual([26, 13, 14, 14]);
  });
});

describe('the registry', () => {
  it('lists each kind once, in the palette too, and every spec makes a valid layer from its field defaults', () => {
    expect([...LAYER_KIND_ORDER].sort()).toEqual(Object.keys(LAYER_KINDS).sort());
    for (const kind of LAYER_KIND_ORDER) {
      const spec = LAYER_KINDS[kind];
      const made = { ...spec.create(), id: 'x' };
      expect(parseLayer(made)).toMatchObject({ success: true });
      for (const f of spec.fields) expect((made as Record<string, unknown>)[f.key]).toEqual(f.default);
    }
  });
});
