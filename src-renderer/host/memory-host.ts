/**
 * The in-memory host: a trainer double that answers over a Channel inside the
 * page. Unit tests script it (`handlers`, `emit`); `?host=memory` runs the UI
 * with its demo trainer, which simulates a run and says so on screen.
 */
import { summarize } from '../../src-shared/graph/summary';
import { drawnNeurons } from '../../src-shared/graph/drawn-neurons';
import { TrainerClient, type Channel } from '../../src-shared/protocol/client';
import type { EventName, EventPayload, LayerActivation, LayerWeights, RequestArgs, RequestName, RequestResult } from '../../src-shared/protocol/contract';
import type { ToMain, ToRenderer } from '../../src-shared/protocol/messages';
import type { DatasetInfo } from '../../src-shared/training/dataset-info';
import { LAYER_KINDS, type Layer } from '../../src-shared/layers/registry';
import { memoryRecovery, type ConnectionState, type Host, type OpenedProject } from './host';

export type MemoryHandlers = { [K in RequestName]?: (args: RequestArgs<K>) => Promise<RequestResult<K>> | RequestResult<K> };

export const DEMO_DATASETS: DatasetInfo[] = [
  { name: 'spheres', title: 'Spheres', description: 'Two overlapping clouds in 3-D.', task: 'classification', featureShape: [3], classes: 2, samples: 400, image: false, source: 'generated' },
  { name: 'xor', title: 'XOR', description: 'Four quadrants, opposite corners alike.', task: 'classification', featureShape: [2], classes: 2, samples: 400, image: false, source: 'generated' },
  { name: 'digits', title: 'Digits', description: 'Handwritten digits, 28x28.', task: 'classification', featureShape: [28, 28], classes: 10, samples: 10000, image: true, source: 'builtin' },
];

export interface MemoryHost extends Host {
  /** Pushes an event to the renderer as the trainer would (validated by the client). */
  emit<K extends EventName>(name: K, payload: EventPayload<K>): void;
  /** Every request the renderer sent, in order. */
  readonly sent: ToMain[];
  setConnection(state: ConnectionState): void;
  /** The file the fake open dialog returns next. */
  nextOpen: OpenedProject | null;
  /** What the fake save dialog answers next: a file name, or null for a cancel; the suggested name when unset. */
  nextSaveAs: string | null | undefined;
  /** Every save: the name written, the text, and whether the person was asked where. */
  saved: { name: string; text: string; asked: boolean }[];
  readonly recovery: ReturnType<typeof memoryRecovery>;
}

