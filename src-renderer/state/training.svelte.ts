/**
 * The training panel's state: settings, the run's status and figures, and the
 * streamed frames the canvas paints. Stream events land in plain fields and
 * are published once per animation frame (latest wins); everything sent to
 * the trainer is a $state.snapshot.
 */
import { formatLoss } from './epoch-figures';
import { specOf } from '../../src-shared/layers/registry';
import type { Activation } from '../../src-shared/layers/activations';
import { trainedLayers } from '../../src-shared/graph/trained-network';
import { networkFingerprint } from '../../src-shared/graph/compare';
import type { EventPayload, RequestResult } from '../../src-shared/protocol/contract';
import { summarize } from '../../src-shared/graph/summary';
import { expectedBackend } from '../../src-shared/training/backend-choice';
import type { DatasetInfo } from '../../src-shared/training/dataset-info';
import { inputFitError } from '../../src-shared/training/input-fit';
import { lossFit, outputHead, suggestHead, type LossFitProblem } from '../../src-shared/training/loss-fit';
import { estimateTrainingMemory, memoryBudgetRefusal } from '../../src-shared/training/memory-budget';
import { DEFAULT_TRAINING, trainingSettingsSchema, type BackendName, type TrainingSettings } from '../../src-shared/training/settings';
import type { DrawnWeights } from '../../src-shared/import/layers-weights';
import type { NeuronMap, NeuronValues } from '../canvas/draw';
import type { BoundaryFrame, BoundaryPoints } from '../panels/decision-boundary';
import type { CsvSource, Host } from '../host/host';
import type { EditorState } from './editor.svelte';
import { FrameScheduler, type FrameRequest } from './frame-scheduler';
import { NeuronFocus } from './neuron-focus.svelte';
import { trace } from './trace';
import { formatCount } from '../../src-shared/format';

export type RunStatus = 'idle' | 'starting' | 'running' | 'paused' | 'done';

export interface LossPoint {
  /** Position in epochs, fractional within an epoch. */
  readonly x: number;
  readonly loss: number;
}

export type EpochPoint = Omit<EventPayload<'epoch'>, 'runId'>;
/** An evaluation, with the decision boundary of the weights it evaluated when the data is 2-D. */
export type Evaluation = RequestResult<'evaluate'> & { boundary?: { frame: BoundaryFrame; points: BoundaryPoints | null } };

export interface CsvImport {
  readonly stage: 'choosing' | 'label' | 'importing';
  readonly name: string;
  readonly source: CsvSource | null;
  readonly fraction: number;
  readonly rows: number;
}

const MAX_LOSS_POINTS = 4000;

/** The latest run of a network, for Compare: its epochs and what it trained on. */
export interface RunRecord {
  readonly networkName: string;
  readonly dataset: string;
  readonly epochs: readonly EpochPoint[];
}

/** Compare keeps the latest run of this many networks, the least recently trained going first. */
export const MAX_REMEMBERED_RUNS = 12;
/** A run's curve keeps at most this many epochs (thinned evenly beyond it): plenty for a chart a few hundred pixels wide. */
export const MAX_REMEMBERED_EPOCHS = 500;

export class TrainingState {
  settings = $state<TrainingSettings>({ ...DEFAULT_TRAINING });
  datasets = $state.raw<DatasetInfo[]>([]);
  status = $state<RunStatus>('idle');
  /** The backend the current run uses, from its `started` event. */
  runBackend = $state<BackendName | null>(null);
  /** The parameters the current run trains, from its `started` event. */
  private runParams: number | null = null;
  /** The best backend the trainer has, and whether it was forced (backendInfo). */
  bestBackend = $state<{ backend: BackendName; forced: boolean } | null>(null);
  connected = $state(false);
  connectionMessage = $state('');
  epoch = $state(0);
  epochs = $state(0);
  step = $state(0);
  loss = $state<number | null>(null);
  batchesPerEpoch = $state(1);
  trainedDataset = $state<string | null>(null);
  batchLosses = $state.raw<LossPoint[]>([]);
  epochLog = $state.raw<EpochPoint[]>([]);
  /** The epochs of the run before this one, drawn faint under the current run. */
  previousEpochLog = $state.raw<EpochPoint[]>([]);
  activationMap = $state.raw<ReadonlyMap<string, NeuronValues> | null>(null);
  weightMap = $state.raw<ReadonlyMap<string, DrawnWeights> | null>(null);
  probe = $state.raw<{ label: number; input: Float32Array } | null>(null);
  error = $state<string | null>(null);
  info = $state<string | null>(null);
  evaluation = $state.raw<Evaluation | null>(null);
  evaluating = $state(false);
  csv = $state<CsvImport | null>(null);
  /** The latest run of each network trained since the app started, by networkFingerprint (bounded, oldest out first). */
  runHistory = $state.raw<ReadonlyMap<string, RunRecord>>(new Map());
  /** Decision boundaries (2-D datasets): the latest map of the output, the points it is drawn under, each drawn neuron's map. */
  boundary = $state.raw<BoundaryFrame | null>(null);
  boundaryPoints = $state.raw<BoundaryPoints | null>(null);
  neuronMaps = $state.raw<ReadonlyMap<string, NeuronMap> | null>(null);

