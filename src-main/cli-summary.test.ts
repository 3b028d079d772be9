/** `summary FILE --json` on networks that use every new kind: the counts Keras prints, worked out by hand. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { densely } from '../e2e/fixtures/cli';

interface Row {
  name: string;
  kind: string;
  outputShape: number[];
  weights: number;
  biases: number;
  trainable: number;
  nonTrainable: number;
  params: number;
}

async function summaryJson(layers: unknown[]): Promise<{ layers: Row[]; totals: Omit<Row, 'name' | 'kind' | 'outputShape'> }> {
  const dir = mkdtempSync(join(tmpdir(), 'densely-summary-'));
  const file = join(dir, 'net.densely.json');
  writeFileSync(file, JSON.stringify({ format: 'densely-project', version: 1, name: 'every kind', layers }));
  const r = await densely('summary', file, '--json');
  if (r.code !== 0) throw new Error(r.stderr || `densely summary exited with ${r.code}`);
  return JSON.parse(r.stdout);
}

describe('densely summary --json with every new kind', () => {
  it('conv, batch norm, pooling, reshape, SimpleRNN, LSTM and dense in one chain', async () => {
    const out = await summaryJson([
      { kind: 'input', id: 'in', shape: [28, 28, 1] },
      { kind: 'conv2d', id: 'conv', filters: 8, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', activation: 'relu', useBias: true },
      { kind: 'batchNorm', id: 'bn' },
      { kind: 'maxPool2d', id: 'max', poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
      { kind: 'avgPool2d', id: 'avg', poolSize: [2, 2], strides: [1, 1], padding: 'valid' },
      { kind: 'reshape', id: 'rows', targetShape: [12, 96] },
      { kind: 'simpleRnn', id: 'rnn', units: 16, returnSequences: true, useBias: true },
      { kind: 'lstm', id: 'lstm', units: 8, returnSequences: false, useBias: true },
      { kind: 'dense', id: 'out', units: 10, activation: 'softmax', useBias: true },
    ]);
    expect(out.layers.map((l) => [l.kind, l.outputShape, l.params])).toEqual([
      ['input', [28, 28, 1], 0],
      ['conv2d', [26, 26, 8], 3 * 3 * 1 * 8 + 8],
      ['batchNorm', [26, 26, 8], 4 * 8],
      ['maxPool2d', [13, 13, 8], 0],
      ['avgPool2d', [12, 12, 8], 0],
      ['reshape', [12, 96], 0],
      ['simpleRnn', [12, 16], 16 * (96 + 16) + 16],
      ['lstm', [8], 4 * (8 * (16 + 8) + 8)],
      ['dense', [10], 8 * 10 + 10],
    ]);
    expect(out.layers[2]).toMatchObject({ trainable: 16, nonTrainable: 16 });
    expect(out.totals).toEqual({ weights: 2744, biases: 66, trainable: 2794, nonTrainable: 16, params: 2810 });
  });

  it('global average pooling after a same-padded convolution', async () => {
    const out = await summaryJson([
      { kind: 'input', id: 'in', shape: [8, 8, 3] },
      { kind: 'conv2d', id: 'conv', filters: 4, kernelSize: [3, 3], strides: [1, 1], padding: 'same', activation: 'relu', useBias: true },
      { kind: 'globalAvgPool2d', id: 'gap' },
      { kind: 'dense', id: 'out', units: 2, activation: 'softmax', useBias: true },
    ]);
    expect(out.layers.map((l) => l.outputShape)).toEqual([[8, 8, 3], [8, 8, 4], [4], [2]]);
    expect(out.totals).toEqual({ weights: 108 + 8, biases: 4 + 2, trainable: 122, nonTrainable: 0, params: 122 });
  });
});
