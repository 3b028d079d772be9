/**
 * Every image and sequence op's hand-written (or routed) backward pass
 * against tf's autodiff of its own forward pass, on the cpu backend: the
 * gradients of every variable and of the input, for a loss sum(y * r) with a
 * random r. Then the same ops on the wasm backend against cpu, forward and
 * backward, since wasm runs different kernels (and lacks some: the filter
 * gradient of a convolution goes through a dilated convolution there).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs-core';
import type { Shape } from '../../src-shared/layers/layer-kind';
import { shapeSize } from '../../src-shared/layers/layer-kind';
import { createRandom } from '../data/random';
import { makeCurrent, useBackend, type Tf } from './backend';
import type { LayerOp } from './ops/op';
import { avgPool2dOp } from './ops/avg-pool2d';
import { batchNormOp } from './ops/batch-norm';
import { conv2dOp } from './ops/conv2d';
import { globalAvgPool2dOp } from './ops/global-avg-pool2d';
import { lstmOp } from './ops/lstm';
import { maxPool2dOp } from './ops/max-pool2d';
import { reshapeOp } from './ops/reshape';
import { simpleRnnOp } from './ops/simple-rnn';

let tf: Tf;
beforeAll(async () => {
  await useBackend('wasm');
  ({ tf } = await useBackend('cpu'));
});

const BATCH = 5;

interface Case {
  readonly title: string;
  readonly input: Shape;
  /** The output shape, worked out by hand (not by the kind's inferShape). */
  readonly output: Shape;
  /** Whole-number inputs, so that windows hold ties (as ReLU's zeros do). */
  readonly ties?: boolean;
  build(input: Shape, output: Shape, ctx: Parameters<typeof conv2dOp>[3]): LayerOp<unknown>;
}

const conv = (filters: number, kernelSize: [number, number], strides: [number, number], padding: 'valid' | 'same', activation: 'relu' | 'tanh' | 'softmax' | 'linear', useBias: boolean) =>
  ({ kind: 'conv2d', id: 'c', filters, kernelSize, strides, padding, activation, useBias }) as const;
const rnn = <K extends 'simpleRnn' | 'lstm'>(kind: K, units: number, returnSequences: boolean, useBias: boolean) => ({ kind, id: 'r', units, returnSequences, useBias });
const pool = <K extends 'maxPool2d' | 'avgPool2d'>(kind: K, poolSize: [number, number], strides: [number, number], padding: 'valid' | 'same') => ({ kind, id: 'p', poolSize, strides, padding });

const CASES: Case[] = [
  { title: 'conv2d 3x3 valid, relu, bias', input: [6, 6, 2], output: [4, 4, 3], build: (i, o, c) => conv2dOp(conv(3, [3, 3], [1, 1], 'valid', 'relu', true), i, o, c) },
  // 'same' with stride 2 on odd sizes: TensorFlow pads the odd one at the end.
  { title: 'conv2d 3x2 same, stride 2, tanh, no bias', input: [7, 5, 2], output: [4, 3, 4], build: (i, o, c) => conv2dOp(conv(4, [3, 2], [2, 2], 'same', 'tanh', false), i, o, c) },
  // Stride 2 over 6 rows with a 3-row kernel leaves one row the kernel never reaches.
  { title: 'conv2d 3x3 valid, stride 2, softmax over channels', input: [6, 6, 1], output: [2, 2, 3], build: (i, o, c) => conv2dOp(conv(3, [3, 3], [2, 2], 'valid', 'softmax', true), i, o, c) },
  { title: 'maxPool2d 2x2 valid', input: [4, 6, 3], output: [2, 3, 3], build: (i, o, c) => maxPool2dOp(pool('maxPool2d', [2, 2], [2, 2], 'valid'), i, o, c) },
  { title: 'maxPool2d 3x3 same, stride 2', input: [5, 5, 2], output: [3, 3, 2], build: (i, o, c) => maxPool2dOp(pool('maxPool2d', [3, 3], [2, 2], 'same'), i, o, c) },
  { title: 'maxPool2d 2x2, stride 1, overlapping windows with ties: the first maximum takes the gradient', input: [4, 4, 2], output: [3, 3, 2], ties: true, build: (i, o, c) => maxPool2dOp(pool('maxPool2d', [2, 2], [1, 1], 'valid'), i, o, c) },
  { title: 'maxPool2d 2x2 valid over an odd map (the last row and column dropped)', input: [5, 5, 2], output: [2, 2, 2], build: (i, o, c) => maxPool2dOp(pool('maxPool2d', [2, 2], [2, 2], 'valid'), i, o, c) },
  { title: 'maxPool2d 3x2 same on a map the windows tile', input: [6, 4, 2], output: [2, 2, 2], build: (i, o, c) => maxPool2dOp(pool('maxPool2d', [3, 2], [3, 2], 'same'), i, o, c) },
  { title: 'avgPool2d 2x2 valid', input: [4, 6, 3], output: [2, 3, 3], build: (i, o, c) => avgPool2dOp(pool('avgPool2d', [2, 2], [2, 2], 'valid'), i, o, c) },
  { title: 'avgPool2d 3x3 same, stride 2', input: [5, 5, 2], output: [3, 3, 2], build: (i, o, c) => avgPool2dOp(pool('avgPool2d', [3, 3], [2, 2], 'same'), i, o, c) },
  { title: 'globalAvgPool2d', input: [4, 3, 2], output: [2], build: (i, o, c) => globalAvgPool2dOp({ kind: 'globalAvgPool2d', id: 'g' }, i, o, c) },
  { title: 'batchNorm over channels of an image', input: [3, 3, 2], output: [3, 3, 2], build: (i, o, c) => batchNormOp({ kind: 'batchNorm', id: 'b' }, i, o, c) },
  { title: 'batchNorm over a flat vector', input: [6], output: [6], build: (i, o, c) => batchNormOp({ kind: 'batchNorm', id: 'b' }, i, o, c) },
  { title: 'simpleRnn, last step', input: [4, 3], output: [5], build: (i, o, c) => simpleRnnOp(rnn('simpleRnn', 5, false, true), i, o, c) },
  { title: 'simpleRnn, whole sequence', input: [4, 3], output: [4, 5], build: (i, o, c) => simpleRnnOp(rnn('simpleRnn', 5, true, true), i, o, c) },
  { title: 'simpleRnn, last step, no bias', input: [4, 3], output: [5], build: (i, o, c) => simpleRnnOp(rnn('simpleRnn', 5, false, false), i, o, c) },
  { title: 'lstm, last step', input: [4, 3], output: [5], build: (i, o, c) => lstmOp(rnn('lstm', 5, false, true), i, o, c) },
  { title: 'lstm, whole sequence', input: [5, 2], output: [5, 3], build: (i, o, c) => lstmOp(rnn('lstm', 3, true, true), i, o, c) },
  { title: 'lstm, whole sequence, no bias', input: [5, 2], output: [5, 3], build: (i, o, c) => lstmOp(rnn('lstm', 3, true, false), i, o, c) },
  { title: 'reshape', input: [12], output: [2, 3, 2], build: (i, o, c) => reshapeOp({ kind: 'reshape', id: 's', targetShape: [2, 3, 2] }, i, o, c) },
];

