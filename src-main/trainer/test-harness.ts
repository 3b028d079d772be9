/** Drives a trainer service in tests: collects its events and waits for them. */
import type { EventName, EventPayload } from '../../src-shared/protocol/contract';
import { events as eventSchemas } from '../../src-shared/protocol/contract';
import { chainFromWidths } from '../../src-shared/graph/templates';
import type { Activation } from '../../src-shared/layers/activations';
import { DEFAULT_TRAINING, type TrainingSettings } from '../../src-shared/training/settings';
import { createTrainerService, type ServiceOptions, type TrainerService } from './service';

export interface Harness {
  readonly service: TrainerService;
  readonly events: { name: EventName; payload: unknown }[];
  of<K extends EventName>(name: K): EventPayload<K>[];
  waitFor<K extends EventName>(name: K, test?: (p: EventPayload<K>) => boolean): Promise<EventPayload<K>>;
}

export function harness(backend = 'cpu', onEvent?: (name: EventName) => void, options: Omit<ServiceOptions, 'backend'> = {}): Harness {
  const events: { name: EventName; payload: unknown }[] = [];
  const waiters: (() => void)[] = [];
  const service = createTrainerService(
    (name, payload) => {
      // Every event must pass the contract, as the transport checks it.
      const parsed = eventSchemas[name].safeParse(payload);
      if (!parsed.success) throw new Error(`invalid ${name} event: ${parsed.error.message}`);
      events.push({ name, payload });
      onEvent?.(name);
      for (const w of waiters.splice(0)) w();
    },
    { ...options, backend },
  );
  const of = <K extends EventName>(name: K) => events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<K>);
  return {
    service,
    events,
    of,
    async waitFor(name, test = () => true) {
      for (;;) {
        const hit = of(name).find(test);
        if (hit) return hit;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

export function settings(over: Partial<TrainingSettings>): TrainingSettings {
  return { ...DEFAULT_TRAINING, ...over };
}

export function chain(widths: number[], output: Activation, hidden: Activation = 'relu') {
  return { name: widths.join('-'), layers: chainFromWidths(widths, hidden, output) };
}
