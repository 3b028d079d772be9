/**
 * The trainer service: implements every request of the contract for one
 * connected window and emits its events. Transport-agnostic: IPC, the
 * WebSocket server, the CLI and tests all drive it through these handlers.
 */
import type { Emit, Handlers } from '../transport/dispatcher';
import { readCsvDataset } from '../data/csv';
import { DatasetRegistry } from '../data/registry';
import { availableBackends, backendForNetwork, loadTf, makeCurrent, useBackend } from './backend';
import { labelRefusal, trainingRefusal } from './refusal';
import { TrainingSession } from './session';
import { gradientStep, stepRefusal } from './step-detail';
import { summarize } from '../../src-shared/graph/summary';
import { shapeSize } from '../../src-shared/layers/layer-kind';
import type { ParsedArgs, RequestResult } from '../../src-shared/protocol/contract';
import type { FileGrant } from '../transport/file-grants';
import { exportModelFiles, MODEL_JSON, WEIGHTS_BIN, type ModelFiles } from './model-export';

/** Where a host put an exported model's files: an id to fetch them by (web), a folder's name (Electron), or nowhere. */
export type ModelDelivery = { readonly downloadId: string } | { readonly savedIn: string } | { readonly cancelled: true };

export interface ServiceOptions {
  /** Forces a backend (CLI --backend, settings); otherwise the best that loads. */
  readonly backend?: string;
  /** Files the person picked (dialog, upload), by the id the renderer was handed; see transport/file-grants.ts. */
  readonly resolveFile?: (fileId: string) => FileGrant | undefined;
  /** Hands an exported model's files to the person (issue 11): absent where nothing can (then exportModel says so). */
  readonly deliverModel?: (files: ModelFiles, name: string) => Promise<ModelDelivery>;
}

export interface TrainerService {
  readonly handlers: Handlers;
  /** The datasets this service knows, imported ones included (the CLI reads defaults from it). */
  readonly datasets: DatasetRegistry;
  /**
   * Imports a CSV from a path on this machine. For the CLI only, which runs
   * the service in its own process: no request of the contract names a path.
   */
  importCsvFile(path: string, name: string, labelColumn: string): Promise<RequestResult<'importCsv'>>;
  /** The last run's network as TensorFlow.js layers-model files (the CLI's --save-model; issue 11). */
  trainedModelFiles(): Promise<ModelFiles>;
  /** Stops any run and frees tensors; called when the window or socket goes away. */
  dispose(): void;
}

const ACK = { ok: true } as const;