  readonly dataset: DatasetInfo | null = $derived(this.datasets.find((d) => d.name === this.settings.dataset) ?? null);
  readonly active = $derived(this.status === 'starting' || this.status === 'running' || this.status === 'paused');
  /** The backend this network would train on now, by the trainer's own rule; null until the trainer has answered. */
  readonly expectedBackend: BackendName | null = $derived.by(() => {
    if (!this.bestBackend) return null;
    const params = summarize(trainedLayers(this.editor.doc)).totals.params;
    const batch = Math.min(this.settings.batchSize, this.dataset?.samples ?? this.settings.batchSize);
    return expectedBackend(params, batch, this.bestBackend.backend, this.bestBackend.forced);
  });
  /** What the panel shows: the running backend during a run, else the one the network would use. */
  readonly backend: BackendName | null = $derived(this.active ? (this.runBackend ?? this.expectedBackend) : (this.expectedBackend ?? this.runBackend));
  readonly head = $derived.by(() => outputHead(this.editor.layers, this.editor.summary));
  /** Why the output layer and loss don't fit the dataset, and whether it can train anyway, before the trainer has to refuse. */
  readonly lossProblem: LossFitProblem | null = $derived(this.dataset && this.head ? lossFit(this.head, this.settings.loss, this.dataset) : null);
  readonly fitProblem: string | null = $derived(this.lossProblem?.message ?? null);
  /** Why the input layer can't take the dataset's samples: the trainer's own rule, flagged beside Train. */
  readonly inputProblem: string | null = $derived.by(() => (this.dataset ? inputFitError(this.editor.layers, this.dataset) : null));
  readonly suggestion = $derived(this.dataset ? suggestHead(this.dataset) : null);
  /** What training this network would take, and the trainer's own refusal while that is over the budget. */
  readonly memory = $derived.by(() => estimateTrainingMemory(this.editor.layers, this.settings.optimizer, this.settings.batchSize));
  readonly memoryProblem: string | null = $derived(memoryBudgetRefusal(this.memory));
  readonly latestEpoch: EpochPoint | null = $derived(this.epochLog.at(-1) ?? null);
  readonly canEvaluate = $derived(
    !this.active && this.step > 0 && this.datasets.find((d) => d.name === this.trainedDataset)?.task === 'classification',
  );

  private runId: number | null = null;
  /** The network the current run trains, as runHistory keys it; set when Train is pressed. */
  private runKey: { fingerprint: string; networkName: string } | null = null;
  private finishedRuns = new Set<number>();
  private pendingLosses: LossPoint[] = [];
  /** Epochs arrive up to a hundred a second on tiny networks: they reach the screen at most once a frame, like batches. */
  private pendingEpochs: EpochPoint[] = [];
  private pendingBatch: EventPayload<'batch'> | null = null;
  private pendingActivations: EventPayload<'activations'> | null = null;
  private pendingWeights: EventPayload<'weights'> | null = null;
  private pendingBoundary: EventPayload<'boundary'> | null = null;
  private readonly frames: FrameScheduler;
  private readonly unsubscribe: (() => void)[] = [];
  /** The neurons shown in numbers (formula, activation curve). */
  readonly neurons: NeuronFocus;

