/**
 * The walk-through's request and `densely step` are one computation: the app
 * asks the trainer service for the step the CLI prints, and refusals read as
 * the app's fields, not the CLI's flags.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { requests } from '../../src-shared/protocol/contract';
import { trainedLayers } from '../../src-shared/graph/trained-network';
import { runStep } from '../cli-step';
import type { StepLayer } from './step-detail';
import { chain, harness, settings } from './test-harness';

const quiet = { stderr: () => {} };

describe('the gradientStep request', () => {
  it('answers, for the 3-4-1 lecture network without biases, exactly what densely step prints for the same seed', async () => {
    const h = harness('cpu');
    // The settings the panel sends, optimizer and epochs included: the step is plain SGD whatever they say.
    const run = settings({ dataset: 'spheres', loss: 'bce', optimizer: 'adam', learningRate: 0.05, batchSize: 4, epochs: 30, seed: 11 });
    const net = chain([3, 4, 1], 'sigmoid');
    const network = { ...net, layers: trainedLayers({ countBiases: false, layers: net.layers }) };
    const args = requests.gradientStep.args.parse({ network, settings: run });
    const answer = await h.service.handlers.gradientStep(args);
    h.service.dispose();
    // What crosses to the renderer is checked against the contract there.
    expect(requests.gradientStep.result.safeParse(answer).success).toBe(true);
    const printed = await runStep(undefined, { layers: '3,4,1', dataset: 'spheres', loss: 'bce', lr: '0.05', batchSize: '4', seed: '11', bias: false, json: true }, quiet);
    // The app's answer adds each layer's errors δ; everything else is the CLI's, to the bit.
    const { dZ: hidden, ...hiddenRest } = answer.layers[0]!;
    const { dZ: output, ...outputRest } = answer.layers[1]!;
    expect(JSON.stringify({ ...answer, layers: [hiddenRest, outputRest] })).toBe(JSON.stringify(printed));

    // δ by hand from the printed numbers: sigmoid with cross entropy gives δ = (p - t)/n at the output; a hidden
    // neuron's δ is the output's δ times its weight, times relu's slope (1 where z > 0); dW = sum over samples of x δ.
    const n = answer.batch.x.length;
    const [hid, o] = answer.layers as [StepLayer, StepLayer];
    answer.batch.y.forEach((t, k) => expect(output![k]![0]!).toBeCloseTo((o.a[k]![0]! - t[0]!) / n, 6));
    hidden!.forEach((row, k) =>
      row.forEach((d, j) => expect(d).toBeCloseTo(hid.z[k]![j]! > 0 ? output![k]![0]! * o.kernel[j]![0]! : 0, 6)),
    );
    hid.dKernel.forEach((row, i) => row.forEach((g, j) => expect(g).toBeCloseTo(answer.batch.x.reduce((s, x, k) => s + x[i]! * hidden![k]![j]!, 0), 6)));
    expect(answer.layers.map((l) => [l.name, l.activation, l.bias])).toEqual([
      ['dense_1', 'relu', null],
      ['dense_2', 'sigmoid', null],
    ]);
    // SGD with rate 0.05, not Adam: every weight moved by exactly 0.05 times its gradient.
    const [w, d, after] = [answer.layers[1]!.kernel.flat(), answer.layers[1]!.dKernel.flat(), answer.layers[1]!.kernelAfter.flat()];
    w.forEach((v, i) => expect(after[i]!).toBeCloseTo(v - 0.05 * d[i]!, 6));
    expect(d.some((g) => Math.abs(g) > 1e-4)).toBe(true);
  });

  it('refuses a convolutional network and a step too large to show, in the words of the app', async () => {
    const h = harness('cpu');
    const cnn = JSON.parse(readFileSync('assets/samples/lecture-cnn.densely.json', 'utf8')) as { name: string; layers: unknown[] };
    const digits = settings({ dataset: 'digits', loss: 'cce', batchSize: 32 });
    await expect(h.service.handlers.gradientStep(requests.gradientStep.args.parse({ network: cnn, settings: digits }))).rejects.toThrow(
      'The walk-through is for small dense networks, and conv2d_1 is a conv2d layer; use dense layers only (with flatten, activation or dropout between them), or press Train to train it.',
    );
    const wide = chain([784, 600, 10], 'softmax');
    wide.layers[0] = { kind: 'input', id: 'input_1', shape: [28, 28] } as (typeof wide.layers)[number];
    wide.layers.splice(1, 0, { kind: 'flatten', id: 'flatten_1' } as (typeof wide.layers)[number]);
    // 32 x (784 + 10) batch values, (784x600 + 600 + 600x10 + 10) x 3 weights, 32 x 610 x 3 for z, a and δ: 1,514,998
    // values at up to 24 characters each.
    await expect(h.service.handlers.gradientStep(requests.gradientStep.args.parse({ network: wide, settings: digits }))).rejects.toThrow(
      "One step of this network with a batch of 32 would hold about 34.7 MB of numbers, more than the walk-through's limit of 5 MB; use fewer or smaller layers, or a smaller batch size.",
    );
    h.service.dispose();
  });

  it('takes no batch larger than the walk-through shows', () => {
    const over = requests.gradientStep.args.safeParse({ network: chain([2, 2, 1], 'sigmoid'), settings: settings({ dataset: 'xor', batchSize: 65 }) });
    expect(over.success).toBe(false);
  });
});
