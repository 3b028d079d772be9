/**
 * A training run: a custom loop over batches (not model.fit), so that pause,
 * step and stop take effect between any two batches. Each batch is copied
 * from the dataset in JS, by a seeded, shuffled index, straight into the
 * model's feature-major layout, and uploaded: on the wasm backend that takes
 * about 0.1 ms for 128 digits, where tf.gather on a dataset tensor in the
 * wasm heap takes about 3.5 ms for x and as much for y (a scalar kernel);
 * end to end 2,719 against 1,467 samples/s on the digit network.
 * What the canvas animates (activations, weights) is computed only when a
 * frame is due, so the screen never slows training.
 */
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import type { Optimizer as TfOptimizer } from '@tensorflow/tfjs-core';
import { drawnNeurons } from '../../src-shared/graph/drawn-neurons';
import { shapeSize } from '../../src-shared/layers/layer-kind';
import { CELL_SAMPLES, MAX_CELL_CLASSES, MAX_NEURON_INPUTS, type EventPayload, type LayerActivation, type LayerWeights, type Network, type RequestResult } from '../../src-shared/protocol/contract';
import type { BackendName, TrainingSettings } from '../../src-shared/training/settings';
import type { Emit } from '../transport/dispatcher';
import { featureSize, type Dataset } from '../data/dataset';
import { createRandom, deriveSeed, shuffleInPlace, type Random } from '../data/random';
import { makeCurrent, type Tf } from './backend';
import { buildModel, type Model } from './model';
import { OPTIMIZER_FACTORIES } from './optimizers';
import { FrameClock } from './frame-clock';
import { weightSummary } from '../../src-shared/training/weight-summary';
import { lossReadback, type ReadbackPolicy } from './loss-readback';
import { wasmThreads } from './wasm-threads';
import { readTrainedWeights, type TrainedLayer } from './model-export';
import { evaluateBoundary, isPlanar, planeExtent, samplePoints } from './boundary';

/** A kernel with more values than this is sent as a summary (plus its bias). */
export const MAX_KERNEL_VALUES = 4096;
/**
 * A feature map or sequence frame with more values than this sends only as
 * many of its channels as fit (the first ones, listed in `indices`).
 */
export const MAX_MAP_VALUES = 65_536;
const BATCH_EVENT_MS = 100;
/** Activations animate the neurons: up to the display's rate. */
const ACTIVATION_FRAME_MS = 1000 / 30;
/**
 * Weights recolour every drawn connection, which costs the screen far more to
 * paint than the neurons do, and they change slowly: a few frames a second.
 */
const WEIGHTS_FRAME_MS = 250;
/**
 * Streams may take at most this share of the training time each. The screen's
 * own work competes for the same two cores, so the trainer's share stays small
 * (the bench's screen-vs-headless figure measures the sum).
 */
const ACTIVATION_BUDGET = 0.02;
const WEIGHTS_BUDGET = 0.01;
/** Decision boundaries (2-D datasets): the output's map changes slowly and costs a grid's forward pass, so ten a second at most. */
const BOUNDARY_FRAME_MS = 100;
const BOUNDARY_BUDGET = 0.02;
const PROBE_CYCLE = 8;
const PROBE_CYCLE_MS = 2000;
const EVAL_CHUNK = 1024;
const GALLERY_SIZE = 24;
const GALLERY_MISTAKES = 12;

export interface SessionOptions {
  readonly tf: Tf;
  readonly backend: BackendName;
  readonly runId: number;
  readonly network: Network;
  readonly settings: TrainingSettings;
  readonly dataset: Dataset;
  readonly emit: Emit;
  readonly stream: boolean;
  readonly probe?: number;
  readonly startPaused?: boolean;
  /** When the loop reads losses back; by default lossReadback(backend). */
  readonly readback?: ReadbackPolicy;
}

type Status = 'running' | 'paused' | 'done';
type DoneReason = EventPayload<'done'>['reason'];