  constructor(
    private readonly host: Host,
    private readonly editor: EditorState,
    requestFrame?: FrameRequest,
  ) {
    this.frames = new FrameScheduler(() => this.publish(), requestFrame);
    this.neurons = new NeuronFocus(host);
    const t = host.trainer;
    this.unsubscribe.push(
      t.on('started', (p) => this.onStarted(p)),
      t.on('batch', (p) => this.mine(p.runId) && ((this.pendingBatch = p), this.pendingLosses.push({ x: (p.step) / this.batchesPerEpoch, loss: p.loss }), this.frames.schedule())),
      t.on('activations', (p) => (this.mine(p.runId) || this.isLastRun(p.runId)) && ((this.pendingActivations = p), this.frames.schedule())),
      t.on('weights', (p) => this.mine(p.runId) && ((this.pendingWeights = p), this.frames.schedule())),
      t.on('boundary', (p) => this.mine(p.runId) && ((this.pendingBoundary = p), this.frames.schedule())),
      t.on('boundaryPoints', (p) => {
        if (this.mine(p.runId)) this.boundaryPoints = { extent: p.extent, points: p.points, labels: p.labels, trainCount: p.trainCount };
      }),
      t.on('epoch', (p) => this.onEpoch(p)),
      t.on('state', (p) => {
        if (this.mine(p.runId) && this.active) this.status = p.status;
      }),
      t.on('done', (p) => this.onDone(p)),
      t.on('error', (p) => {
        if (p.runId === undefined || this.mine(p.runId)) this.error = p.message;
      }),
      t.on('importProgress', (p) => {
        if (this.csv?.stage === 'importing')
          this.csv = { ...this.csv, fraction: p.totalBytes > 0 ? p.bytes / p.totalBytes : 0, rows: p.rows };
      }),
      t.onProblem((message) => (this.error = message)),
      host.onConnection((s) => this.onConnection(s.connected, s.message)),
    );
  }

  dispose(): void {
    this.unsubscribe.forEach((u) => u());
    this.neurons.dispose();
  }

  /** The finished run whose network is still on the trainer: opening a sample (setProbe) sends one frame of it. */
  private isLastRun(runId: number): boolean {
    return this.status === 'done' && runId === this.runId;
  }

  private mine(runId: number): boolean {
    if (this.finishedRuns.has(runId)) return false;
    return this.runId === null ? this.status === 'starting' : runId === this.runId;
  }

  private onConnection(connected: boolean, message: string): void {
    const was = this.connected;
    this.connected = connected;
    this.connectionMessage = message;
    if (!connected && this.active) {
      this.status = 'idle';
      this.error = 'The connection to the trainer dropped, which ended the run; press Train to start again.';
    }
    // First contact and every reconnect: the trainer may have restarted, so ask again.
    if (connected && !was) void this.refresh();
  }

  /** Loads the dataset list and the backend; called at start and after a reconnect. */
  async refresh(): Promise<void> {
    try {
      const { datasets } = await this.host.trainer.request('listDatasets', {});
      // A new connection is a new trainer: what was imported into the old one is gone, and the list must say so.
      const lost = this.datasets.filter((d) => d.source === 'imported' && !datasets.some((n) => n.name === d.name));
      this.datasets = datasets;
      if (lost.length) {
        this.info = `Reconnected to a new trainer, so imported datasets must be imported again: ${lost.map((d) => d.title).join(', ')}.`;
        // Nor may the selection keep naming one.
        if (lost.some((d) => d.name === this.settings.dataset))
          this.settings.dataset = datasets.some((d) => d.name === DEFAULT_TRAINING.dataset) ? DEFAULT_TRAINING.dataset : (datasets[0]?.name ?? DEFAULT_TRAINING.dataset);
      }
    } catch (e) {
      this.error = `The list of datasets could not be loaded: ${(e as Error).message}`;
    }
    try {
      const info = await this.host.trainer.request('backendInfo', {});
      this.bestBackend = { backend: info.backend, forced: info.forced };
    } catch {
      // The backend is named again by `started`; nothing is lost without it here.
    }
  }

  /** Takes the training setup a template or file brings, keeping the rest. */
  adopt(partial: Partial<TrainingSettings>): void {
    const merged = { ...this.settings, ...partial };
    const ok = trainingSettingsSchema.safeParse(merged);
    this.settings = ok.success ? ok.data : { ...DEFAULT_TRAINING, ...this.settings };
  }

