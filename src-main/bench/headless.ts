/**
 * Trains through the real trainer service, headless (stream off), and
 * collects its events: what the CLI does, minus the printing.
 */
import type { Layer } from '../../src-shared/layers/registry';
import type { EventName, EventPayload } from '../../src-shared/protocol/contract';
import type { TrainingSettings } from '../../src-shared/training/settings';
import type { Dataset } from '../data/dataset';
import { createTrainerService } from '../trainer/service';
import { withTimeout } from './report';

export interface HeadlessRun {
  readonly started: EventPayload<'started'>;
  readonly epochs: (EventPayload<'epoch'> & { t: number })[];
  readonly done: EventPayload<'done'>;
  /** performance.now() when `train` was asked for. */
  readonly t0: number;
}

export interface HeadlessOptions {
  readonly layers: Layer[];
  readonly settings: TrainingSettings;
  readonly backend?: string;
  /** A dataset to register first (through the registry's public `add`, as an import would). */
  readonly dataset?: Dataset;
  readonly timeoutMs: number;
}

export async function trainHeadless(o: HeadlessOptions): Promise<HeadlessRun> {
  let started: EventPayload<'started'> | null = null;
  const epochs: HeadlessRun['epochs'] = [];
  let finish!: (d: EventPayload<'done'>) => void;
  let fail!: (e: Error) => void;
  const done = new Promise<EventPayload<'done'>>((ok, no) => ((finish = ok), (fail = no)));
  const emit = <K extends EventName>(name: K, payload: EventPayload<K>) => {
    if (name === 'started') started = payload as EventPayload<'started'>;
    else if (name === 'epoch') epochs.push({ ...(payload as EventPayload<'epoch'>), t: performance.now() });
    else if (name === 'done') finish(payload as EventPayload<'done'>);
    else if (name === 'error') fail(new Error((payload as EventPayload<'error'>).message));
  };
  const service = createTrainerService(emit, { ...(o.backend ? { backend: o.backend } : {}) });
  try {
    if (o.dataset) service.datasets.add(o.dataset);
    const t0 = performance.now();
    await service.handlers.train({ network: { name: 'bench', layers: o.layers }, settings: o.settings, stream: false, startPaused: false });
    const d = await withTimeout('training', o.timeoutMs, () => done, () => void Promise.resolve(service.handlers.stop({})).catch(() => {}));
    if (d.reason === 'diverged') throw new Error(d.message ?? 'the loss diverged');
    if (!started) throw new Error('the trainer never said it started');
    return { started, epochs, done: d, t0 };
  } finally {
    await Promise.resolve(service.handlers.stop({})).catch(() => {});
    service.dispose();
  }
}
