/** A run that reads its losses back in windows (as on the native backends) must report what a run reading every batch does. */
import { describe, expect, it } from 'vitest';
import type { EventName, EventPayload, Network } from '../../src-shared/protocol/contract';
import type { TrainingSettings } from '../../src-shared/training/settings';
import { DatasetRegistry } from '../data/registry';
import { useBackend } from './backend';
import type { ReadbackPolicy } from './loss-readback';
import { TrainingSession } from './session';
import { chain, settings } from './test-harness';

async function train(network: Network, s: TrainingSettings, readback: ReadbackPolicy) {
  const { tf } = await useBackend('cpu');
  const dataset = await new DatasetRegistry().load(s.dataset, s.seed);
  const events: { name: EventName; payload: unknown }[] = [];
  const session = new TrainingSession({ tf, backend: 'cpu', runId: 1, network, settings: s, dataset, emit: (name, payload) => events.push({ name, payload }), stream: false, readback });
  await session.run();
  const of = <K extends EventName>(name: K) => events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<K>);
  return { session, of };
}

const figures = (epochs: EventPayload<'epoch'>[]) => epochs.map(({ samplesPerSec: _, ...rest }) => rest);

describe('reading the loss back in windows', () => {
  it('gives the same epoch losses and accuracies as reading every batch, for one output unit and for ten', async () => {
    const cases: [Network, TrainingSettings][] = [
      // 400 training samples in batches of 16: 25 batches, so a window of 4 ends early at each epoch's end.
      [chain([2, 8, 1], 'sigmoid'), settings({ dataset: 'xor', loss: 'bce', batchSize: 16, epochs: 3 })],
      [chain([784, 8, 10], 'softmax'), settings({ dataset: 'digits', loss: 'cce', batchSize: 256, epochs: 1, learningRate: 0.003 })],
    ];
    for (const [network, s] of cases) {
      const every = await train(network, s, { everyBatches: 1 });
      const windowed = await train(network, s, { everyBatches: 4 });
      expect(figures(windowed.of('epoch'))).toEqual(figures(every.of('epoch')));
      // Counted, not left at zero (digits' chance is a tenth).
      expect(windowed.of('epoch').at(-1)!.accuracy).toBeGreaterThan(0.3);
      expect(windowed.of('done')[0]).toMatchObject({ reason: 'completed', steps: every.of('done')[0]!.steps, finalLoss: every.of('done')[0]!.finalLoss });
      // Batch events only ever name a step whose loss has been read: they rise, and the last is the last step.
      const steps = windowed.of('batch').map((b) => b.step);
      expect(steps).toEqual([...steps].sort((a, b) => a - b));
      expect(steps.at(-1)).toBe(every.of('done')[0]!.steps);
      every.session.dispose();
      windowed.session.dispose();
    }
  });

  it('still stops a diverging run at the batch whose loss was not finite, with finite weights', async () => {
    const s = settings({ dataset: 'reg-plane', loss: 'mse', optimizer: 'sgd', learningRate: 5, batchSize: 16, epochs: 5 });
    const every = await train(chain([2, 8, 1], 'linear'), s, { everyBatches: 1 });
    const windowed = await train(chain([2, 8, 1], 'linear'), s, { everyBatches: 16 });
    const done = windowed.of('done')[0]!;
    expect(done.reason).toBe('diverged');
    // The same batch as when reading every batch; training ran on past it until the window was read.
    expect(done.message).toBe(every.of('done')[0]!.message);
    expect(done.message).toMatch(/^The loss became (infinite|not a number \(NaN\)) at epoch \d+, batch \d+, so training stopped; the weights are back to the last ones known to give a finite loss\./);
    expect(Number.isFinite(done.finalLoss!)).toBe(true);
    expect(windowed.session.predict([[1, 1]]).outputs[0]!.every(Number.isFinite)).toBe(true);
    every.session.dispose();
    windowed.session.dispose();
  });
});