  private publish(): void {
    if (this.pendingEpochs.length) {
      this.epochLog = this.epochLog.concat(this.pendingEpochs);
      this.epoch = Math.max(this.epoch, this.pendingEpochs.at(-1)!.epoch);
      this.pendingEpochs = [];
      this.rememberRun();
    }
    if (this.pendingLosses.length) {
      let next = this.batchLosses.concat(this.pendingLosses);
      // Keep the curve's cost bounded on long runs: thin the oldest half.
      if (next.length > MAX_LOSS_POINTS) next = next.filter((_p, i) => i % 2 === 0 || i > next.length - MAX_LOSS_POINTS / 4);
      this.batchLosses = next;
      this.pendingLosses = [];
    }
    if (this.pendingBatch) {
      this.step = this.pendingBatch.step;
      this.loss = this.pendingBatch.loss;
      this.epoch = Math.max(this.epoch, this.pendingBatch.epoch);
      this.pendingBatch = null;
    }
    if (this.pendingActivations) {
      const a = this.pendingActivations;
      const probabilities = new Set(this.editor.layers.filter((l) => isProbability(specOf(l).outputActivation(l))).map((l) => l.id));
      const map = new Map<string, NeuronValues>(
        a.layers.map((l) => [
          l.layerId,
          { values: l.values, ...(l.indices ? { indices: l.indices } : {}), ...(l.shape ? { shape: l.shape } : {}), ...(probabilities.has(l.layerId) ? { probability: true } : {}) },
        ]),
      );
      // The input (and a flatten right after it) show the probe sample itself when the trainer sends no layer values for them.
      for (const l of this.editor.layers) {
        if (l.kind !== 'input' && l.kind !== 'flatten') break;
        if (!map.has(l.id) && a.input.length) map.set(l.id, { values: a.input });
      }
      this.activationMap = map;
      this.probe = { label: a.label, input: a.input };
      this.pendingActivations = null;
    }
    if (this.pendingWeights) {
      this.weightMap = new Map(
        this.pendingWeights.layers.map((l) => [l.layerId, { cols: l.cols, summary: l.summary, ...(l.shape ? { shape: l.shape } : {}), ...(l.kernel ? { kernel: l.kernel } : {}), ...(l.bias ? { bias: l.bias } : {}) }]),
      );
      this.pendingWeights = null;
    }
    if (this.pendingBoundary) {
      const { runId: _r, ...frame } = this.pendingBoundary;
      void _r;
      const probabilities = new Set(this.editor.layers.filter((l) => isProbability(specOf(l).outputActivation(l))).map((l) => l.id));
      this.boundary = frame;
      this.neuronMaps = new Map(frame.neurons.map((n) => [`${n.layerId}:${n.index}`, { size: n.size, values: n.values, ...(probabilities.has(n.layerId) ? { probability: true } : {}) }]));
      this.pendingBoundary = null;
    }
  }

  /** Files the current run's epochs under its network, as the most recently trained. */
  private rememberRun(): void {
    if (!this.runKey) return;
    const { fingerprint, networkName } = this.runKey;
    const log = this.epochLog;
    const every = Math.ceil(log.length / MAX_REMEMBERED_EPOCHS);
    const epochs = every > 1 ? log.filter((_e, i) => i % every === 0 || i === log.length - 1) : log;
    const next = new Map(this.runHistory);
    next.delete(fingerprint);
    next.set(fingerprint, { networkName, dataset: this.trainedDataset ?? this.settings.dataset, epochs });
    for (const oldest of next.keys()) {
      if (next.size <= MAX_REMEMBERED_RUNS) break;
      next.delete(oldest);
    }
    this.runHistory = next;
  }

  private onStarted(p: EventPayload<'started'>): void {
    if (this.finishedRuns.has(p.runId)) return;
    if (this.runId !== null && this.runId !== p.runId) return;
    if (this.status !== 'starting' && this.runId === null) return;
    this.runId = p.runId;
    this.runBackend = p.backend;
    this.runParams = p.params;
    this.epochs = p.epochs;
    this.batchesPerEpoch = Math.max(1, p.batchesPerEpoch);
    this.trainedDataset = p.dataset;
    this.info = `Training on ${formatCount(p.trainSize)} samples (${formatCount(p.validationSize)} held out for validation), ${formatCount(p.params)} parameters, backend ${p.backend}${(p.threads ?? 1) > 1 ? ` on ${p.threads} threads` : ''}.`;
    if (this.status === 'starting') this.status = 'running';
  }

