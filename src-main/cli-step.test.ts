/**
 * `densely step` against numbers computed without the trainer: a 2-2-1
 * sigmoid network by plain arithmetic, a softmax classifier by tf's autodiff,
 * and the command once as a person runs it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { runStep, type StepLayer, type StepReport } from './cli-step';
import { useBackend } from './trainer/backend';
import { chain, harness, settings } from './trainer/test-harness';
import { densely } from '../e2e/fixtures/cli';

const dir = mkdtempSync(join(tmpdir(), 'densely-step-'));
const quiet = { stderr: () => {} };

function writeFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function project(name: string, layers: unknown[], countBiases = true): string {
  return writeFile(`${name}.densely.json`, JSON.stringify({ format: 'densely-project', version: 1, name, countBiases, layers }));
}

function expectClose(actual: number | readonly unknown[], expected: number | readonly unknown[], tolerance = 1e-5): void {
  if (typeof expected === 'number') {
    expect(typeof actual).toBe('number');
    expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tolerance);
    return;
  }
  expect((actual as unknown[]).length).toBe(expected.length);
  expected.forEach((e, i) => expectClose((actual as unknown[])[i] as number, e as number, tolerance));
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** The 2-2-1 step written out neuron by neuron, from the printed weights and batch only. */
function handStep(r: StepReport, loss: 'bce' | 'mse') {
  const [h, o] = r.layers as [StepLayer, StepLayer];
  const { x, y } = r.batch;
  const n = x.length;
  const W1 = h.kernel;
  const b1 = h.bias!;
  const W2 = o.kernel;
  const b2 = o.bias!;
  const z1 = x.map((s) => [0, 1].map((j) => s[0]! * W1[0]![j]! + s[1]! * W1[1]![j]! + b1[j]!));
  const a1 = z1.map((row) => row.map(sigmoid));
  const z2 = a1.map((row) => [row[0]! * W2[0]![0]! + row[1]! * W2[1]![0]! + b2[0]!]);
  const a2 = z2.map((row) => [sigmoid(row[0]!)]);
  const p = a2.map((row) => row[0]!);
  const t = y.map((row) => row[0]!);
  let lossValue = 0;
  for (let k = 0; k < n; k++)
    lossValue += loss === 'bce' ? -(t[k]! * Math.log(p[k]!) + (1 - t[k]!) * Math.log(1 - p[k]!)) : (p[k]! - t[k]!) ** 2;
  lossValue /= n;
  // dL/dz2 per sample: for bce with sigmoid it is (p - t)/n; for mse 2(p - t)/n times sigmoid's slope.
  const dz2 = p.map((pk, k) => (loss === 'bce' ? (pk - t[k]!) / n : ((2 * (pk - t[k]!)) / n) * pk * (1 - pk)));
  const dW2 = [0, 1].map((j) => [dz2.reduce((s, d, k) => s + d * a1[k]![j]!, 0)]);
  const db2 = [dz2.reduce((s, d) => s + d, 0)];
  const dz1 = dz2.map((d, k) => [0, 1].map((j) => d * W2[j]![0]! * a1[k]![j]! * (1 - a1[k]![j]!)));
  const dW1 = [0, 1].map((i) => [0, 1].map((j) => dz1.reduce((s, d, k) => s + d[j]! * x[k]![i]!, 0)));
  const db1 = [0, 1].map((j) => dz1.reduce((s, d) => s + d[j]!, 0));
  const lr = r.learningRate;
  const after = (w: number[][], d: number[][]) => w.map((row, i) => row.map((v, j) => v - lr * d[i]![j]!));
  return {
    lossValue,
    z1,
    a1,
    z2,
    a2,
    dW1,
    db1,
    dW2,
    db2,
    W1after: after(W1, dW1),
    b1after: b1.map((v, j) => v - lr * db1[j]!),
    W2after: after(W2, dW2),
    b2after: [b2[0]! - lr * db2[0]!],
  };
}

const csvRows = [
  [0.5, -1.0, 1],
  [-0.3, 0.8, 0],
  [1.2, 0.4, 1],
  [-0.9, -0.6, 0],
];
const tinyCsv = writeFile('tiny.csv', `u,v,label\n${csvRows.map((r) => r.join(',')).join('\n')}\n`);
const sigmoidNet = project('two-two-one', [
  { kind: 'input', id: 'input_1', shape: [2] },
  { kind: 'dense', id: 'dense_1', units: 2, activation: 'sigmoid', useBias: true },
  { kind: 'dense', id: 'dense_2', units: 1, activation: 'sigmoid', useBias: true },
]);