function columns(size: number, seed: number, ties = false): Tensor2D {
  const r = createRandom(seed);
  return tf.tensor2d(Float32Array.from({ length: size * BATCH }, () => (ties ? Math.round(r.uniform(-1, 1)) : r.uniform(-2, 2))), [size, BATCH]);
}

interface Result {
  output: Float32Array;
  input: Float32Array;
  variables: Float32Array[];
}

let modelCount = 0;

/** The op's forward and hand-written backward on the current backend; with `reference`, tf's autodiff too. */
function run(c: Case, transposeFlags: boolean, reference: boolean): { mine: Result; ref?: Result } {
  const op = c.build(c.input, c.output, { tf, random: createRandom(5), name: `opgrad${++modelCount}`, transposeFlags });
  let out: { mine: Result; ref?: Result } = { mine: { output: new Float32Array(), input: new Float32Array(), variables: [] } };
  tf.tidy(() => {
    const x = columns(shapeSize(c.input), 11, c.ties);
    const r = columns(shapeSize(c.output), 13);
    const step = op.forward(x, { training: true, dropoutSeed: 1 });
    const back = step.backward(r, { inputGrad: true, throughActivation: true });
    const mine: Result = {
      output: step.output.dataSync() as Float32Array,
      input: back.input!.dataSync() as Float32Array,
      variables: back.variables.map((g) => g.dataSync() as Float32Array),
    };
    if (!reference) {
      out = { mine };
      return;
    }
    const f = (input: Tensor) => tf.sum(tf.mul(op.forward(input as Tensor2D, { training: true, dropoutSeed: 1 }).output, r));
    const dx = tf.grad(f)(x);
    const vg = op.variables.length ? tf.variableGrads(() => f(x) as never, op.variables as Variable[]).grads : {};
    out = {
      mine,
      ref: { output: mine.output, input: dx.dataSync() as Float32Array, variables: op.variables.map((v) => vg[v.name]!.dataSync() as Float32Array) },
    };
  });
  for (const v of [...op.variables, ...(op.state ?? [])]) v.dispose();
  return out;
}

/** Largest difference relative to the reference's scale (at least 1). */
function worst(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let scale = 1;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]!));
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  }
  return diff / scale;
}

function expectClose(a: Result, b: Result, tolerance: number): void {
  expect(worst(a.output, b.output), 'output').toBeLessThan(tolerance);
  expect(worst(a.input, b.input), 'input gradient').toBeLessThan(tolerance);
  expect(a.variables.length).toBe(b.variables.length);
  a.variables.forEach((g, i) => expect(worst(g, b.variables[i]!), `variable ${i}`).toBeLessThan(tolerance));
}