/** A batch that has trained and whose loss is still on the backend. */
interface PendingBatch {
  readonly epoch: number;
  /** 1-based, within its epoch. */
  readonly batch: number;
  readonly rows: Int32Array;
  readonly loss: Tensor;
  /** Classification only: the outputs to count in JS (read every batch), or the count itself, made on the backend. */
  readonly outputs: Tensor | null;
  readonly correct: Tensor | null;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One layer's probe activations as they cross to the screen. A flat layer
 * sends the neurons the canvas draws; a layer with a shape of two or more
 * axes (feature maps [h, w, c], sequences [time, units]) sends its values
 * row-major, channels last, with that `shape`, and when that is more than
 * MAX_MAP_VALUES, only the first channels that fit: `shape`'s last axis is
 * then their count and `indices` lists them.
 */
export function activationFrame(layerId: string, shape: readonly number[], all: Float32Array): LayerActivation {
  if (shape.length < 2) {
    // Only the neurons on screen cross the boundary (the canvas draws the same ones).
    const drawn = drawnNeurons(all.length);
    return drawn.elided
      ? { layerId, values: Float32Array.from(drawn.indices, (k) => all[k]!), indices: [...drawn.indices], size: all.length }
      : { layerId, values: all.slice(), size: all.length };
  }
  if (all.length <= MAX_MAP_VALUES) return { layerId, values: all.slice(), size: all.length, shape: [...shape] };
  const channels = shape.at(-1)!;
  const cells = all.length / channels;
  const kept = Math.max(1, Math.floor(MAX_MAP_VALUES / cells));
  const values = new Float32Array(cells * kept);
  for (let p = 0; p < cells; p++) values.set(all.subarray(p * channels, p * channels + kept), p * kept);
  return { layerId, values, indices: Array.from({ length: kept }, (_, k) => k), size: all.length, shape: [...shape.slice(0, -1), kept] };
}

/** A run's seeded split of a dataset's rows: the training rows, then the validation rows. */
export function splitRows(samples: number, seed: number, validationSplit: number): { train: Int32Array; validation: Int32Array } {
  const order = shuffleInPlace(Int32Array.from({ length: samples }, (_, i) => i), createRandom(deriveSeed(seed, 'split')));
  const trainCount = samples - Math.floor(samples * validationSplit);
  return { train: order.slice(0, trainCount), validation: order.slice(trainCount) };
}

/**
 * Positions into a run's training rows in the order its batches take them;
 * each epoch reshuffles the previous order in place from the run's shuffle
 * stream, so the same seed gives the same batches (step mode takes the first).
 */
export class BatchOrder {
  private readonly order: Int32Array;
  private readonly random: Random;

  constructor(trainCount: number, seed: number) {
    this.order = Int32Array.from({ length: trainCount }, (_, i) => i);
    this.random = createRandom(deriveSeed(seed, 'shuffle'));
  }

  /** The next epoch's order (the same array, reshuffled when `shuffle`). */
  nextEpoch(shuffle: boolean): Int32Array {
    if (shuffle) shuffleInPlace(this.order, this.random);
    return this.order;
  }
}

/**
 * Features and targets of some dataset rows as feature-major values
 * ([features, batch] and [units, batch]), one-hot for a classifier with more
 * than one output unit. Fresh arrays every time: the cpu backend keeps the
 * array it is given.
 */
export function batchValues(dataset: Dataset, rows: Int32Array, units: number): { x: Float32Array<ArrayBuffer>; y: Float32Array<ArrayBuffer> } {
  const { features, labels, info } = dataset;
  const fs = featureSize(info);
  const n = rows.length;
  const x = new Float32Array(n * fs);
  for (let i = 0; i < n; i++) {
    const base = rows[i]! * fs;
    for (let f = 0, k = i; f < fs; f++, k += n) x[k] = features[base + f]!;
  }
  const oneHot = info.task === 'classification' && units > 1;
  const y = new Float32Array(n * units);
  for (let i = 0; i < n; i++) {
    const label = labels[rows[i]!]!;
    if (oneHot) y[label * n + i] = 1;
    else y[i] = label;
  }
  return { x, y };
}

export class TrainingSession {
  readonly runId: number;
  private readonly tf: Tf;
  private readonly o: SessionOptions;
  private readonly model: Model;
  private readonly optimizer: TfOptimizer;
  private readonly featureSize: number;
  private readonly outputUnits: number;
  private readonly classification: boolean;
  private readonly trainCount: number;
  private readonly valCount: number;
  /** Dataset rows of the training and validation samples, after the seeded split. */
  private readonly trainRows: Int32Array;
  private readonly valRows: Int32Array;
  private readonly batchOrder: BatchOrder;
  private readonly batchSize: number;
  readonly batchesPerEpoch: number;

