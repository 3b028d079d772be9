/** What a teacher does with mistakes: train a bad pairing anyway, open a neuron's numbers, open a confusion cell's samples. */
import { describe, expect, it } from 'vitest';
import { CELL_SAMPLES } from '../../src-shared/protocol/contract';
import { useBackend } from './backend';
import { chain, harness, settings } from './test-harness';

describe('teaching with mistakes', () => {
  it('refuses mean squared error on a softmax output, and trains it when asked to anyway', async () => {
    const h = harness();
    const args = { network: chain([3, 4, 2], 'softmax'), settings: settings({ dataset: 'spheres', loss: 'mse', epochs: 2 }), stream: false, startPaused: false };
    await expect(h.service.handlers.train(args)).rejects.toThrow(/^Softmax outputs with mean squared error train poorly/);
    const { runId } = await h.service.handlers.train({ ...args, allowLossMismatch: true });
    const done = await h.waitFor('done', (d) => d.runId === runId);
    expect(done.reason).toBe('completed');
    expect(Number.isFinite(done.finalLoss)).toBe(true);
    h.service.dispose();
  });

  it('still refuses, asked anyway, an output with too few units for the classes', async () => {
    const h = harness();
    const args = { network: chain([784, 8, 4], 'softmax'), settings: settings({ dataset: 'digits', loss: 'cce' }), stream: false, startPaused: false, allowLossMismatch: true };
    await expect(h.service.handlers.train(args)).rejects.toThrow('Handwritten digits has 10 classes, but the output layer has 4 units; categorical cross entropy needs one unit per class, so set it to 10.');
    h.service.dispose();
  });

  it("sends a focused layer's neurons: inputs, weights and bias that give z, and the trainer's own a = relu(z)", async () => {
    const h = harness();
    const network = chain([3, 4, 2], 'softmax');
    const hidden = network.layers[1]!.id;
    await h.service.handlers.train({ network, settings: settings({ dataset: 'spheres', loss: 'cce' }), stream: true, startPaused: true });
    await h.waitFor('state');
    await h.service.handlers.focusNeurons({ layerId: hidden });
    const f = await h.waitFor('neurons', (p) => p.layerId === hidden);
    expect(f.inputs.length).toBe(3);
    expect(f.size).toBe(4);
    expect(f.neurons.map((n) => n.index)).toEqual([0, 1, 2, 3]);
    for (const n of f.neurons) {
      expect(n.weights.length).toBe(3);
      let z = n.bias ?? 0;
      for (let k = 0; k < 3; k++) z += f.inputs[k]! * n.weights[k]!;
      expect(n.a).toBeCloseTo(Math.max(0, z), 5);
    }
    // The output layer: softmax over two, whose outputs sum to 1. Sending frames keeps no tensor behind.
    const { tf } = await useBackend('cpu');
    const tensors = tf.memory().numTensors;
    const out = network.layers[2]!.id;
    await h.service.handlers.focusNeurons({ layerId: out });
    const o = await h.waitFor('neurons', (p) => p.layerId === out);
    await h.service.handlers.focusNeurons({ layerId: hidden });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(o.inputs.length).toBe(4);
    expect(o.outputSum).toBeCloseTo(1, 5);
    const zs = o.neurons.map((n) => n.weights.reduce((s, w, k) => s + w * o.inputs[k]!, n.bias ?? 0));
    const e = zs.map((z) => Math.exp(z));
    expect(o.neurons[0]!.a).toBeCloseTo(e[0]! / (e[0]! + e[1]!), 5);
    await h.service.handlers.stop({});
    h.service.dispose();
  });

  it("lists each confusion cell's first samples, and opening one after the run sends its forward pass", async () => {
    const h = harness();
    const { runId } = await h.service.handlers.train({ network: chain([3, 8, 1], 'sigmoid'), settings: settings({ dataset: 'spheres', loss: 'bce', epochs: 3 }), stream: true, startPaused: false });
    await h.waitFor('done', (d) => d.runId === runId);
    const r = await h.service.handlers.evaluate({});
    const cells = r.cellSamples!;
    expect(cells.length).toBe(2);
    cells.forEach((row, a) => row.forEach((list, p) => expect(list.length).toBe(Math.min(r.confusion![a]![p]!, CELL_SAMPLES))));
    const all = cells.flat(2);
    expect(new Set(all).size).toBe(all.length);
    // A sample of cell [a][p] is of class a: the trainer's frame for it carries that label.
    const a = cells.findIndex((row) => row.some((l) => l.length > 0));
    const sample = cells[a]!.find((l) => l.length > 0)!.at(-1)!;
    const before = h.of('activations').length;
    await h.service.handlers.setProbe({ index: sample });
    const frame = h.of('activations').slice(before)[0]!;
    expect(frame.probe).toBe(sample);
    expect(frame.label).toBe(a);
    h.service.dispose();
  });
});