describe('image and sequence ops: hand-written gradients match tf autodiff (cpu)', () => {
  for (const c of CASES) {
    it(c.title, () => {
      makeCurrent(tf, 'cpu');
      for (const flags of [true, false]) {
        const { mine, ref } = run(c, flags, true);
        expect(mine.output.length).toBe(shapeSize(c.output) * BATCH);
        expectClose(mine, ref!, 1e-5);
      }
    });
  }
});

describe('the same ops on wasm agree with cpu, forward and backward', () => {
  for (const c of CASES) {
    it(c.title, () => {
      makeCurrent(tf, 'cpu');
      const cpu = run(c, true, false).mine;
      makeCurrent(tf, 'wasm');
      try {
        const wasm = run(c, false, false).mine;
        expectClose(wasm, cpu, 1e-4);
      } finally {
        makeCurrent(tf, 'cpu');
      }
    });
  }
});

describe('recurrent ops without biases', () => {
  it('hold only their kernels: units x (features + units) per gate, as the table counts with biases left out', () => {
    makeCurrent(tf, 'cpu');
    const ctx = (name: string) => ({ tf, random: createRandom(1), name, transposeFlags: true });
    // 3 features -> 5 units: SimpleRNN 5 x (3 + 5) = 40; LSTM 4 x 5 x (3 + 5) = 160 (160 + 20 with its biases).
    const rnnOp = simpleRnnOp(rnn('simpleRnn', 5, false, false), [4, 3], [5], ctx('nobias1'));
    const lstm = lstmOp(rnn('lstm', 5, false, false), [4, 3], [5], ctx('nobias2'));
    const lstmWithBias = lstmOp(rnn('lstm', 5, false, true), [4, 3], [5], ctx('nobias3'));
    expect(rnnOp.variables.map((v) => v.size)).toEqual([15, 25]);
    expect(lstm.variables.map((v) => v.size)).toEqual([60, 100]);
    expect(lstmWithBias.variables.map((v) => v.size)).toEqual([60, 100, 20]);
    expect(lstm.weights!.bias).toBeNull();
    for (const op of [rnnOp, lstm, lstmWithBias]) for (const v of op.variables) v.dispose();
  });
});

describe('max pooling over windows that tile the map, at ties', () => {
  it('shares a window gradient equally among its tied maxima, on cpu and wasm', () => {
    // One 4x2 single-channel sample, two 2x2 windows: [1 1 / 0 1] has three maxima, [0 0 / 0 0] (ReLU's zeros) four.
    const x = [1, 1, 0, 0, 0, 1, 0, 0];
    const dy = [3, 4];
    const want = [1, 1, 1, 1, 0, 1, 1, 1];
    for (const backend of ['cpu', 'wasm'] as const) {
      makeCurrent(tf, backend);
      try {
        const op = maxPool2dOp({ kind: 'maxPool2d', id: 'p', poolSize: [2, 2], strides: [2, 2], padding: 'valid' }, [2, 4, 1], [1, 2, 1], { tf, random: createRandom(1), name: 'ties', transposeFlags: false });
        const got = tf.tidy(() => {
          const step = op.forward(tf.tensor2d(x, [8, 1]), { training: true, dropoutSeed: 0 });
          return [...step.output.dataSync(), ...step.backward(tf.tensor2d(dy, [2, 1]), { inputGrad: true, throughActivation: true }).input!.dataSync()];
        });
        expect(got, backend).toEqual([1, 0, ...want]);
      } finally {
        makeCurrent(tf, 'cpu');
      }
    }
  });
});

describe('batch norm keeps moving statistics', () => {
  it('moves them 1% toward each training batch and normalises by them in inference', () => {
    makeCurrent(tf, 'cpu');
    const op = batchNormOp({ kind: 'batchNorm', id: 'b' }, [2], [2], { tf, random: createRandom(1), name: 'bnstate', transposeFlags: true });
    // Channel 0 sees 1, 3 (mean 2, variance 1); channel 1 sees 10, 10 (mean 10, variance 0).
    const x = tf.tensor2d([1, 3, 10, 10], [2, 2]);
    tf.tidy(() => op.forward(x, { training: true, dropoutSeed: 0 }).commit!());
    const [mean, variance] = op.state!.map((v) => [...v.dataSync()]);
    expect(mean![0]).toBeCloseTo(0.02, 6);
    expect(mean![1]).toBeCloseTo(0.1, 6);
    expect(variance![0]).toBeCloseTo(0.99 + 0.01, 6);
    expect(variance![1]).toBeCloseTo(0.99, 6);
    const y = tf.tidy(() => [...op.forward(x, { training: false, dropoutSeed: 0 }).output.dataSync()]);
    const want = [1, 3, 10, 10].map((v, i) => (i < 2 ? (v - 0.02) / Math.sqrt(1 + 1e-3) : (v - 0.1) / Math.sqrt(0.99 + 1e-3)));
    y.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
    for (const v of [...op.variables, ...op.state!]) v.dispose();
  });
});