  private onEpoch(p: EventPayload<'epoch'>): void {
    if (!this.mine(p.runId)) return;
    const { runId: _r, ...point } = p;
    void _r;
    trace?.epochs.push({ epoch: p.epoch, loss: p.loss, ...(p.valLoss !== undefined ? { valLoss: p.valLoss } : {}), samplesPerSec: p.samplesPerSec, t: performance.now() });
    this.pendingEpochs.push(point);
    this.frames.schedule();
  }

  private onDone(p: EventPayload<'done'>): void {
    if (!this.mine(p.runId)) return;
    this.frames.flush();
    if (trace) trace.doneAt = performance.now();
    this.finishedRuns.add(p.runId);
    this.status = 'done';
    this.runBackend = p.backend;
    // Batch events are throttled, so the figures can trail the run; the last word is the trainer's.
    this.step = Math.max(this.step, p.steps);
    if (p.finalLoss !== null) this.loss = p.finalLoss;
    const loss = p.finalLoss === null ? '' : ` with a loss of ${formatLoss(p.finalLoss)}`;
    // What trained stays said after the run: a tiny run can finish before anyone reads the line that started it.
    const what = this.runParams === null ? '' : ` (${formatCount(this.runParams)} parameters, backend ${p.backend})`;
    if (p.reason === 'diverged') this.error = p.message ?? 'Training stopped because the loss became NaN or infinite; the last good weights were kept. Try a smaller learning rate.';
    else if (p.reason === 'stopped') this.info = `Stopped after ${formatCount(p.steps)} batches.`;
    else this.info = `Finished ${p.epochs} epoch${p.epochs === 1 ? '' : 's'}${loss}${what}.${p.message ? ` ${p.message}` : ''}`;
  }

  /**
   * Checks what can be checked here, then asks the trainer to start. `anyway` trains with a loss that fits the output
   * badly (the panel's "Train anyway"), so a class can watch it fail.
   */
  async train(startPaused = false, anyway = false): Promise<boolean> {
    if (this.active) return false;
    this.error = null;
    this.info = null;
    const summary = this.editor.summary;
    if (summary.errors.length) {
      this.error = `The network cannot train yet: ${summary.errors[0]}`;
      return false;
    }
    if (this.memoryProblem) {
      this.error = this.memoryProblem;
      return false;
    }
    // The panel keeps Train off for these; the same sentences stand here for any other caller.
    const refusal = this.inputProblem ?? (this.lossProblem && !(anyway && this.lossProblem.trainable) ? this.lossProblem.message : null);
    if (refusal) {
      this.error = `The network cannot train yet: ${refusal}`;
      return false;
    }
    this.status = 'starting';
    if (trace) Object.assign(trace, { trainAt: performance.now(), epochs: [], doneAt: null });
    this.runId = null;
    this.epoch = 0;
    this.step = 0;
    this.loss = null;
    // The last run stays on the chart, faint, so a change of setting can be compared with what it replaced.
    if (this.epochLog.length > 0) this.previousEpochLog = this.epochLog;
    this.batchLosses = [];
    this.epochLog = [];
    this.pendingLosses = [];
    this.pendingEpochs = [];
    this.evaluation = null;
    this.activationMap = null;
    this.weightMap = null;
    this.neurons.reset();
    this.boundary = null;
    this.boundaryPoints = null;
    this.neuronMaps = null;
    this.pendingBoundary = null;
    const doc = this.editor.doc;
    this.runKey = { fingerprint: networkFingerprint(doc), networkName: doc.name };
    const network = $state.snapshot({ name: doc.name, layers: trainedLayers(doc) }) as { name: string; layers: typeof doc.layers extends readonly (infer L)[] ? L[] : never };
    const settings = $state.snapshot(this.settings);
    try {
      const { runId } = await this.host.trainer.request('train', { network, settings, stream: true, startPaused, ...(anyway ? { allowLossMismatch: true } : {}) });
      if (this.runId === null && !this.finishedRuns.has(runId)) this.runId = runId;
      if (this.status === 'starting') this.status = startPaused ? 'paused' : 'running';
      return true;
    } catch (e) {
      if (this.status === 'starting') this.status = 'idle';
      this.error = `Training did not start: ${(e as Error).message}`;
      return false;
    }
  }