  private status: Status;
  private stepBudget = 0;
  private stopRequested = false;
  private wake: (() => void) | null = null;
  private probe: number | undefined;
  private focusedLayer: string | null = null;
  private neuronsDue = false;
  private step = 0;
  private epochsDone = 0;
  private lastEpochLoss: number | null = null;
  private lastBatchLoss: number | null = null;
  private lastGood: Tensor[] | null = null;
  /** The weights before the first batch whose loss is unread; they become the last good ones once it reads finite. */
  private unconfirmed: Tensor[] | null = null;
  private pending: PendingBatch[] = [];
  private readonly deferred: boolean;
  private readonly readEvery: number;
  private epochLossSum = 0;
  private epochCorrect = 0;
  private disposed = false;
  private finished: Promise<void> | null = null;
  private readonly activationClock = new FrameClock(ACTIVATION_FRAME_MS, ACTIVATION_BUDGET);
  private readonly weightsClock = new FrameClock(WEIGHTS_FRAME_MS, WEIGHTS_BUDGET);
  private readonly boundaryClock = new FrameClock(BOUNDARY_FRAME_MS, BOUNDARY_BUDGET);
  /** The plane a 2-D dataset's points lie on, fixed for the run; null for any other dataset. */
  private readonly plane: ReturnType<typeof planeExtent> | null;
  private lastBatchEvent = 0;
  private lastBatchEventStep = 0;
  private lastBatch: { epoch: number; loss: number } | null = null;
  private pausedSince = 0;
  private pausedMs = 0;
  /** Threads the run trains on, the session's own included; the workers exist once the loop has started them. */

  constructor(options: SessionOptions) {
    this.o = options;
    this.tf = options.tf;
    this.runId = options.runId;
    const { tf, settings, dataset } = options;
    makeCurrent(tf, options.backend);
    this.probe = options.probe;
    this.featureSize = featureSize(dataset.info);
    this.classification = dataset.info.task === 'classification';
    this.model = buildModel(tf, options.network.layers, settings.seed);
    const lastShape = this.model.ops.at(-1)!.outputShape;
    this.outputUnits = shapeSize(lastShape);

    const split = splitRows(dataset.info.samples, settings.seed, settings.validationSplit);
    this.trainRows = split.train;
    this.valRows = split.validation;
    this.trainCount = split.train.length;
    this.valCount = split.validation.length;
    this.batchSize = Math.min(settings.batchSize, this.trainCount);
    this.batchesPerEpoch = Math.ceil(this.trainCount / this.batchSize);
    this.batchOrder = new BatchOrder(this.trainCount, settings.seed);
    this.plane = options.stream && isPlanar(dataset.info) ? planeExtent(dataset.features) : null;

    try {
      this.optimizer = OPTIMIZER_FACTORIES[settings.optimizer](tf, settings.learningRate);
    } catch (e) {
      this.model.dispose();
      throw e;
    }
    this.readEvery = (options.readback ?? lossReadback(options.backend)).everyBatches;
    this.deferred = this.readEvery > 1;
    this.status = options.startPaused ? 'paused' : 'running';
  }

  /** Features and targets of some dataset rows, feature-major, on the backend. */
  private upload(rows: Int32Array): [Tensor2D, Tensor2D] {
    const { x, y } = batchValues(this.o.dataset, rows, this.outputUnits);
    const n = rows.length;
    return [this.tf.tensor2d(x, [this.featureSize, n]), this.tf.tensor2d(y, [this.outputUnits, n])];
  }

  /**
   * tfjs has one current backend per process, and another service's run may
   * have switched it between two of this run's batches. Making this run's
   * backend current is synchronous once the backend has initialized (it has:
   * the run started on it), and nothing awaits inside a batch, so each batch
   * runs wholly on the backend the run announced.
   */
  private onBackend(): Tf {
    makeCurrent(this.tf, this.o.backend);
    return this.tf;
  }

  get params(): number {
    return this.model.params;
  }

  get sizes(): { train: number; validation: number } {
    return { train: this.trainCount, validation: this.valCount };
  }

  /** Trains until done; resolves when the run has ended, whichever way. */
  run(): Promise<void> {
    this.finished ??= this.loop().catch((e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      if (process.env.DENSELY_DEBUG) console.error(e);
      this.dropPending();
      this.o.emit('error', { runId: this.runId, message: `Training stopped with an internal error: ${message}` });
      this.finish('stopped', `Training stopped with an internal error: ${message}`);
    });
    return this.finished;
  }

  pause(): void {
    if (this.status !== 'running') return;
    this.status = 'paused';
    this.pausedSince = performance.now();
    // Batch events are throttled; a paused screen must show the batch it stopped at.
    this.emitBatch();
    // And the boundary the weights draw now, which Evaluate shows (unmeasured: a pause is not the stream's cost).
    this.emitBoundary();
    this.o.emit('state', { runId: this.runId, status: 'paused' });
  }

  resume(): void {
    if (this.status !== 'paused') return;
    this.status = 'running';
    this.stepBudget = 0;
    this.countPause();
    this.o.emit('state', { runId: this.runId, status: 'running' });
    this.signal();
  }

  /** One batch, then paused; from running, pauses after the next batch. Each press adds one batch. */
  stepOnce(): void {
    if (this.status === 'done') return;
    if (this.status === 'running') this.pause();
    this.stepBudget++;
    this.signal();
  }

