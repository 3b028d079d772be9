/**
 * The spec's shapes and counts against TensorFlow.js's own Keras layers: for
 * each kind, one-layer models built with tf.layers (cpu backend), compared on
 * countParams(), the trainable share and the output shape. src-shared cannot
 * import tfjs, so the comparison lives here.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { summarize } from '../../src-shared/graph/summary';
import { LAYER_KIND_ORDER, parseLayer, type Layer } from '../../src-shared/layers/registry';

interface Case {
  readonly input: number[];
  /** The layer as the project file saves it (id added below). */
  readonly layer: Record<string, unknown>;
  readonly tf: () => tf.layers.Layer;
  /** What Keras counts beyond tfjs: tfjs's GRU has only reset_after=false, one bias vector per gate fewer than Keras's default. */
  readonly kerasExtra?: number;
}

const conv = (filters: number, kernelSize: [number, number], strides: [number, number], padding: 'valid' | 'same', useBias = true): Omit<Case, 'input'> => ({
  layer: { kind: 'conv2d', filters, kernelSize, strides, padding, activation: 'relu', useBias },
  tf: () => tf.layers.conv2d({ filters, kernelSize, strides, padding, activation: 'relu', useBias }),
});
const pool = (kind: 'maxPool2d' | 'avgPool2d', poolSize: [number, number], strides: [number, number], padding: 'valid' | 'same'): Omit<Case, 'input'> => ({
  layer: { kind, poolSize, strides, padding },
  tf: () => (kind === 'maxPool2d' ? tf.layers.maxPooling2d({ poolSize, strides, padding }) : tf.layers.averagePooling2d({ poolSize, strides, padding })),
});
/** useBias undefined: the layer as a file written before recurrent layers had the field, which reads as true. */
const recurrent = (kind: 'simpleRnn' | 'lstm' | 'gru', units: number, returnSequences: boolean, useBias?: boolean): Omit<Case, 'input'> => ({
  layer: { kind, units, returnSequences, ...(useBias === undefined ? {} : { useBias }) },
  tf: () => {
    const args = { units, returnSequences, useBias: useBias ?? true };
    return kind === 'simpleRnn' ? tf.layers.simpleRNN(args) : kind === 'lstm' ? tf.layers.lstm(args) : tf.layers.gru(args);
  },
  ...(kind === 'gru' && useBias !== false ? { kerasExtra: 3 * units } : {}),
});