  private async control(name: 'pause' | 'resume' | 'step' | 'stop'): Promise<void> {
    try {
      await this.host.trainer.request(name, {});
    } catch (e) {
      this.error = `${name[0]!.toUpperCase()}${name.slice(1)} failed: ${(e as Error).message}`;
    }
  }

  async togglePause(): Promise<void> {
    if (this.status === 'running') {
      this.status = 'paused';
      await this.control('pause');
    } else if (this.status === 'paused') {
      this.status = 'running';
      await this.control('resume');
    }
  }

  /** One batch, then pause; starts a paused run first when none is under way. */
  async stepOnce(): Promise<void> {
    if (!this.active || this.status === 'starting') {
      if (this.status === 'starting') return;
      // startPaused: the trainer prepares the run and waits; the step below runs its first batch.
      if (!(await this.train(true))) return;
    }
    this.status = 'paused';
    await this.control('step');
  }

  async stop(): Promise<void> {
    if (!this.active) return;
    await this.control('stop');
  }

  async evaluate(): Promise<void> {
    this.evaluating = true;
    this.error = null;
    try {
      const result = await this.host.trainer.request('evaluate', { limit: 2000 });
      // The boundary the trainer sent when the run finished or paused: the weights just evaluated.
      this.evaluation = this.boundary ? { ...result, boundary: { frame: this.boundary, points: this.boundaryPoints } } : result;
    } catch (e) {
      this.error = `Evaluation failed: ${(e as Error).message}`;
    } finally {
      this.evaluating = false;
    }
  }

  /** Shows a validation sample's forward pass on the canvas: the trainer sends its activations (at once when not running). */
  async openSample(index: number, label?: string): Promise<void> {
    try {
      await this.host.trainer.request('setProbe', { index });
      this.info = `The canvas shows validation sample ${formatCount(index)}${label ? ` (${label})` : ''}.`;
    } catch (e) {
      this.error = `The sample could not be shown: ${(e as Error).message}`;
    }
  }

  /** CSV import, first step: the file (uploaded in the browser). */
  async chooseCsv(): Promise<void> {
    this.error = null;
    this.csv = { stage: 'choosing', name: '', source: null, fraction: 0, rows: 0 };
    try {
      const picked = await this.host.chooseCsv((fraction) => {
        if (this.csv) this.csv = { ...this.csv, fraction };
      });
      this.csv = picked ? { stage: 'label', name: picked.name, source: picked.source, fraction: 0, rows: 0 } : null;
    } catch (e) {
      this.csv = null;
      this.error = (e as Error).message;
    }
  }

  /** CSV import, second step: the label column, then the trainer reads and checks the file. */
  async importCsv(labelColumn: string): Promise<void> {
    const csv = this.csv;
    if (!csv || csv.stage !== 'label' || !csv.source) return;
    const column = labelColumn.trim();
    if (!column) {
      this.error = 'Name the column that holds the labels, e.g. "label".';
      return;
    }
    this.error = null;
    this.csv = { ...csv, stage: 'importing', fraction: 0 };
    const name = csv.name.replace(/\.csv$/i, '') || 'imported';
    try {
      const { dataset } = await this.host.trainer.request('importCsv', { source: $state.snapshot(csv.source), name, labelColumn: column });
      this.datasets = [...this.datasets.filter((d) => d.name !== dataset.name), dataset];
      this.settings.dataset = dataset.name;
      this.info = `Imported ${dataset.title}: ${formatCount(dataset.samples)} samples, ${dataset.task === 'classification' ? `${dataset.classes} classes` : 'regression'}.${dataset.note ? ` ${dataset.note}` : ''}`;
    } catch (e) {
      this.error = `${csv.name} could not be imported: ${(e as Error).message}`;
    } finally {
      this.csv = null;
    }
  }

  cancelCsv(): void {
    this.csv = null;
  }
}

export { formatLoss };

/** Sigmoid and softmax give probabilities, which the canvas paints on 0 to 1. */
function isProbability(activation: Activation | null | undefined): boolean {
  return activation === 'sigmoid' || activation === 'softmax';
}