  /** Asks the loop to stop after the current batch; resolves when it has. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    this.signal();
    if (this.finished) await this.finished;
  }

  setProbe(index: number): void {
    this.probe = index;
    this.activationClock.reset();
    if (this.status === 'paused' || this.status === 'done') {
      this.emitActivations();
      this.emitNeurons();
    }
  }

  /** The layer whose drawn neurons' numbers go to the screen (`neurons` events); sent at once when nothing trains. */
  focusNeurons(layerId: string | null): void {
    this.focusedLayer = layerId;
    // While running, the loop sends it after the next batch rather than wait for the weights clock (seconds on digits).
    if (this.status === 'running') this.neuronsDue = true;
    else this.emitNeurons();
  }

  get isActive(): boolean {
    return this.status === 'running' || this.status === 'paused';
  }

  private signal(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private countPause(): void {
    if (this.pausedSince) this.pausedMs += performance.now() - this.pausedSince;
    this.pausedSince = 0;
  }

  /** Waits while paused; true when a batch may run, false when asked to stop. */
  private async gate(): Promise<{ go: boolean; stepping: boolean }> {
    for (;;) {
      if (this.stopRequested) return { go: false, stepping: false };
      if (this.status === 'running') return { go: true, stepping: false };
      if (this.stepBudget > 0) {
        this.stepBudget--;
        return { go: true, stepping: true };
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private async loop(): Promise<void> {
    const { emit, settings, dataset } = this.o;
    // Let the answer to `train` (with the run's id) go out before the run's first event.
    await yieldToEventLoop();
    if (this.disposed) return this.finish('stopped');
    emit('started', {
      runId: this.runId,
      backend: this.o.backend,
      dataset: dataset.info.name,
      trainSize: this.trainCount,
      validationSize: this.valCount,
      params: this.model.params,
      batchesPerEpoch: this.batchesPerEpoch,
      epochs: settings.epochs,
      ...(this.o.backend === 'wasm' ? { threads: wasmThreads() } : {}),
    });
    if (this.status === 'paused') this.pausedSince = performance.now();
    emit('state', { runId: this.runId, status: this.status as 'running' | 'paused' });
    if (this.o.stream) {
      this.emitActivations();
      this.emitWeights();
      if (this.plane) {
        emit('boundaryPoints', { runId: this.runId, ...samplePoints(dataset.features, dataset.labels, this.trainRows, this.valRows, this.plane) });
        // Unmeasured: the first pass through a grid warms the backend's kernels up and would put the next frame off for a minute.
        this.emitBoundary();
      }
    }

    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      const order = this.batchOrder.nextEpoch(settings.shuffle);
      const t0 = performance.now();
      this.pausedMs = 0;
      this.epochLossSum = 0;
      this.epochCorrect = 0;
      for (let b = 0; b < this.batchesPerEpoch; b++) {
        // A pause or stop that came in since the last batch: the screen shows every batch that ran.
        if (this.pending.length > 0 && (this.status !== 'running' || this.stopRequested)) {
          const diverged = this.settle();
          if (diverged) return this.finish('diverged', diverged);
          this.emitBatch();
        }
        const gate = await this.gate();
        if (!gate.go) return this.finish('stopped');
        const start = b * this.batchSize;
        const rows = order.subarray(start, Math.min(start + this.batchSize, this.trainCount));
        this.trainBatch(this.trainRows, rows, epoch, b + 1);
        this.step++;
        const lastOfEpoch = b === this.batchesPerEpoch - 1;
        if (this.pending.length >= this.readEvery || lastOfEpoch || gate.stepping || this.status !== 'running' || this.stopRequested) {
          const diverged = this.settle();
          if (diverged) return this.finish('diverged', diverged);
        }
        const lastOfRun = epoch === settings.epochs && lastOfEpoch;
        const now = performance.now();
        if (gate.stepping || lastOfRun || now - this.lastBatchEvent >= BATCH_EVENT_MS) this.emitBatch();
        if (this.o.stream) this.maybeEmitFrames(gate.stepping);
        if (gate.stepping && this.stepBudget === 0 && this.status === 'paused') emit('state', { runId: this.runId, status: 'paused' });
        await yieldToEventLoop();
      }
      this.countPause();
      if (this.stopRequested || this.disposed) return this.finish('stopped');
      const seconds = Math.max(1e-6, (performance.now() - t0 - this.pausedMs) / 1000);
      const trainLoss = this.epochLossSum / this.trainCount;
      const accuracy = this.classification ? this.epochCorrect / this.trainCount : undefined;
      const val = this.valCount > 0 ? this.measure(this.valRows, this.valCount) : null;
      this.epochsDone = epoch;
      this.lastEpochLoss = trainLoss;
      emit('epoch', {
        runId: this.runId,
        epoch,
        loss: trainLoss,
        ...(accuracy !== undefined ? { accuracy } : {}),
        ...(val ? { valLoss: val.loss, ...(val.accuracy !== undefined ? { valAccuracy: val.accuracy } : {}) } : {}),
        samplesPerSec: this.trainCount / seconds,
      });
      if (this.status === 'paused') this.pausedSince = performance.now();
    }
    this.finish('completed');
  }

  /**
   * One optimizer step on the given positions of `split`. Its loss (and, for
   * a classifier, what counts its correct answers) stays on the backend until
   * `settle` reads it: see loss-readback.ts.
   */
  private trainBatch(split: Int32Array, positions: Int32Array, epoch: number, batch: number): void {
    const tf = this.onBackend();
    const rows = Int32Array.from(positions, (p) => split[p]!);
    // Clones share the variables' memory: the optimizer assigns new tensors, so this copies nothing.
    this.unconfirmed ??= this.model.snapshot();
    const dropoutSeed = deriveSeed(this.o.settings.seed, `dropout${this.step}`);
    const [loss, counted] = tf.tidy(() => {
      const [x, t] = this.upload(rows);
      const step = this.model.lossAndGradients(x, t, this.o.settings.loss, { training: true, dropoutSeed });
      this.optimizer.applyGradients(step.gradients);
      if (!this.classification) return [step.loss];
      return [step.loss, this.deferred ? this.correctOnBackend(step.output, t) : step.output];
    });
    this.pending.push({
      epoch,
      batch,
      rows,
      loss: loss!,
      outputs: counted && !this.deferred ? counted : null,
      correct: counted && this.deferred ? counted : null,
    });
  }

  /** How many of a feature-major batch's outputs pick the target's class, as a float32 scalar on the backend. */
  private correctOnBackend(output: Tensor2D, target: Tensor2D): Tensor {
    const tf = this.tf;
    // The same rules as predictedClass: above 0.5 for one unit, else the first largest output.
    const hits =
      this.outputUnits === 1 ? tf.equal(tf.greater(output, 0.5), tf.greater(target, 0.5)) : tf.equal(tf.argMax(output, 0), tf.argMax(target, 0));
    return tf.cast(tf.sum(tf.cast(hits, 'int32')), 'float32');
  }

  /** Reads every pending batch's loss and correct count back, in one read where they were kept on the backend. */
  private readBack(): { epoch: number; batch: number; size: number; loss: number; correct: number }[] {
    const batches = this.pending.splice(0);
    try {
      const tf = this.onBackend();
      if (!this.deferred)
        return batches.map((p) => ({
          epoch: p.epoch,
          batch: p.batch,
          size: p.rows.length,
          loss: p.loss.dataSync()[0]!,
          correct: p.outputs ? this.countCorrect(p.outputs.dataSync() as Float32Array, p.rows) : 0,
        }));
      const stride = this.classification ? 2 : 1;
      const all = tf.tidy(() => tf.stack(batches.flatMap((p) => (p.correct ? [p.loss, p.correct] : [p.loss]))));
      let values: Float32Array;
      try {
        values = all.dataSync() as Float32Array;
      } finally {
        all.dispose();
      }
      return batches.map((p, i) => ({ epoch: p.epoch, batch: p.batch, size: p.rows.length, loss: values[i * stride]!, correct: stride === 2 ? values[i * stride + 1]! : 0 }));
    } finally {
      for (const p of batches) for (const t of [p.loss, p.outputs, p.correct]) t?.dispose();
    }
  }

  /**
   * Reads the pending batches back and adds them to the epoch's figures.
   * At a NaN or infinite loss, puts the last weights known to give a finite
   * loss back and returns the sentence that says so; else null.
   */
  private settle(): string | null {
    const read = this.readBack();
    const bad = read.findIndex((r) => !Number.isFinite(r.loss));
    // The weights before the first pending batch gave its loss: finite, they are good.
    if (bad !== 0 && this.unconfirmed) {
      for (const t of this.lastGood ?? []) t.dispose();
      this.lastGood = this.unconfirmed;
    } else {
      for (const t of this.unconfirmed ?? []) t.dispose();
    }
    this.unconfirmed = null;
    for (const r of bad < 0 ? read : read.slice(0, bad)) {
      this.epochLossSum += r.loss * r.size;
      this.epochCorrect += r.correct;
      this.lastBatchLoss = r.loss;
      this.lastBatch = { epoch: r.epoch, loss: r.loss };
    }
    if (bad < 0) return null;
    if (this.lastGood) {
      this.onBackend();
      this.model.restore(this.lastGood);
    }
    const { epoch, batch, loss } = read[bad]!;
    const what = Number.isNaN(loss) ? 'not a number (NaN)' : 'infinite';
    return `The loss became ${what} at epoch ${epoch}, batch ${batch}, so training stopped; the weights are back to the last ones known to give a finite loss. Lower the learning rate (now ${this.o.settings.learningRate}) or pick another optimizer.`;
  }

  /** Frees the batches still on the backend and the weights not yet confirmed good. */
  private dropPending(): void {
    for (const p of this.pending.splice(0)) for (const t of [p.loss, p.outputs, p.correct]) t?.dispose();
    for (const t of this.unconfirmed ?? []) t.dispose();
    this.unconfirmed = null;
  }

  /** The class a feature-major output [units, batch] predicts for sample i. */
  private predictedClass(out: Float32Array, n: number, i: number): number {
    const units = this.outputUnits;
    if (units === 1) return out[i]! > 0.5 ? 1 : 0;
    let best = 0;
    for (let k = 1; k < units; k++) if (out[k * n + i]! > out[best * n + i]!) best = k;
    return best;
  }

  private countCorrect(out: Float32Array, rows: Int32Array): number {
    const { labels } = this.o.dataset;
    let hits = 0;
    for (let i = 0; i < rows.length; i++) {
      const label = labels[rows[i]!]!;
      const want = this.outputUnits === 1 ? (label > 0.5 ? 1 : 0) : label;
      if (this.predictedClass(out, rows.length, i) === want) hits++;
    }
    return hits;
  }

  /** Loss and accuracy over the first `count` samples of a split, in chunks; with `keep`, the predictions too (batch-major). */
  private measure(split: Int32Array, count: number, keep = false): { loss: number; accuracy?: number; outputs?: Float32Array } {
    const tf = this.onBackend();
    let lossSum = 0;
    let correct = 0;
    const units = this.outputUnits;
    const outputs = keep ? new Float32Array(count * units) : undefined;
    for (let start = 0; start < count; start += EVAL_CHUNK) {
      const rows = split.slice(start, Math.min(start + EVAL_CHUNK, count));
      const size = rows.length;
      tf.tidy(() => {
        const [x, t] = this.upload(rows);
        const o = this.model.forward(x, { training: false, dropoutSeed: 0 });
        lossSum += this.model.loss(t, o, this.o.settings.loss).dataSync()[0]! * size;
        const out = o.dataSync() as Float32Array;
        if (this.classification) correct += this.countCorrect(out, rows);
        if (outputs) for (let i = 0; i < size; i++) for (let k = 0; k < units; k++) outputs[(start + i) * units + k] = out[k * size + i]!;
      });
    }
    return {
      loss: lossSum / count,
      ...(this.classification ? { accuracy: correct / count } : {}),
      ...(outputs ? { outputs } : {}),
    };
  }

  private maybeEmitFrames(force: boolean): void {
    const now = performance.now();
    if (force || this.activationClock.due(now)) this.activationClock.measure(() => this.emitActivations());
    if (force || this.weightsClock.due(performance.now()))
      this.weightsClock.measure(() => {
        this.emitWeights();
        this.emitNeurons();
      });
    else if (this.neuronsDue) this.emitNeurons();
    this.neuronsDue = false;
    if (this.plane && (force || this.boundaryClock.due(performance.now()))) this.boundaryClock.measure(() => this.emitBoundary());
  }

  /** The network's output, and each drawn neuron's, over the run's plane (2-D datasets only). */
  private emitBoundary(): void {
    if (this.disposed || !this.plane) return;
    const frame = evaluateBoundary(this.onBackend(), this.model, this.plane, this.classification);
    this.o.emit('boundary', { runId: this.runId, step: this.step, ...frame });
  }

  /** The probe sample: the one named, else cycling through the first few of the validation set. */
  private probeSample(): { split: 'val' | 'train'; index: number } {
    const fromVal = this.valCount > 0;
    const count = fromVal ? this.valCount : this.trainCount;
    const index = this.probe !== undefined ? Math.min(this.probe, count - 1) : Math.floor(performance.now() / PROBE_CYCLE_MS) % Math.min(PROBE_CYCLE, count);
    return { split: fromVal ? 'val' : 'train', index };
  }

  private emitActivations(): void {
    if (this.disposed) return;
    const tf = this.onBackend();
    const { split, index } = this.probeSample();
    const row = (split === 'val' ? this.valRows : this.trainRows)[index]!;
    const fs = this.featureSize;
    const input = this.o.dataset.features.slice(row * fs, (row + 1) * fs);
    const values = tf.tidy(() => {
      const x = tf.tensor2d(input, [1, fs]);
      return this.model.forwardAll(x, { training: false, dropoutSeed: 0 }).map((t) => t.dataSync() as Float32Array);
    });
    const layers: LayerActivation[] = this.model.ops.map((op, i) => activationFrame(op.layer.id, op.outputShape, values[i]!));
    this.o.emit('activations', { runId: this.runId, step: this.step, probe: index, label: this.o.dataset.labels[row]!, input, layers });
  }

  /**
   * The focused dense layer's drawn neurons on the probe: the layer's whole input, each neuron's weights (a row of
   * the feature-major kernel, sliced on the backend) and bias, and its output, from one forward pass.
   */
  private emitNeurons(): void {
    if (this.disposed || this.focusedLayer === null) return;
    const at = this.model.ops.findIndex((op) => op.layer.id === this.focusedLayer);
    const view = this.model.weights.find((w) => w.layerId === this.focusedLayer);
    // Only a layer whose kernel is inputs x units (no kernel shape of its own, as a convolution has).
    const plain = view && !view.shape && view.kernel.shape[0] === view.cols && view.kernel.shape[1] === view.rows;
    if (at < 0 || !plain || this.model.ops[at]!.outputShape.length !== 1 || view.rows > MAX_NEURON_INPUTS) return;
    const tf = this.onBackend();
    const { split, index } = this.probeSample();
    const row = (split === 'val' ? this.valRows : this.trainRows)[index]!;
    const fs = this.featureSize;
    const sample = this.o.dataset.features.slice(row * fs, (row + 1) * fs);
    const drawn = drawnNeurons(view.cols).indices;
    let inputs = sample;
    let outputs = new Float32Array(0);
    let weights: Float32Array<ArrayBuffer>[] = [];
    let bias: Float32Array | null = null;
    tf.tidy(() => {
      const outs = this.model.forwardAll(tf.tensor2d(sample, [1, fs]), { training: false, dropoutSeed: 0 });
      if (at > 0) inputs = (outs[at - 1]!.dataSync() as Float32Array<ArrayBuffer>).slice();
      outputs = (outs[at]!.dataSync() as Float32Array<ArrayBuffer>).slice();
      weights = drawn.map((j) => (tf.slice(view!.kernel, [j, 0], [1, view!.rows]).dataSync() as Float32Array<ArrayBuffer>).slice());
      bias = view!.bias ? (view!.bias.dataSync() as Float32Array).slice() : null;
    });
    if (inputs.length !== view.rows) return;
    let outputSum = 0;
    for (const v of outputs) outputSum += v;
    this.o.emit('neurons', {
      runId: this.runId,
      step: this.step,
      probe: index,
      layerId: this.focusedLayer,
      size: view.cols,
      inputs,
      neurons: drawn.map((j, k) => ({ index: j, weights: weights[k]!, bias: bias === null ? null : (bias as Float32Array)[j]!, a: outputs[j]! })),
      outputSum,
    });
  }

  private emitWeights(): void {
    if (this.disposed) return;
    const tf = this.onBackend();
    const layers: LayerWeights[] = this.model.weights.map((d) => {
      const bias = d.bias ? (d.bias.dataSync() as Float32Array).slice() : undefined;
      if (d.rows * d.cols <= MAX_KERNEL_VALUES) {
        const kernel = d.readKernel();
        return { layerId: d.layerId, rows: d.rows, cols: d.cols, kernel, ...(bias ? { bias } : {}), summary: weightSummary(kernel), ...(d.shape ? { shape: [...d.shape] } : {}) };
      }
      const s = tf.tidy(() => {
        const { mean, variance } = tf.moments(d.kernel);
        return tf.stack([tf.min(d.kernel), tf.max(d.kernel), mean, tf.sqrt(variance)]).dataSync();
      });
      return { layerId: d.layerId, rows: d.rows, cols: d.cols, ...(bias ? { bias } : {}), summary: { min: s[0]!, max: s[1]!, mean: s[2]!, std: s[3]! }, ...(d.shape ? { shape: [...d.shape] } : {}) };
    });
    this.o.emit('weights', { runId: this.runId, step: this.step, layers });
  }

  /** Sends the latest batch's loss, unless it was sent already. */
  private emitBatch(): void {
    // While batches are unread, the latest loss would belong to an earlier step.
    if (!this.lastBatch || this.lastBatchEventStep === this.step || this.pending.length > 0) return;
    this.lastBatchEvent = performance.now();
    this.lastBatchEventStep = this.step;
    this.o.emit('batch', { runId: this.runId, step: this.step, epoch: this.lastBatch.epoch, loss: this.lastBatch.loss });
  }

  private finish(reason: DoneReason, message?: string): void {
    if (this.status === 'done') return;
    this.status = 'done';
    // The workers are replicas for training only; prediction and evaluation use this thread's model.
    if (this.o.stream && !this.disposed) {
      this.emitActivations();
      this.emitWeights();
      this.emitNeurons();
      this.emitBoundary();
    }
    this.o.emit('done', {
      runId: this.runId,
      reason,
      epochs: this.epochsDone,
      steps: this.step,
      // A completed run reports its last epoch's mean loss; a stopped one the loss where it stopped.
      finalLoss: reason === 'completed' ? (this.lastEpochLoss ?? this.lastBatchLoss) : (this.lastBatchLoss ?? this.lastEpochLoss),
      backend: this.o.backend,
      ...(message ? { message } : {}),
    });
  }

  /** Outputs for raw feature rows, with the trained weights. */
  predict(inputs: readonly (readonly number[])[]): RequestResult<'predict'> {
    const fs = this.featureSize;
    inputs.forEach((row, i) => {
      if (row.length !== fs) throw new Error(`Input ${i} has ${row.length} values, but the network takes ${fs}.`);
    });
    const tf = this.onBackend();
    const n = inputs.length;
    const flat = new Float32Array(n * fs);
    inputs.forEach((row, i) => row.forEach((v, f) => (flat[f * n + i] = v)));
    const out = tf.tidy(() => this.model.forward(tf.tensor2d(flat, [fs, n]), { training: false, dropoutSeed: 0 }).dataSync());
    const units = this.outputUnits;
    return { outputs: inputs.map((_, i) => Array.from({ length: units }, (_, k) => out[k * n + i]!)) };
  }

  /** A copy of the trained weights in Keras's layouts, taken between two batches (model-export.ts, issue 11). */
  trainedWeights(): TrainedLayer[] {
    this.onBackend();
    return readTrainedWeights(this.model);
  }

  /** Loss, accuracy, confusion matrix and a gallery over the validation set (the training set without one). */
  evaluate(limit?: number): RequestResult<'evaluate'> {
    const useVal = this.valCount > 0;
    const rows = useVal ? this.valRows : this.trainRows;
    const count = Math.min(limit ?? rows.length, rows.length);
    const m = this.measure(rows, count, true);
    const outputs = m.outputs!;
    const { labels, features, info } = this.o.dataset;
    const units = this.outputUnits;
    const predictOf = (i: number): { predicted: number; confidence: number } => {
      if (!this.classification) return { predicted: outputs[i]!, confidence: 1 };
      if (units === 1) {
        const p = outputs[i]!;
        return p > 0.5 ? { predicted: 1, confidence: p } : { predicted: 0, confidence: 1 - p };
      }
      let best = 0;
      for (let k = 1; k < units; k++) if (outputs[i * units + k]! > outputs[i * units + best]!) best = k;
      return { predicted: best, confidence: outputs[i * units + best]! };
    };
    let confusion: number[][] | undefined;
    if (this.classification) {
      const classes = Math.max(info.classes, units === 1 ? 2 : units);
      confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
    }
    const right: number[] = [];
    const wrong: number[] = [];
    // Each cell's first samples, so the screen can open them; only for matrices the contract bounds.
    const cellSamples = confusion && confusion.length <= MAX_CELL_CLASSES ? confusion.map((r) => r.map(() => [] as number[])) : undefined;
    for (let i = 0; i < count; i++) {
      const label = labels[rows[i]!]!;
      const { predicted } = predictOf(i);
      if (confusion) confusion[label]![predicted]!++;
      const cell = cellSamples?.[label]?.[predicted];
      if (cell && cell.length < CELL_SAMPLES) cell.push(i);
      if (this.classification) (predicted === label ? right : wrong).push(i);
      else right.push(i);
    }
    const mistakes = wrong.slice(0, GALLERY_MISTAKES);
    const chosen = [...mistakes, ...right.slice(0, GALLERY_SIZE - mistakes.length)].sort((a, b) => a - b);
    const fs = this.featureSize;
    const samples = chosen.map((i) => {
      const row = rows[i]!;
      return {
        index: i,
        label: labels[row]!,
        ...predictOf(i),
        ...(info.image ? { pixels: features.slice(row * fs, (row + 1) * fs) } : {}),
      };
    });
    return {
      loss: m.loss,
      ...(m.accuracy !== undefined ? { accuracy: m.accuracy } : {}),
      ...(confusion ? { confusion } : {}),
      samples,
      ...(cellSamples ? { cellSamples } : {}),
    };
  }

  /** Frees every tensor of the run; the session cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopRequested = true;
    this.signal();
    this.dropPending();
    for (const t of this.lastGood ?? []) t.dispose();
    this.lastGood = null;
    this.onBackend();
    this.model.dispose();
    this.optimizer.dispose();
  }
}
