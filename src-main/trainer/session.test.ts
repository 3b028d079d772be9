import { describe, expect, it } from 'vitest';
import { OPTIMIZERS } from '../../src-shared/training/settings';
import type { Layer } from '../../src-shared/layers/registry';
import { loadTf } from './backend';
import { chain, harness, settings } from './test-harness';

describe('training session', () => {
  it('each optimizer lowers the loss on a small problem', async () => {
    for (const optimizer of OPTIMIZERS) {
      const h = harness();
      const lr = optimizer === 'sgd' || optimizer === 'momentum' ? 0.01 : optimizer === 'adagrad' ? 0.1 : 0.01;
      await h.service.handlers.train({
        network: chain([2, 1], 'linear'),
        settings: settings({ dataset: 'reg-plane', loss: 'mse', optimizer, learningRate: lr, batchSize: 32, epochs: 5 }),
        stream: false,
        startPaused: false,
      });
      const done = await h.waitFor('done');
      expect(done.reason, optimizer).toBe('completed');
      const epochs = h.of('epoch');
      expect(epochs.at(-1)!.loss, optimizer).toBeLessThan(epochs[0]!.loss * 0.9);
      h.service.dispose();
    }
  });

  it('gives the same losses for the same seed, and different ones for another', async () => {
    const run = async (seed: number) => {
      const h = harness();
      await h.service.handlers.train({
        network: { name: 'n', layers: [...chain([2, 6, 1], 'sigmoid').layers.slice(0, 2), { kind: 'dropout', id: 'dropout_1', rate: 0.2 }, chain([2, 6, 1], 'sigmoid').layers[2]!] },
        settings: settings({ dataset: 'circle', loss: 'bce', epochs: 3, seed }),
        stream: false,
        startPaused: false,
      });
      await h.waitFor('done');
      h.service.dispose();
      return h.of('epoch').map((e) => [e.loss, e.valLoss]);
    };
    const a = await run(5);
    expect(await run(5)).toEqual(a);
    expect(await run(6)).not.toEqual(a);
  });

  it('streams activations for every layer, softmax outputs that sum to 1, and the drawn neurons of wide layers', async () => {
    const h = harness();
    await h.service.handlers.train({ network: chain([2, 20, 2], 'softmax'), settings: settings({ dataset: 'xor', loss: 'cce', epochs: 2 }), stream: true, startPaused: false });
    await h.waitFor('done');
    const frame = h.of('activations').at(-1)!;
    expect(frame.layers.map((l) => l.layerId)).toEqual(['input_1', 'dense_1', 'dense_2']);
    const wide = frame.layers[1]!;
    expect(wide.size).toBe(20);
    // The same neurons the canvas draws: the first five and the last five.
    expect(wide.indices).toEqual([0, 1, 2, 3, 4, 15, 16, 17, 18, 19]);
    expect(wide.values.length).toBe(10);
    const out = frame.layers[2]!.values;
    expect(out[0]! + out[1]!).toBeCloseTo(1, 5);
    const { outputs } = await h.service.handlers.predict({ inputs: [[1, 2], [-3, 4]] });
    for (const o of outputs) expect(o.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const weights = h.of('weights').at(-1)!;
    expect(weights.layers[0]).toMatchObject({ layerId: 'dense_1', rows: 2, cols: 20 });
    expect(weights.layers[0]!.kernel!.length).toBe(40);
    h.service.dispose();
  });

  it('sends a summary instead of a kernel too large to send whole', async () => {
    const h = harness();
    await h.service.handlers.train({ network: chain([784, 8, 10], 'softmax'), settings: settings({ dataset: 'digits', loss: 'cce', epochs: 1, batchSize: 256 }), stream: true, startPaused: true });
    await h.waitFor('weights');
    const w = h.of('weights')[0]!.layers[0]!;
    expect(w.kernel).toBeUndefined();
    expect(w.bias!.length).toBe(8);
    expect(w.summary.std).toBeGreaterThan(0);
    await h.service.handlers.stop({});
    h.service.dispose();
  });

  it('stops on a NaN or infinite loss, says so, and keeps the last good weights', async () => {
    const h = harness();
    await h.service.handlers.train({
      network: chain([2, 8, 1], 'linear'),
      settings: settings({ dataset: 'reg-plane', loss: 'mse', optimizer: 'sgd', learningRate: 5, batchSize: 16, epochs: 5 }),
      stream: false,
      startPaused: false,
    });
    const done = await h.waitFor('done');
    expect(done.reason).toBe('diverged');
    expect(done.message).toMatch(/The loss became (infinite|not a number)/);
    const { outputs } = await h.service.handlers.predict({ inputs: [[1, 1]] });
    expect(Number.isFinite(outputs[0]![0]!)).toBe(true);
    h.service.dispose();
  });

  it('does not leak tensors from one epoch to the next', async () => {
    const tf = await loadTf();
    const counts: number[] = [];
    // Counted as each epoch ends, at the same point of the loop every time.
    const h = harness('cpu', (name) => name === 'epoch' && counts.push(tf.memory().numTensors));
    await h.service.handlers.train({ network: chain([2, 8, 8, 1], 'sigmoid'), settings: settings({ dataset: 'xor', loss: 'bce', epochs: 6 }), stream: true, startPaused: false });
    await h.waitFor('done');
    expect(counts.length).toBe(6);
    // Adam's slots appear in the first epoch; after that the count holds.
    expect(new Set(counts.slice(1)).size).toBe(1);
    h.service.dispose();
    await new Promise((r) => setTimeout(r, 50));
    expect(tf.memory().numTensors).toBeLessThan(counts[0]!);
  });
});

describe('refusals', () => {
  const refuse = async (layers: Layer[], over: Parameters<typeof settings>[0]) => {
    const h = harness();
    const err = await Promise.resolve(h.service.handlers.train({ network: { name: 'n', layers }, settings: settings(over), stream: false, startPaused: false })).then(
      () => null,
      (e: Error) => e.message,
    );
    h.service.dispose();
    return err;
  };
  it('softmax with mean squared error', async () => {
    expect(await refuse(chain([2, 4, 2], 'softmax').layers, { dataset: 'xor', loss: 'mse' })).toMatch(/Softmax outputs with mean squared error/);
  });
  it('ten outputs with binary cross entropy', async () => {
    expect(await refuse(chain([784, 10], 'sigmoid').layers, { dataset: 'digits', loss: 'bce' })).toMatch(/Binary cross entropy needs two classes/);
  });
  it('too few outputs for the classes', async () => {
    expect(await refuse(chain([784, 9], 'softmax').layers, { dataset: 'digits', loss: 'cce' })).toMatch(/10 classes, but the output layer has 9 units/);
  });
  it('an input that does not match the features', async () => {
    expect(await refuse(chain([3, 4, 1], 'sigmoid').layers, { dataset: 'xor', loss: 'bce' })).toMatch(/has 2 features per sample; set the input to 2/);
    expect(await refuse(chain([100, 10], 'softmax').layers, { dataset: 'digits', loss: 'cce' })).toMatch(/28x28 images; set the input to 28x28 followed by a Flatten layer, or to 784/);
  });
  it('shape errors in the network', async () => {
    const layers: Layer[] = [
      { kind: 'input', id: 'input_1', shape: [28, 28] },
      { kind: 'dense', id: 'dense_1', units: 10, activation: 'softmax', useBias: true },
    ];
    expect(await refuse(layers, { dataset: 'digits', loss: 'cce' })).toMatch(/add a Flatten layer before it/);
  });
  it('a network that would need more memory than the budget', async () => {
    expect(await refuse(chain([2, 100_000, 10_000, 1], 'sigmoid').layers, { dataset: 'xor', loss: 'bce', optimizer: 'adam', batchSize: 16 })).toBe(
      'This network would need about 22.4 GiB to train (1,000,320,001 parameters with Adam at batch 16), more than the 1.5 GiB Densely allows; use fewer or smaller layers.',
    );
  });
  it('an unknown dataset', async () => {
    expect(await refuse(chain([2, 1], 'sigmoid').layers, { dataset: 'nope', loss: 'bce' })).toMatch(/no dataset named "nope"/);
  });
});