export function createMemoryHost(options: { handlers?: MemoryHandlers; demo?: boolean } = {}): MemoryHost {
  const listeners = new Set<(raw: unknown) => void>();
  const deliver = (msg: ToRenderer) => queueMicrotask(() => listeners.forEach((l) => l(msg)));
  const sent: ToMain[] = [];
  const emit = <K extends EventName>(name: K, payload: EventPayload<K>) => deliver({ type: 'event', name, payload } as ToRenderer);
  const demo = options.demo ? createDemoTrainer(emit) : {};
  const handlers: MemoryHandlers = { ...defaultHandlers, ...demo, ...options.handlers };
  const channel: Channel = {
    send(msg) {
      sent.push(msg);
      const handler = handlers[msg.name] as ((a: unknown) => unknown) | undefined;
      Promise.resolve()
        .then(() => {
          if (!handler) throw new Error(`The in-memory trainer does not answer "${msg.name}".`);
          return handler(msg.args);
        })
        .then(
          (result) => deliver({ type: 'response', id: msg.id, ok: true, result }),
          (e: Error) => deliver({ type: 'response', id: msg.id, ok: false, error: e.message }),
        );
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const connectionListeners = new Set<(s: ConnectionState) => void>();
  let connection: ConnectionState = { connected: true, message: '' };
  const store = new Map<string, string>();
  const host: MemoryHost = {
    kind: 'memory',
    trainer: new TrainerClient(channel),
    emit,
    sent,
    nextOpen: null,
    nextSaveAs: undefined,
    saved: [],
    async openProject() {
      const f = host.nextOpen;
      host.nextOpen = null;
      return f;
    },
    // Like Electron's main: a location is the file's own name here, and saving to one never asks.
    async saveProject(suggested, text, location) {
      let name = location ?? undefined;
      if (!name) {
        const answer = host.nextSaveAs === undefined ? suggested : host.nextSaveAs;
        host.nextSaveAs = undefined;
        if (answer === null) return null;
        name = answer;
      }
      host.saved.push({ name, text, asked: !location });
      return { name, location: name };
    },
    recovery: memoryRecovery(),
    async chooseCsv(onProgress) {
      onProgress(1);
      return { source: { fileId: 'memory-upload' }, name: 'data.csv' };
    },
    storage: { get: (k) => store.get(k) ?? null, set: (k, v) => void store.set(k, v) },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(connection);
      return () => connectionListeners.delete(listener);
    },
    setConnection(state) {
      connection = state;
      connectionListeners.forEach((l) => l(state));
    },
  };
  return host;
}

const defaultHandlers: MemoryHandlers = {
  listDatasets: () => ({ datasets: DEMO_DATASETS }),
  backendInfo: () => ({ backend: 'cpu', available: ['cpu'], forced: false }),
};

/** A pretend run: losses that fall, activations that flicker. Enough to preview the UI without Node. */
function createDemoTrainer(emit: <K extends EventName>(name: K, payload: EventPayload<K>) => void): MemoryHandlers {
  let runId = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let paused = false;
  let tick: (() => void) | null = null;
  const stopTimer = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return {
    train(args) {
      stopTimer();
      const id = ++runId;
      const summary = summarize(args.network.layers as Layer[]);
      if (summary.errors.length) throw new Error(summary.errors[0]);
      const dataset = DEMO_DATASETS.find((d) => d.name === args.settings.dataset);
      if (!dataset) throw new Error(`There is no dataset named "${args.settings.dataset}".`);
      const batches = Math.max(1, Math.ceil((dataset.samples * (1 - args.settings.validationSplit)) / args.settings.batchSize));
      const epochs = args.settings.epochs;
      let step = 0;
      let seed = args.settings.seed + 1;
      const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
      emit('started', { runId: id, backend: 'cpu', dataset: dataset.name, trainSize: dataset.samples, validationSize: 0, params: summary.totals.params, batchesPerEpoch: batches, epochs });
      paused = args.startPaused ?? false;
      tick = () => {
        step++;
        const epoch = Math.floor((step - 1) / batches) + 1;
        const loss = 0.7 * Math.exp(-step / (batches * 3)) + 0.05 + 0.05 * rand();
        emit('batch', { runId: id, step, epoch, loss });
        const layers: LayerActivation[] = summary.layers.map((l) => {
          const size = l.outputShape ? l.outputShape.reduce((a, b) => a * b, 1) : 0;
          // Feature maps arrive whole, channels last, as the trainer sends them: a wave that moves with the step.
          if (l.outputShape?.length === 3)
            return { layerId: l.id, size, shape: [...l.outputShape], values: Float32Array.from({ length: size }, (_, k) => Math.sin(k * 0.37 + step * 0.5) + rand() * 0.2) };
          const { indices, elided } = drawnNeurons(size);
          return { layerId: l.id, size, values: Float32Array.from(indices, () => rand() * 2 - 0.5), ...(elided ? { indices: [...indices] } : {}) };
        });
        emit('activations', { runId: id, step, probe: 0, label: 0, input: new Float32Array(0), layers });
        const weights: LayerWeights[] = summary.layers.flatMap((l) => {
          const frames = LAYER_KINDS[l.kind].frames.weights;
          const window = l.inputShape ? (LAYER_KINDS[l.kind] as { window?: (layer: never, input: readonly number[]) => readonly number[] }).window : undefined;
          if (frames === 'kernels' && window && l.inputShape && l.outputShape) {
            const layer = (args.network.layers as Layer[]).find((x) => x.id === l.id) as never;
            const [kh, kw] = window(layer, l.inputShape) as [number, number];
            const shape = [kh, kw, l.inputShape[2]!, l.outputShape[2]!];
            const rows = kh * kw * shape[2]!;
            return [{ layerId: l.id, rows, cols: shape[3]!, shape, kernel: Float32Array.from({ length: rows * shape[3]! }, () => rand() * 2 - 1), summary: { min: -1, max: 1, mean: 0, std: 0.5 } }];
          }
          if (frames !== 'links' || !l.inputShape || !l.outputShape) return [];
          const rows = l.inputShape[0]!;
          const cols = l.outputShape[0]!;
          const small = rows * cols <= 4096;
          return [{ layerId: l.id, rows, cols, ...(small ? { kernel: Float32Array.from({ length: rows * cols }, () => rand() * 2 - 1) } : {}), summary: { min: -1, max: 1, mean: 0, std: 0.5 } }];
        });
        emit('weights', { runId: id, step, layers: weights });
        if (step % batches === 0) {
          const acc = Math.min(0.99, 0.5 + step / (batches * epochs) / 2 + rand() * 0.02);
          emit('epoch', { runId: id, epoch, loss, accuracy: acc, valLoss: loss * 1.1, valAccuracy: acc - 0.02, samplesPerSec: 5000 });
          if (epoch >= epochs) {
            emit('done', { runId: id, reason: 'completed', epochs, steps: step, finalLoss: loss, backend: 'cpu' });
            tick = null;
            return;
          }
        }
        if (!paused) timer = setTimeout(() => tick?.(), 40);
      };
      if (!paused) timer = setTimeout(() => tick?.(), 40);
      else emit('state', { runId: id, status: 'paused' });
      return { runId: id };
    },
    pause() {
      paused = true;
      stopTimer();
      emit('state', { runId, status: 'paused' });
      return { ok: true };
    },
    resume() {
      paused = false;
      emit('state', { runId, status: 'running' });
      tick?.();
      return { ok: true };
    },
    step() {
      paused = true;
      tick?.();
      return { ok: true };
    },
    stop() {
      stopTimer();
      if (tick) emit('done', { runId, reason: 'stopped', epochs: 0, steps: 0, finalLoss: null, backend: 'cpu' });
      tick = null;
      return { ok: true };
    },
    setProbe: () => ({ ok: true }),
    evaluate() {
      const confusion = Array.from({ length: 10 }, (_, a) => Array.from({ length: 10 }, (_, p) => (a === p ? 90 : (a + p) % 7 === 0 ? 3 : 0)));
      const samples = Array.from({ length: 12 }, (_, i) => ({ index: i, label: i % 10, predicted: i % 5 === 4 ? (i + 3) % 10 : i % 10, confidence: 0.9, pixels: Float32Array.from({ length: 784 }, (_, k) => ((k % 28) - 14) ** 2 + (Math.floor(k / 28) - 14) ** 2 < 60 + i * 4 && ((k % 28) - 14) ** 2 + (Math.floor(k / 28) - 14) ** 2 > 25 ? 1 : 0) }));
      return { loss: 0.1, accuracy: 0.9, confusion, samples };
    },
  };
}
