import { describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../src-shared/protocol/contract';
import { availableBackends, CPU_MAX_STEP_WORK } from './backend';
import { createTrainerService } from './service';
import { chain, settings } from './test-harness';

/** A service with or without a forced backend, and its events. */
function service(backend?: string) {
  const events: { name: EventName; payload: unknown }[] = [];
  let wake: (() => void) | null = null;
  const s = createTrainerService(
    (name, payload) => {
      events.push({ name, payload });
      wake?.();
    },
    backend ? { backend } : {},
  );
  const of = <K extends EventName>(name: K) => events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<K>);
  const done = async () => {
    while (of('done').length === 0) await new Promise<void>((r) => (wake = r));
    return of('done')[0]!;
  };
  return { s, of, done };
}

const tiny = { network: chain([2, 4, 2, 1], 'tanh', 'tanh'), settings: settings({ dataset: 'circle-pm1', loss: 'mse', optimizer: 'sgd', learningRate: 0.03, batchSize: 10, epochs: 2 }), stream: false, startPaused: false };
const digits = { network: chain([784, 32, 10], 'softmax'), settings: settings({ dataset: 'digits', loss: 'cce', epochs: 1, batchSize: 64, learningRate: 0.003 }), stream: false, startPaused: false };

describe('backend choice', () => {
  // First in the file, while wasm has not initialized: the window asks for the backend as it opens, and Train may follow at once.
  it('a run that starts while the backends are still loading trains', async () => {
    const both = service();
    const [info] = await Promise.all([both.s.handlers.backendInfo({}), both.s.handlers.train(tiny)]);
    expect(info.available).toContain('cpu');
    expect(await both.done()).toMatchObject({ reason: 'completed', backend: 'cpu' });
    expect(both.of('error')).toEqual([]);
    both.s.dispose();
  });

  it('trains a tiny network on cpu and a larger one on the best accelerated backend, and says which', async () => {
    expect(25 * 10).toBeLessThanOrEqual(CPU_MAX_STEP_WORK);
    const best = (await availableBackends()).find((b) => b !== 'cpu');
    const small = service();
    await small.s.handlers.train(tiny);
    expect((await small.done()).backend).toBe('cpu');
    expect(small.of('started')[0]!.backend).toBe('cpu');
    small.s.dispose();

    const large = service();
    await large.s.handlers.train(digits);
    const done = await large.done();
    expect(large.of('started')[0]!.backend).toBe(best);
    expect(done).toMatchObject({ reason: 'completed', backend: best });
    large.s.dispose();
  });

  it('a forced backend wins, small network or not', async () => {
    const forced = service('wasm');
    await forced.s.handlers.train(tiny);
    expect((await forced.done()).backend).toBe('wasm');
    forced.s.dispose();
  });

  it('two services train at once on different backends, each on its own', async () => {
    const a = service('wasm');
    const b = service('cpu');
    await a.s.handlers.train(digits);
    await b.s.handlers.train({ ...tiny, settings: { ...tiny.settings, epochs: 40 } });
    const [da, db] = await Promise.all([a.done(), b.done()]);
    expect(da).toMatchObject({ reason: 'completed', backend: 'wasm' });
    expect(db).toMatchObject({ reason: 'completed', backend: 'cpu' });
    expect(a.of('epoch').at(-1)!.valAccuracy).toBeGreaterThan(0.8);
    expect(b.of('epoch').at(-1)!.valLoss).toBeLessThan(b.of('epoch')[0]!.valLoss!);
    // The trained weights still answer on their own backend.
    const { outputs } = await a.s.handlers.predict({ inputs: [new Array(784).fill(0)] });
    expect(outputs[0]!.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 4);
    a.s.dispose();
    b.s.dispose();
  });
});
