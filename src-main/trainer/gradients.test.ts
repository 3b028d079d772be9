/**
 * The hand-written backward pass against tf's autodiff of the same forward
 * pass, on the cpu backend: every activation, every loss, the fused
 * softmax/cce and sigmoid/bce gradients, standalone activations, dropout and
 * an image input with Flatten.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { ACTIVATIONS, type Activation } from '../../src-shared/layers/activations';
import type { Layer } from '../../src-shared/layers/registry';
import type { Loss } from '../../src-shared/training/settings';
import { createRandom } from '../data/random';
import { useBackend, type Tf } from './backend';
import { buildModel } from './model';

let tf: Tf;
beforeAll(async () => {
  ({ tf } = await useBackend('cpu'));
});

const BATCH = 6;

/** Feature-major [size, batch] values: uniform in [lo, hi), or one-hot / probability columns. */
function columns(size: number, seed: number, kind: 'uniform' | 'oneHot' | 'distribution' | 'binary', lo = -2, hi = 2): Tensor2D {
  const r = createRandom(seed);
  const v = new Float32Array(size * BATCH);
  for (let i = 0; i < BATCH; i++) {
    if (kind === 'oneHot') v[r.int(size) * BATCH + i] = 1;
    else if (kind === 'distribution') {
      const w = Array.from({ length: size }, () => 0.1 + r.next());
      const s = w.reduce((a, b) => a + b, 0);
      w.forEach((x, k) => (v[k * BATCH + i] = x / s));
    } else for (let k = 0; k < size; k++) v[k * BATCH + i] = kind === 'binary' ? r.int(2) : r.uniform(lo, hi);
  }
  return tf.tensor2d(v, [size, BATCH]);
}

const dense = (id: string, units: number, activation: Activation, useBias = true): Layer => ({ kind: 'dense', id, units, activation, useBias });

/** Largest difference between the two gradients of each variable, relative to the larger gradient's scale (at least 1). */
function compare(layers: Layer[], loss: Loss, target: 'uniform' | 'oneHot' | 'distribution' | 'binary') {
  // Both ways of transposing in the dense backward pass: matMul's flags (cpu, tensorflow) and explicit (wasm).
  for (const transposeFlags of [true, false]) compareOnce(layers, loss, target, transposeFlags);
}

function compareOnce(layers: Layer[], loss: Loss, target: 'uniform' | 'oneHot' | 'distribution' | 'binary', transposeFlags: boolean) {
  const ctx = { training: true, dropoutSeed: 7 };
  const model = buildModel(tf, layers, 3, transposeFlags);
  const result = tf.tidy(() => {
    const x = columns(model.inputSize, 11, 'uniform');
    const t = columns(model.outputSize, 13, target, -1, 1);
    const mine = model.lossAndGradients(x, t, loss, ctx);
    const ref = tf.variableGrads(() => model.loss(t, model.forward(x, ctx), loss), model.variables as never);
    const worst: Record<string, number> = {};
    for (const v of model.variables) {
      const a = mine.gradients[v.name]!.dataSync();
      const b = ref.grads[v.name]!.dataSync();
      let scale = 1;
      let diff = 0;
      for (let i = 0; i < a.length; i++) {
        scale = Math.max(scale, Math.abs(b[i]!));
        diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
      }
      worst[v.name] = diff / scale;
    }
    return { worst, lossDiff: Math.abs(mine.loss.dataSync()[0]! - ref.value.dataSync()[0]!), names: model.variables.map((v) => v.name) };
  });
  model.dispose();
  expect(Object.keys(result.worst)).toEqual(result.names);
  for (const [name, d] of Object.entries(result.worst)) expect(d, name).toBeLessThan(1e-5);
  expect(result.lossDiff).toBeLessThan(1e-6);
}

