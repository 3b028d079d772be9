/** Data-parallel training on worker threads: the same seed gives the same run on one thread and on several. */
import { describe, expect, it } from 'vitest';
import type { EventName, EventPayload, Network } from '../../../src-shared/protocol/contract';
import type { TrainingSettings } from '../../../src-shared/training/settings';
import { DatasetRegistry } from '../../data/registry';
import { useBackend } from '../backend';
import { TrainingSession } from '../session';
import { chain, settings } from '../test-harness';

async function train(network: Network, s: TrainingSettings, threads: number) {
  const { tf } = await useBackend('wasm');
  const dataset = await new DatasetRegistry().load(s.dataset, s.seed);
  const events: { name: EventName; payload: unknown }[] = [];
  const session = new TrainingSession({ tf, backend: 'wasm', runId: 1, network, settings: s, dataset, emit: (name, payload) => events.push({ name, payload }), stream: false, threads });
  await session.run();
  const of = <K extends EventName>(name: K) => events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<K>);
  const predictions = session.predict([[0.3, -0.7], [1.2, 0.4], [-0.5, -0.5]]).outputs.flat();
  session.dispose();
  return { of, predictions };
}

describe('training on several threads', () => {
  it('gives the same losses, accuracies and predictions as one thread for the same seed (to float32 rounding)', async () => {
    // 2-16-16-1 on xor, Adam, batches of 64 split 3 ways (22, 21, 21 rows), the last batch of each epoch smaller.
    const network = chain([2, 16, 16, 1], 'sigmoid');
    const s = settings({ dataset: 'xor', loss: 'bce', optimizer: 'adam', learningRate: 0.01, batchSize: 64, epochs: 4, seed: 7 });
    const one = await train(network, s, 1);
    const three = await train(network, s, 3);
    expect(one.of('started')[0]!.threads).toBe(1);
    expect(three.of('started')[0]!.threads).toBe(3);
    const a = one.of('epoch');
    const b = three.of('epoch');
    expect(b).toHaveLength(4);
    b.forEach((e, i) => {
      expect(e.loss).toBeCloseTo(a[i]!.loss, 5);
      expect(e.valLoss!).toBeCloseTo(a[i]!.valLoss!, 5);
      expect(e.accuracy).toBe(a[i]!.accuracy);
    });
    // It learned (xor's chance is 0.5), on every thread alike: the predictions agree.
    expect(b.at(-1)!.accuracy!).toBeGreaterThan(0.8);
    three.predictions.forEach((p, i) => expect(p).toBeCloseTo(one.predictions[i]!, 5));
    expect(three.of('done')[0]).toMatchObject({ reason: 'completed', steps: one.of('done')[0]!.steps });
  }, 120_000);
});
