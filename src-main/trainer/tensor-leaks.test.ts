/** Every way a run can go wrong leaves the backend holding exactly the tensors it held before. */
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload, Network } from '../../src-shared/protocol/contract';
import type { Optimizer, TrainingSettings } from '../../src-shared/training/settings';
import { DatasetRegistry } from '../data/registry';
import { useBackend, type Tf } from './backend';
import type { ReadbackPolicy } from './loss-readback';
import type { Model } from './model';
import { OPTIMIZER_FACTORIES } from './optimizers';
import { TrainingSession } from './session';
import { chain, harness, settings } from './test-harness';

let tf: Tf;
beforeAll(async () => {
  tf = (await useBackend('cpu')).tf;
});

/** The tensor count once a service has let go of its run (dispose finishes on a later tick). */
async function countAfterRelease(want: number): Promise<number> {
  for (let i = 0; i < 100 && tf.memory().numTensors !== want; i++) await new Promise((r) => setTimeout(r, 10));
  return tf.memory().numTensors;
}

async function session(network: Network, s: TrainingSettings, readback: ReadbackPolicy = { everyBatches: 1 }) {
  const dataset = await new DatasetRegistry().load(s.dataset, s.seed);
  const events: { name: EventName; payload: unknown }[] = [];
  const run = new TrainingSession({ tf, backend: 'cpu', runId: 1, network, settings: s, dataset, emit: (name, payload) => events.push({ name, payload }), stream: true, readback });
  const of = <K extends EventName>(name: K) => events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<K>);
  return { run, of };
}

const xor = { network: chain([2, 8, 1], 'sigmoid'), settings: settings({ dataset: 'xor', loss: 'bce', epochs: 2 }), stream: true, startPaused: false };

describe('no tensor is left behind', () => {
  it('by a diverging loss', async () => {
    const base = tf.memory().numTensors;
    const h = harness();
    const diverging = settings({ dataset: 'reg-plane', loss: 'mse', optimizer: 'sgd', learningRate: 5, batchSize: 16, epochs: 5 });
    await h.service.handlers.train({ network: chain([2, 8, 1], 'linear'), settings: diverging, stream: true, startPaused: false });
    expect((await h.waitFor('done')).reason).toBe('diverged');
    h.service.dispose();
    expect(await countAfterRelease(base)).toBe(base);
  });

  it('by a network refused for its memory or its shapes', async () => {
    const base = tf.memory().numTensors;
    const h = harness();
    const refused = (network: Network) => Promise.resolve(h.service.handlers.train({ ...xor, network })).then(() => 'trained', (e: Error) => e.message);
    expect(await refused(chain([2, 100_000, 10_000, 1], 'sigmoid'))).toMatch(/^This network would need about 22\.4 GiB/);
    expect(await refused(chain([3, 1], 'sigmoid'))).toMatch(/set the input to 2/);
    expect(tf.memory().numTensors).toBe(base);
    h.service.dispose();
  });

  it('by a Stop in the middle of a run, and by a Stop while it loads', async () => {
    const base = tf.memory().numTensors;
    const h = harness();
    const { runId } = await h.service.handlers.train({ ...xor, settings: { ...xor.settings, epochs: 500 } });
    await h.waitFor('batch');
    await h.service.handlers.stop({});
    expect((await h.waitFor('done', (d) => d.runId === runId)).reason).toBe('stopped');
    const loading = h.service.handlers.train(xor);
    await h.service.handlers.stop({});
    const second = await loading;
    expect((await h.waitFor('done', (d) => d.runId === second.runId)).reason).toBe('stopped');
    h.service.dispose();
    expect(await countAfterRelease(base)).toBe(base);
  });

  it.each([1, 4])('by an error thrown inside a batch, with the loss read back every %i batches', async (everyBatches) => {
    const factories = OPTIMIZER_FACTORIES as Record<Optimizer, (typeof OPTIMIZER_FACTORIES)['sgd']>;
    const real = factories.sgd;
    // The third optimizer step fails, after the batch's forward and backward tensors were made.
    factories.sgd = (t, lr) => {
      const optimizer = real(t, lr);
      const apply = optimizer.applyGradients.bind(optimizer);
      let calls = 0;
      optimizer.applyGradients = (g) => {
        if (++calls === 3) throw new Error('the backend ran out of memory');
        apply(g);
      };
      return optimizer;
    };
    try {
      const base = tf.memory().numTensors;
      const { run, of } = await session(chain([2, 8, 1], 'sigmoid'), settings({ dataset: 'xor', loss: 'bce', optimizer: 'sgd', epochs: 1 }), { everyBatches });
      await run.run();
      expect(of('error')[0]!.message).toBe('Training stopped with an internal error: the backend ran out of memory');
      expect(of('done')[0]).toMatchObject({ reason: 'stopped', steps: 2 });
      run.dispose();
      expect(tf.memory().numTensors).toBe(base);
    } finally {
      factories.sgd = real;
    }
  });

  it('by predict and evaluate requests that fail', async () => {
    const { run } = await session(chain([2, 8, 1], 'sigmoid'), settings({ dataset: 'xor', loss: 'bce', epochs: 1 }));
    await run.run();
    const held = tf.memory().numTensors;
    expect(() => run.predict([[1, 2, 3]])).toThrow('Input 0 has 3 values, but the network takes 2.');
    // A failure inside the model, after it has made tensors of its own.
    const model = (run as unknown as { model: Model }).model;
    model.forward = (x: Tensor2D) => {
      tf.relu(x);
      throw new Error('a kernel failed');
    };
    expect(() => run.predict([[1, 2]])).toThrow('a kernel failed');
    expect(() => run.evaluate(100)).toThrow('a kernel failed');
    expect(tf.memory().numTensors).toBe(held);
    run.dispose();
  });
});