describe('densely step on a 2-2-1 sigmoid network', () => {
  it.each(['bce', 'mse'] as const)('matches a hand computation of the forward pass, the %s loss, every gradient and the update', async (loss) => {
    const r = await runStep(sigmoidNet, { data: tinyCsv, label: 'label', batchSize: '4', lr: '0.1', seed: '7', loss, json: true }, quiet);
    expect(r.loss).toBe(loss);
    expect(r.learningRate).toBe(0.1);
    // The whole CSV is the batch (4 rows leave no validation sample at a 0.2 split), in the session's shuffled order.
    expect(r.batch.x).toHaveLength(4);
    const byRow = r.batch.x.map((s, k) => [...s, r.batch.y[k]![0]!]);
    expect([...byRow].sort((a, b) => a[0]! - b[0]!)).toEqual(
      [...csvRows].sort((a, b) => a[0]! - b[0]!).map((row) => row.map((v) => Math.fround(v))),
    );
    const [h, o] = r.layers as [StepLayer, StepLayer];
    expect([h.name, h.activation, o.name, o.activation]).toEqual(['dense_1', 'sigmoid', 'dense_2', 'sigmoid']);
    expect([h.kernel.length, h.kernel[0]!.length, o.kernel.length, o.kernel[0]!.length]).toEqual([2, 2, 2, 1]);

    const e = handStep(r, loss);
    expectClose(r.lossValue, e.lossValue);
    h.z.forEach((row, k) => expectClose(row, e.z1[k]!));
    h.a.forEach((row, k) => expectClose(row, e.a1[k]!));
    o.z.forEach((row, k) => expectClose(row, e.z2[k]!));
    o.a.forEach((row, k) => expectClose(row, e.a2[k]!));
    h.dKernel.forEach((row, i) => expectClose(row, e.dW1[i]!));
    expectClose(h.dBias!, e.db1);
    o.dKernel.forEach((row, i) => expectClose(row, e.dW2[i]!));
    expectClose(o.dBias!, e.db2);
    h.kernelAfter.forEach((row, i) => expectClose(row, e.W1after[i]!));
    expectClose(h.biasAfter!, e.b1after);
    o.kernelAfter.forEach((row, i) => expectClose(row, e.W2after[i]!));
    expectClose(o.biasAfter!, e.b2after);
    // A step that changes nothing would pass the comparisons above only with zero gradients.
    expect(Math.abs(o.dKernel[0]![0]!)).toBeGreaterThan(1e-4);
  });

  it('gives the same numbers for the same seed, and other weights for another, leaving no tensor behind', async () => {
    const opts = { data: tinyCsv, label: 'label', batchSize: '4', lr: '0.1', loss: 'bce', json: true };
    const a = await runStep(sigmoidNet, { ...opts, seed: '7' }, quiet);
    const { tf } = await useBackend('cpu');
    const tensors = tf.memory().numTensors;
    const [b, c] = [await runStep(sigmoidNet, { ...opts, seed: '7' }, quiet), await runStep(sigmoidNet, { ...opts, seed: '8' }, quiet)];
    expect(tf.memory().numTensors).toBe(tensors);
    expect(b).toEqual(a);
    expect(c.layers[0]!.kernel).not.toEqual(a.layers[0]!.kernel);
  });
});

describe('densely step and the trainer', () => {
  it("starts from the weights a training run starts from, and ends where the run's first SGD batch ends", async () => {
    const r = await runStep(undefined, { layers: '2,3,1', dataset: 'xor', batchSize: '8', lr: '0.1', seed: '5', json: true }, quiet);
    const h = harness('cpu');
    const run = settings({ dataset: 'xor', loss: 'bce', optimizer: 'sgd', learningRate: 0.1, batchSize: 8, epochs: 1, validationSplit: 0.2, shuffle: true, seed: 5 });
    const { runId } = await h.service.handlers.train({ network: chain([2, 3, 1], 'sigmoid'), settings: run, stream: true, startPaused: true });
    const initial = await h.waitFor('weights', (w) => w.runId === runId && w.step === 0);
    await h.service.handlers.step({});
    const after = await h.waitFor('weights', (w) => w.runId === runId && w.step === 1);
    await h.service.handlers.stop({});
    h.service.dispose();
    r.layers.forEach((layer, k) => {
      expectClose(layer.kernel.flat(), Array.from(initial.layers[k]!.kernel!), 0);
      expectClose(layer.kernelAfter.flat(), Array.from(after.layers[k]!.kernel!), 1e-7);
      expectClose(layer.biasAfter!, Array.from(after.layers[k]!.bias!), 1e-7);
    });
  });
});