export function createTrainerService(emit: Emit, options: ServiceOptions = {}): TrainerService {
  const datasets = new DatasetRegistry();
  let session: TrainingSession | null = null;
  /** The layer the screen shows neuron numbers for; it carries over to the next run. */
  let focusedLayer: string | null = null;
  let sessionName = 'densely';
  let runCount = 0;
  let disposed = false;
  /** Train requests run one after another, so that two quick presses cannot start two runs. */
  let trainQueue: Promise<unknown> = Promise.resolve();
  /** Train requests are numbered as they arrive; a Stop cancels every one up to the latest, loaded or not. */
  let trainRequests = 0;
  let stoppedUpTo = 0;

  const noRun = (what: string) => new Error(`There is no training run to ${what}; press Train first.`);
  const activeRun = (what: string): TrainingSession => {
    if (!session || !session.isActive) throw noRun(what);
    return session;
  };
  const trainedRun = (what: string): TrainingSession => {
    if (!session) throw new Error(`There is no trained network to ${what}; train one first.`);
    return session;
  };
  const endRun = async () => {
    const old = session;
    session = null;
    if (old) {
      await old.stop();
      old.dispose();
    }
  };

  const startRun = async ({ network, settings, probe, stream, startPaused, allowLossMismatch }: ParsedArgs<'train'>, request: number) => {
    const info = datasets.info(settings.dataset);
    if (!info) throw new Error(datasets.unknown(settings.dataset));
    const refusal = trainingRefusal(network.layers, settings, info, allowLossMismatch === true);
    if (refusal) throw new Error(refusal);
    // One run at a time: a new Train stops the old run first (and no backend may initialize while it trains).
    await endRun();
    const summary = summarize(network.layers);
    // The data and the backend load side by side. A forced backend wins; otherwise a small step trains on cpu,
    // a larger one on the best that loads.
    const loading = backendForNetwork(summary.totals.params, Math.min(settings.batchSize, info.samples), options.backend);
    loading.catch(() => {});
    const dataset = await datasets.load(settings.dataset, settings.seed);
    const { tf, backend } = await loading;
    if (disposed) throw new Error('The trainer has shut down.');
    const runId = ++runCount;
    if (request <= stoppedUpTo) {
      // Stopped while it loaded: the run ends before it starts, and says so after the answer that names it.
      setImmediate(() => emit('done', { runId, reason: 'stopped', epochs: 0, steps: 0, finalLoss: null, backend }));
      return { runId };
    }
    const out = summary.layers.at(-1)!.outputShape!;
    const badLabel = labelRefusal(dataset, shapeSize(out));
    if (badLabel) throw new Error(badLabel);
    const s = new TrainingSession({
      tf, backend, runId, network, settings, dataset, emit, stream, startPaused,
      ...(probe !== undefined ? { probe } : {}),
    });
    session = s;
    s.focusNeurons(focusedLayer);
    sessionName = network.name;
    void s.run();
    return { runId };
  };

  const importFrom = async (path: string, name: string, labelColumn: string) => {
    const existing = datasets.info(name);
    if (existing && existing.source !== 'imported')
      throw new Error(`"${name}" is the name of a built-in dataset; import under another name.`);
    const dataset = await readCsvDataset({
      path,
      name,
      labelColumn,
      onProgress: (p) => emit('importProgress', { name, ...p }),
    });
    datasets.add(dataset);
    return { dataset: dataset.info };
  };

  const handlers: Handlers = {
    train(args) {
      const request = ++trainRequests;
      const next = trainQueue.then(() => startRun(args, request));
      trainQueue = next.catch(() => {});
      return next;
    },
    pause() {
      activeRun('pause').pause();
      return ACK;
    },
    resume() {
      activeRun('resume').resume();
      return ACK;
    },
    step() {
      activeRun('step').stepOnce();
      return ACK;
    },
    async stop() {
      stoppedUpTo = trainRequests;
      if (session?.isActive) await session.stop();
      return ACK;
    },
    setProbe({ index }) {
      trainedRun('probe').setProbe(index);
      return ACK;
    },
    focusNeurons({ layerId }) {
      focusedLayer = layerId;
      session?.focusNeurons(layerId);
      return ACK;
    },
    predict({ inputs }) {
      return trainedRun('predict with').predict(inputs);
    },
    evaluate({ limit }) {
      return trainedRun('evaluate').evaluate(limit);
    },
    listDatasets() {
      return { datasets: datasets.list() };
    },
    async importCsv({ source, name, labelColumn }) {
      const file = options.resolveFile?.(source.fileId);
      if (!file) throw new Error('That file is no longer available to the trainer; choose it again.');
      return importFrom(file.path, name, labelColumn);
    },
    async exportModel() {
      const run = trainedRun('save as a model');
      if (!options.deliverModel) throw new Error('This window cannot hand files over; use `densely train ... --save-model DIR` instead.');
      const files = await exportModelFiles(run.trainedWeights(), sessionName);
      const delivery = await options.deliverModel(files, sessionName);
      return {
        files: [
          { name: MODEL_JSON, bytes: Buffer.byteLength(files.modelJson) },
          { name: WEIGHTS_BIN, bytes: files.weights.byteLength },
        ],
        params: files.params,
        ...delivery,
      };
    },
    async backendInfo() {
      const available = await availableBackends();
      if (options.backend) {
        const { backend } = await useBackend(options.backend);
        return { backend, available, forced: true };
      }
      const { backend } = await useBackend();
      return { backend, available, forced: false };
    },
    async gradientStep({ network, settings }) {
      const info = datasets.info(settings.dataset);
      if (!info) throw new Error(datasets.unknown(settings.dataset));
      const layers = network.layers;
      const refusal = stepRefusal(layers, Math.min(settings.batchSize, info.samples), 'app') ?? trainingRefusal(layers, settings, info);
      if (refusal) throw new Error(refusal);
      const dataset = await datasets.load(settings.dataset, settings.seed);
      const badLabel = labelRefusal(dataset, shapeSize(summarize(layers).layers.at(-1)!.outputShape!));
      if (badLabel) throw new Error(badLabel);
      const { tf } = await useBackend('cpu');
      // A run may have made its own backend current while this awaited; the step runs synchronously from here, on cpu.
      makeCurrent(tf, 'cpu');
      return gradientStep(tf, layers, dataset, { ...settings, optimizer: 'sgd', epochs: 1 }, true);
    },
  };

  return {
    handlers,
    datasets,
    importCsvFile: importFrom,
    trainedModelFiles: async () => exportModelFiles(trainedRun('save as a model').trainedWeights(), sessionName),
    dispose() {
      disposed = true;
      void endRun();
    },
  };
}

/** Loads TensorFlow.js ahead of the first Train, e.g. while the window opens. */
export function warmUpTrainer(): void {
  void loadTf().catch(() => {});
}