describe('hand-written gradients match tf autodiff', () => {
  for (const act of ACTIVATIONS) {
    it(`dense with ${act}, hidden and output, with and without bias (mse)`, () => {
      compare([{ kind: 'input', id: 'in', shape: [4] }, dense('d1', 5, act), dense('d2', 5, act, false), dense('d3', 3, act)], 'mse', 'uniform');
    });
    it(`a standalone ${act} layer`, () => {
      compare([{ kind: 'input', id: 'in', shape: [4] }, dense('d1', 5, 'linear'), { kind: 'activation', id: 'a1', activation: act }, dense('d2', 3, 'linear')], 'mae', 'uniform');
    });
  }

  const head = (act: Activation, units: number): Layer[] => [{ kind: 'input', id: 'in', shape: [4] }, dense('d1', 6, 'tanh'), dense('out', units, act)];
  const cases: [string, Loss, Activation, number, 'uniform' | 'oneHot' | 'distribution' | 'binary'][] = [
    ['mse, linear output', 'mse', 'linear', 2, 'uniform'],
    ['mae, linear output', 'mae', 'linear', 2, 'uniform'],
    ['bce, sigmoid output (fused)', 'bce', 'sigmoid', 1, 'binary'],
    ['bce, softmax output (chain rule)', 'bce', 'softmax', 2, 'binary'],
    ['cce, softmax output (fused)', 'cce', 'softmax', 4, 'oneHot'],
    ['cce, softmax output with soft targets (fused)', 'cce', 'softmax', 4, 'distribution'],
    ['cce, sigmoid output (chain rule)', 'cce', 'sigmoid', 4, 'oneHot'],
    ['kld, softmax output (chain rule)', 'kld', 'softmax', 4, 'distribution'],
  ];
  for (const [title, loss, act, units, target] of cases) it(title, () => compare(head(act, units), loss, target));

  it('cce after a standalone softmax layer (fused)', () => {
    compare([{ kind: 'input', id: 'in', shape: [4] }, dense('d1', 4, 'linear'), { kind: 'activation', id: 'sm', activation: 'softmax' }], 'cce', 'oneHot');
  });

  it('dropout while training, with the same seeded mask', () => {
    compare([{ kind: 'input', id: 'in', shape: [4] }, dense('d1', 8, 'relu'), { kind: 'dropout', id: 'dr', rate: 0.5 }, dense('d2', 3, 'softmax')], 'cce', 'oneHot');
  });

  it('an image input with Flatten', () => {
    compare([{ kind: 'input', id: 'in', shape: [2, 3] }, { kind: 'flatten', id: 'fl' }, dense('d1', 4, 'elu'), dense('d2', 1, 'sigmoid')], 'bce', 'binary');
  });

  it('a small CNN: conv, max pool, batch norm, conv with same padding, average pool, flatten, softmax (cce fused)', () => {
    compare(
      [
        { kind: 'input', id: 'in', shape: [6, 6, 1] },
        { kind: 'conv2d', id: 'c1', filters: 3, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', activation: 'relu', useBias: true },
        { kind: 'maxPool2d', id: 'p1', poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
        { kind: 'batchNorm', id: 'bn' },
        { kind: 'conv2d', id: 'c2', filters: 2, kernelSize: [2, 2], strides: [1, 1], padding: 'same', activation: 'tanh', useBias: false },
        { kind: 'avgPool2d', id: 'p2', poolSize: [2, 2], strides: [1, 1], padding: 'valid' },
        { kind: 'flatten', id: 'fl' },
        dense('out', 3, 'softmax'),
      ],
      'cce',
      'oneHot',
    );
  });

  it('a reshape into images, then global average pooling into a sigmoid (bce fused)', () => {
    compare(
      [
        { kind: 'input', id: 'in', shape: [12] },
        { kind: 'reshape', id: 'r', targetShape: [2, 3, 2] },
        { kind: 'conv2d', id: 'c', filters: 4, kernelSize: [1, 2], strides: [1, 1], padding: 'valid', activation: 'elu', useBias: true },
        { kind: 'globalAvgPool2d', id: 'g' },
        dense('out', 1, 'sigmoid'),
      ],
      'bce',
      'binary',
    );
  });

  it('stacked recurrent layers: a SimpleRNN returning its sequence into an LSTM, then softmax (cce fused)', () => {
    compare(
      [
        { kind: 'input', id: 'in', shape: [4, 3] },
        { kind: 'simpleRnn', id: 'r1', units: 5, returnSequences: true, useBias: true },
        { kind: 'lstm', id: 'r2', units: 4, returnSequences: false, useBias: true },
        dense('out', 3, 'softmax'),
      ],
      'cce',
      'oneHot',
    );
  });
});