describe('densely step on a softmax classifier', () => {
  it('matches tf autodiff for categorical cross entropy over 3 classes, with one layer left without a bias', async () => {
    const rows = [
      [0.2, 0.9, 0],
      [-0.7, 0.1, 1],
      [0.5, -0.4, 2],
      [1.1, 0.3, 0],
      [-0.2, -0.8, 2],
      [0.0, 0.6, 1],
    ];
    const csv = writeFile('three.csv', `a,b,class\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    const net = project('two-three-three', [
      { kind: 'input', id: 'input_1', shape: [2] },
      { kind: 'dense', id: 'hidden', units: 3, activation: 'tanh', useBias: false },
      { kind: 'dense', id: 'out', units: 3, activation: 'softmax', useBias: true },
    ]);
    const r = await runStep(net, { data: csv, label: 'class', batchSize: '5', lr: '0.5', seed: '3', loss: 'cce', validationSplit: '0', json: true }, quiet);
    const [h, o] = r.layers as [StepLayer, StepLayer];
    expect(r.batch.x).toHaveLength(5);
    // y as the loss sees it: one-hot rows.
    for (const row of r.batch.y) expect([...row].sort()).toEqual([0, 0, 1]);
    expect(h.bias).toBeNull();
    expect(h.dBias).toBeNull();
    expect(h.biasAfter).toBeNull();

    const { tf } = await useBackend('cpu');
    const x = tf.tensor2d(r.batch.x);
    const y = tf.tensor2d(r.batch.y);
    const forward = (w1: Tensor, w2: Tensor, b2: Tensor) => {
      const z1 = tf.matMul(x, w1 as Tensor2D);
      const a1 = tf.tanh(z1);
      const z2 = tf.add(tf.matMul(a1, w2 as Tensor2D), b2);
      return { z1, a1, z2, a2: tf.softmax(z2 as Tensor2D) };
    };
    const lossOf = (w1: Tensor, w2: Tensor, b2: Tensor) => tf.mean(tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(forward(w1, w2, b2).z2 as Tensor2D)), 1)));
    const w1 = tf.tensor2d(h.kernel);
    const w2 = tf.tensor2d(o.kernel);
    const b2 = tf.tensor1d(o.bias!) as Tensor1D;
    const f = forward(w1, w2, b2);
    const [g1, g2, gb] = tf.grads(lossOf)([w1, w2, b2]);
    const rowsOf = (t: Tensor) => t.arraySync() as number[][];

    expectClose(r.lossValue, lossOf(w1, w2, b2).dataSync()[0]!);
    h.z.forEach((row, k) => expectClose(row, rowsOf(f.z1)[k]!));
    h.a.forEach((row, k) => expectClose(row, rowsOf(f.a1)[k]!));
    o.z.forEach((row, k) => expectClose(row, rowsOf(f.z2)[k]!));
    o.a.forEach((row, k) => expectClose(row, rowsOf(f.a2)[k]!));
    for (const row of o.a) expectClose(row.reduce((s, v) => s + v, 0), 1);
    h.dKernel.forEach((row, i) => expectClose(row, rowsOf(g1!)[i]!));
    o.dKernel.forEach((row, i) => expectClose(row, rowsOf(g2!)[i]!));
    expectClose(o.dBias!, Array.from(gb!.dataSync()));
    h.kernelAfter.forEach((row, i) => expectClose(row, h.kernel[i]!.map((v, j) => v - 0.5 * rowsOf(g1!)[i]![j]!)));
    expectClose(o.biasAfter!, o.bias!.map((v, j) => v - 0.5 * gb!.dataSync()[j]!));
    tf.dispose([x, y, w1, w2, b2, f.z1, f.a1, f.z2, f.a2, g1!, g2!, gb!]);
  });
});

describe('densely step as a process', () => {
  it('prints one JSON object and exits 0; refuses a conv network and a step too large to print, in one line each', async () => {
    const [ok, conv, large] = await Promise.all([
      densely('step', '--layers', '2,3,1', '--dataset', 'xor', '--batch-size', '4', '--lr', '0.1', '--seed', '1', '--json'),
      densely('step', 'assets/samples/lecture-cnn.densely.json', '--json'),
      densely('step', '--layers', '784,600,10', '--dataset', 'digits', '--batch-size', '32', '--json'),
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const lines = ok.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]!) as StepReport;
    expect(Object.keys(r)).toEqual(['loss', 'learningRate', 'batch', 'lossValue', 'layers']);
    expect(r.loss).toBe('bce');
    expect(r.batch.x).toHaveLength(4);
    expect(r.layers.map((l) => [l.name, l.activation, l.kernel.length, l.kernel[0]!.length])).toEqual([
      ['dense_1', 'relu', 2, 3],
      ['dense_2', 'sigmoid', 3, 1],
    ]);
    expect(Object.keys(r.layers[0]!)).toEqual(['name', 'activation', 'kernel', 'bias', 'z', 'a', 'dKernel', 'dBias', 'kernelAfter', 'biasAfter']);

    expect(conv.code).toBe(1);
    expect(conv.stdout).toBe('');
    expect(conv.stderr).toBe(
      'error: Step mode is for small dense networks, and conv2d_1 is a conv2d layer; use dense layers only (with flatten, activation or dropout between them), or densely train.\n',
    );
    expect(large.code).toBe(1);
    expect(large.stdout).toBe('');
    // 784x600 + 600x10 weights, three times (before, gradient, after), at up to 24 characters a value.
    expect(large.stderr).toBe(
      "error: One step of this network with a batch of 32 would print about 34.2 MB of numbers, more than step mode's limit of 5 MB; use fewer or smaller layers, or a smaller --batch-size.\n",
    );
  });
});