/** Several cases per kind, by kind: a registered kind without a case fails below. */
const CASES: Record<string, Case[]> = {
  input: [
    { input: [28, 28, 1], layer: { kind: 'input', shape: [28, 28, 1] }, tf: () => tf.layers.inputLayer({ inputShape: [28, 28, 1] }) },
  ],
  dense: [
    { input: [784], layer: { kind: 'dense', units: 600, activation: 'relu', useBias: true }, tf: () => tf.layers.dense({ units: 600, activation: 'relu' }) },
    { input: [3], layer: { kind: 'dense', units: 4, activation: 'relu', useBias: false }, tf: () => tf.layers.dense({ units: 4, useBias: false }) },
  ],
  activation: [{ input: [26, 26, 8], layer: { kind: 'activation', activation: 'relu' }, tf: () => tf.layers.activation({ activation: 'relu' }) }],
  dropout: [{ input: [13, 13, 8], layer: { kind: 'dropout', rate: 0.25 }, tf: () => tf.layers.dropout({ rate: 0.25 }) }],
  flatten: [{ input: [13, 13, 8], layer: { kind: 'flatten' }, tf: () => tf.layers.flatten() }],
  conv2d: [
    { input: [28, 28, 1], ...conv(8, [3, 3], [1, 1], 'valid') },
    { input: [13, 13, 8], ...conv(16, [3, 3], [1, 1], 'valid') },
    { input: [28, 28, 3], ...conv(4, [5, 3], [2, 1], 'same') },
    { input: [7, 9, 2], ...conv(6, [5, 5], [2, 2], 'valid', false) },
    { input: [3, 3, 1], ...conv(2, [5, 5], [1, 1], 'same') },
  ],
  maxPool2d: [
    { input: [26, 26, 8], ...pool('maxPool2d', [2, 2], [2, 2], 'valid') },
    { input: [13, 13, 16], ...pool('maxPool2d', [2, 2], [2, 2], 'same') },
    { input: [9, 9, 1], ...pool('maxPool2d', [3, 3], [1, 1], 'valid') },
  ],
  avgPool2d: [
    { input: [13, 13, 16], ...pool('avgPool2d', [2, 2], [2, 2], 'valid') },
    { input: [27, 27, 2], ...pool('avgPool2d', [3, 2], [2, 3], 'same') },
  ],
  globalAvgPool2d: [{ input: [5, 5, 16], layer: { kind: 'globalAvgPool2d' }, tf: () => tf.layers.globalAveragePooling2d({}) }],
  batchNorm: [
    { input: [26, 26, 8], layer: { kind: 'batchNorm' }, tf: () => tf.layers.batchNormalization({ axis: -1 }) },
    { input: [100], layer: { kind: 'batchNorm' }, tf: () => tf.layers.batchNormalization({ axis: -1 }) },
  ],
  reshape: [
    { input: [784], layer: { kind: 'reshape', targetShape: [28, 28, 1] }, tf: () => tf.layers.reshape({ targetShape: [28, 28, 1] }) },
    { input: [12, 12, 8], layer: { kind: 'reshape', targetShape: [12, 96] }, tf: () => tf.layers.reshape({ targetShape: [12, 96] }) },
  ],
  simpleRnn: [
    { input: [28, 28], ...recurrent('simpleRnn', 32, false) },
    { input: [12, 96], ...recurrent('simpleRnn', 16, true, true) },
    { input: [12, 96], ...recurrent('simpleRnn', 16, true, false) },
  ],
  lstm: [
    { input: [28, 28], ...recurrent('lstm', 64, false) },
    { input: [12, 16], ...recurrent('lstm', 8, true, true) },
    { input: [28, 8], ...recurrent('lstm', 16, false, false) },
  ],
  gru: [
    { input: [28, 28], ...recurrent('gru', 64, false) },
    { input: [10, 5], ...recurrent('gru', 4, true, true) },
    { input: [10, 5], ...recurrent('gru', 4, true, false) },
  ],
};

const size = (shape: readonly (number | null)[]) => shape.reduce<number>((n, d) => n * (d ?? 1), 1);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('every kind against tf.layers', () => {
  it('has cases for every registered kind', () => {
    for (const kind of LAYER_KIND_ORDER) expect(CASES[kind]?.length ?? 0, kind).toBeGreaterThan(0);
  });

  for (const kind of LAYER_KIND_ORDER) {
    it(`${kind}: countParams(), trainable weights and output shape agree`, () => {
      for (const c of CASES[kind] ?? []) {
        const parsed = parseLayer({ ...c.layer, id: 'x' });
        expect(parsed.success, JSON.stringify(c.layer)).toBe(true);
        const layer = parsed.data as Layer;
        const chain: Layer[] = kind === 'input' ? [layer] : [{ kind: 'input', id: 'in', shape: c.input }, layer];
        const s = summarize(chain);
        expect(s.errors).toEqual([]);
        const row = s.layers.at(-1)!;

        const model = tf.sequential();
        if (kind !== 'input') model.add(tf.layers.inputLayer({ inputShape: c.input }));
        const tfLayer = c.tf();
        model.add(tfLayer);
        const label = `${kind} over ${c.input.join('x')}`;
        expect(row.params, label).toBe(tfLayer.countParams() + (c.kerasExtra ?? 0));
        // With biases left out, trainedLayers turns useBias off: a kind with biases and no such field would train
        // biases the table leaves out.
        if (row.biases > 0) expect(layer, `${label}: a kind with biases needs a useBias field`).toHaveProperty('useBias', true);
        const trainable = tfLayer.trainableWeights.reduce((n, w) => n + size(w.shape), 0);
        expect(row.trainable, label).toBe(trainable + (c.kerasExtra ?? 0));
        expect(row.nonTrainable, label).toBe(tfLayer.nonTrainableWeights.reduce((n, w) => n + size(w.shape), 0));
        expect([null, ...row.outputShape!], label).toEqual(tfLayer.outputShape);
        model.dispose();
      }
    });
  }
});
