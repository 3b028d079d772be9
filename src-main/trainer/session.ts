/**
 * A training run: a custom loop over batches (not model.fit), so that pause,
 * step and stop take effect between any two batches. The dataset goes to the
 * backend once; each batch is gathered from it by a seeded, shuffled index.
 * What the canvas animates (activations, weights) is computed only when a
 * frame is due, so the screen never slows training.
 */
import type { Scalar, Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import type { Optimizer as TfOptimizer } from '@tensorflow/tfjs-core';
import { drawnNeurons } from '../../src-shared/graph/drawn-neurons';
import { shapeSize } from '../../src-shared/layers/layer-kind';
import type { EventPayload, LayerActivation, LayerWeights, Network, RequestResult } from '../../src-shared/protocol/contract';
import type { BackendName, TrainingSettings } from '../../src-shared/training/settings';
import type { Emit } from '../transport/dispatcher';
import { featureSize, type Dataset } from '../data/dataset';
import { createRandom, deriveSeed, shuffleInPlace, type Random } from '../data/random';
import type { Tf } from './backend';
import { LOSS_FNS } from './losses';
import { buildModel, type Model } from './model';
import { OPTIMIZER_FACTORIES } from './optimizers';
import { FrameClock } from './frame-clock';

/** A kernel with more values than this is sent as a summary (plus its bias). */
export const MAX_KERNEL_VALUES = 4096;
const BATCH_EVENT_MS = 50;
const FRAME_MS = 1000 / 30;
/** Streams may take at most this share of the training time. */
const FRAME_BUDGET = 0.04;
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
}

type Status = 'running' | 'paused' | 'done';
type DoneReason = EventPayload<'done'>['reason'];

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function stats(values: Float32Array): LayerWeights['summary'] {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const mean = values.length ? sum / values.length : 0;
  let sq = 0;
  for (const v of values) sq += (v - mean) ** 2;
  return { min: values.length ? min : 0, max: values.length ? max : 0, mean, std: values.length ? Math.sqrt(sq / values.length) : 0 };
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
  private readonly xTrain: Tensor2D;
  private readonly yTrain: Tensor2D;
  private readonly xVal: Tensor2D | null;
  private readonly yVal: Tensor2D | null;
  private readonly shuffleRandom: Random;
  private readonly batchSize: number;
  readonly batchesPerEpoch: number;

  private status: Status;
  private stepBudget = 0;
  private stopRequested = false;
  private wake: (() => void) | null = null;
  private probe: number | undefined;
  private step = 0;
  private epochsDone = 0;
  private lastEpochLoss: number | null = null;
  private lastBatchLoss: number | null = null;
  private lastGood: Tensor[] | null = null;
  private disposed = false;
  private finished: Promise<void> | null = null;
  private readonly activationClock = new FrameClock(FRAME_MS, FRAME_BUDGET);
  private readonly weightsClock = new FrameClock(FRAME_MS, FRAME_BUDGET);
  private lastBatchEvent = 0;
  private lastBatchEventStep = 0;
  private lastBatch: { epoch: number; loss: number } | null = null;
  private pausedSince = 0;
  private pausedMs = 0;

  constructor(options: SessionOptions) {
    this.o = options;
    this.tf = options.tf;
    this.runId = options.runId;
    const { tf, settings, dataset } = options;
    this.probe = options.probe;
    this.featureSize = featureSize(dataset.info);
    this.classification = dataset.info.task === 'classification';
    this.model = buildModel(tf, options.network.layers, settings.seed);
    const lastShape = this.model.ops.at(-1)!.outputShape;
    this.outputUnits = shapeSize(lastShape);

    const n = dataset.info.samples;
    const order = shuffleInPlace(Int32Array.from({ length: n }, (_, i) => i), createRandom(deriveSeed(settings.seed, 'split')));
    this.valCount = Math.floor(n * settings.validationSplit);
    this.trainCount = n - this.valCount;
    this.trainRows = order.slice(0, this.trainCount);
    this.valRows = order.slice(this.trainCount);
    this.batchSize = Math.min(settings.batchSize, this.trainCount);
    this.batchesPerEpoch = Math.ceil(this.trainCount / this.batchSize);
    this.shuffleRandom = createRandom(deriveSeed(settings.seed, 'shuffle'));

    [this.xTrain, this.yTrain] = this.upload(this.trainRows);
    if (this.valCount > 0) [this.xVal, this.yVal] = this.upload(this.valRows);
    else [this.xVal, this.yVal] = [null, null];
    this.optimizer = OPTIMIZER_FACTORIES[settings.optimizer](tf, settings.learningRate);
    this.status = options.startPaused ? 'paused' : 'running';
  }

  /** Features and targets of some rows, on the backend, once. */
  private upload(rows: Int32Array): [Tensor2D, Tensor2D] {
    const { features, labels } = this.o.dataset;
    const fs = this.featureSize;
    const x = new Float32Array(rows.length * fs);
    rows.forEach((r, i) => x.set(features.subarray(r * fs, (r + 1) * fs), i * fs));
    const units = this.outputUnits;
    const oneHot = this.classification && units > 1;
    const y = new Float32Array(rows.length * units);
    rows.forEach((r, i) => {
      if (oneHot) y[i * units + labels[r]!] = 1;
      else y[i] = labels[r]!;
    });
    return [this.tf.tensor2d(x, [rows.length, fs]), this.tf.tensor2d(y, [rows.length, units])];
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

  /** One batch, then paused; from running, pauses after the next batch. */
  stepOnce(): void {
    if (this.status === 'done') return;
    if (this.status === 'running') this.pause();
    this.stepBudget = 1;
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
    if (this.status === 'paused' || this.status === 'done') this.emitActivations();
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
    emit('started', {
      runId: this.runId,
      backend: this.o.backend,
      dataset: dataset.info.name,
      trainSize: this.trainCount,
      validationSize: this.valCount,
      params: this.model.params,
      batchesPerEpoch: this.batchesPerEpoch,
      epochs: settings.epochs,
    });
    if (this.status === 'paused') this.pausedSince = performance.now();
    emit('state', { runId: this.runId, status: this.status as 'running' | 'paused' });
    if (this.o.stream) {
      this.emitActivations();
      this.emitWeights();
    }

    const order = Int32Array.from({ length: this.trainCount }, (_, i) => i);
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      if (settings.shuffle) shuffleInPlace(order, this.shuffleRandom);
      const t0 = performance.now();
      this.pausedMs = 0;
      let lossSum = 0;
      let correct: Scalar | null = null;
      for (let b = 0; b < this.batchesPerEpoch; b++) {
        const gate = await this.gate();
        if (!gate.go) {
          correct?.dispose();
          return this.finish('stopped');
        }
        const start = b * this.batchSize;
        const rows = order.subarray(start, Math.min(start + this.batchSize, this.trainCount));
        const { loss, batchCorrect } = this.trainBatch(rows);
        this.step++;
        if (batchCorrect) {
          const prev: Scalar | null = correct;
          correct = this.tf.keep(prev ? (this.tf.add(prev, batchCorrect) as Scalar) : batchCorrect.clone());
          prev?.dispose();
          batchCorrect.dispose();
        }
        if (!Number.isFinite(loss)) {
          correct?.dispose();
          if (this.lastGood) this.model.restore(this.lastGood);
          const what = Number.isNaN(loss) ? 'not a number (NaN)' : 'infinite';
          return this.finish(
            'diverged',
            `The loss became ${what} at epoch ${epoch}, batch ${b + 1}, so training stopped; the weights are back to the last step with a finite loss. Lower the learning rate (now ${settings.learningRate}) or pick another optimizer.`,
          );
        }
        this.lastBatchLoss = loss;
        lossSum += loss * rows.length;
        const lastOfRun = epoch === settings.epochs && b === this.batchesPerEpoch - 1;
        const now = performance.now();
        this.lastBatch = { epoch, loss };
        if (gate.stepping || lastOfRun || now - this.lastBatchEvent >= BATCH_EVENT_MS) this.emitBatch();
        if (this.o.stream) this.maybeEmitFrames(gate.stepping);
        if (gate.stepping && this.stepBudget === 0 && this.status === 'paused') emit('state', { runId: this.runId, status: 'paused' });
        await yieldToEventLoop();
      }
      this.countPause();
      if (this.stopRequested || this.disposed) {
        correct?.dispose();
        return this.finish('stopped');
      }
      const seconds = Math.max(1e-6, (performance.now() - t0 - this.pausedMs) / 1000);
      const trainLoss = lossSum / this.trainCount;
      let accuracy: number | undefined;
      if (correct) {
        accuracy = (await correct.data())[0]! / this.trainCount;
        correct.dispose();
      }
      const val = this.valCount > 0 ? this.measure(this.xVal!, this.yVal!, this.valCount) : null;
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

  /** One optimizer step; the loss comes back as a number (NaN checks need it), the correct count stays on the backend. */
  private trainBatch(rows: Int32Array): { loss: number; batchCorrect: Scalar | null } {
    const { tf } = this;
    const lossFn = LOSS_FNS[this.o.settings.loss];
    const before = this.model.snapshot();
    let batchCorrect: Scalar | null = null;
    const lossTensor = tf.tidy(() => {
      const idx = tf.tensor1d(rows, 'int32');
      const x = tf.gather(this.xTrain, idx);
      const y = tf.gather(this.yTrain, idx);
      const dropoutSeed = deriveSeed(this.o.settings.seed, `dropout${this.step}`);
      return this.optimizer.minimize(
        () => {
          const out = this.model.forward(x, { training: true, dropoutSeed });
          if (this.classification) batchCorrect = tf.keep(this.countCorrect(out, y));
          return lossFn(tf, y, out);
        },
        true,
        this.model.variables as never,
      )!;
    });
    const loss = lossTensor.dataSync()[0]!;
    lossTensor.dispose();
    if (Number.isFinite(loss)) {
      // The weights before this step gave a finite loss: they are the last good ones.
      for (const t of this.lastGood ?? []) t.dispose();
      this.lastGood = before;
    } else {
      for (const t of before) t.dispose();
    }
    return { loss, batchCorrect };
  }

  private countCorrect(out: Tensor, y: Tensor): Scalar {
    const { tf } = this;
    return tf.tidy(() => {
      const hits = this.outputUnits === 1 ? tf.equal(tf.greater(out, 0.5), tf.greater(y, 0.5)) : tf.equal(tf.argMax(out, -1), tf.argMax(y, -1));
      return tf.sum(tf.cast(hits, 'float32')) as Scalar;
    });
  }

  /** Loss and accuracy over a whole split, in chunks; with `keep`, the predictions too. */
  private measure(x: Tensor2D, y: Tensor2D, count: number, keep = false): { loss: number; accuracy?: number; outputs?: Float32Array } {
    const { tf } = this;
    const lossFn = LOSS_FNS[this.o.settings.loss];
    let lossSum = 0;
    let correct = 0;
    const outputs = keep ? new Float32Array(count * this.outputUnits) : undefined;
    for (let start = 0; start < count; start += EVAL_CHUNK) {
      const size = Math.min(EVAL_CHUNK, count - start);
      tf.tidy(() => {
        const xs = tf.slice(x, [start, 0], [size, -1]);
        const ys = tf.slice(y, [start, 0], [size, -1]);
        const o = this.model.forward(xs, { training: false, dropoutSeed: 0 });
        lossSum += lossFn(tf, ys, o).dataSync()[0]! * size;
        if (this.classification) correct += this.countCorrect(o, ys).dataSync()[0]!;
        if (outputs) outputs.set(o.dataSync() as Float32Array, start * this.outputUnits);
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
    if (force || this.weightsClock.due(performance.now())) this.weightsClock.measure(() => this.emitWeights());
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
    const { tf } = this;
    const { split, index } = this.probeSample();
    const row = (split === 'val' ? this.valRows : this.trainRows)[index]!;
    const fs = this.featureSize;
    const input = this.o.dataset.features.slice(row * fs, (row + 1) * fs);
    const values = tf.tidy(() => {
      const x = tf.tensor2d(input, [1, fs]);
      return this.model.forwardAll(x, { training: false, dropoutSeed: 0 }).map((t) => t.dataSync() as Float32Array);
    });
    const layers: LayerActivation[] = this.model.ops.map((op, i) => {
      const all = values[i]!;
      // Only the neurons on screen cross the boundary (the canvas draws the same ones).
      const drawn = drawnNeurons(all.length);
      return drawn.elided
        ? { layerId: op.layer.id, values: Float32Array.from(drawn.indices, (k) => all[k]!), indices: [...drawn.indices], size: all.length }
        : { layerId: op.layer.id, values: all.slice(), size: all.length };
    });
    this.o.emit('activations', { runId: this.runId, step: this.step, probe: index, label: this.o.dataset.labels[row]!, input, layers });
  }

  private emitWeights(): void {
    if (this.disposed) return;
    const { tf } = this;
    const layers: LayerWeights[] = this.model.dense.map((d) => {
      const bias = d.bias ? (d.bias.dataSync() as Float32Array).slice() : undefined;
      if (d.rows * d.cols <= MAX_KERNEL_VALUES) {
        const kernel = (d.kernel.dataSync() as Float32Array).slice();
        return { layerId: d.layerId, rows: d.rows, cols: d.cols, kernel, ...(bias ? { bias } : {}), summary: stats(kernel) };
      }
      const s = tf.tidy(() => {
        const { mean, variance } = tf.moments(d.kernel);
        return tf.stack([tf.min(d.kernel), tf.max(d.kernel), mean, tf.sqrt(variance)]).dataSync();
      });
      return { layerId: d.layerId, rows: d.rows, cols: d.cols, ...(bias ? { bias } : {}), summary: { min: s[0]!, max: s[1]!, mean: s[2]!, std: s[3]! } };
    });
    this.o.emit('weights', { runId: this.runId, step: this.step, layers });
  }

  /** Sends the latest batch's loss, unless it was sent already. */
  private emitBatch(): void {
    if (!this.lastBatch || this.lastBatchEventStep === this.step) return;
    this.lastBatchEvent = performance.now();
    this.lastBatchEventStep = this.step;
    this.o.emit('batch', { runId: this.runId, step: this.step, epoch: this.lastBatch.epoch, loss: this.lastBatch.loss });
  }

  private finish(reason: DoneReason, message?: string): void {
    if (this.status === 'done') return;
    this.status = 'done';
    if (this.o.stream && !this.disposed) {
      this.emitActivations();
      this.emitWeights();
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
    const { tf } = this;
    const flat = new Float32Array(inputs.length * fs);
    inputs.forEach((row, i) => flat.set(row, i * fs));
    const out = tf.tidy(() => this.model.forward(tf.tensor2d(flat, [inputs.length, fs]), { training: false, dropoutSeed: 0 }).dataSync());
    const units = this.outputUnits;
    return { outputs: inputs.map((_, i) => Array.from(out.subarray(i * units, (i + 1) * units))) };
  }

  /** Loss, accuracy, confusion matrix and a gallery over the validation set (the training set without one). */
  evaluate(limit?: number): RequestResult<'evaluate'> {
    const useVal = this.valCount > 0;
    const x = useVal ? this.xVal! : this.xTrain;
    const y = useVal ? this.yVal! : this.yTrain;
    const rows = useVal ? this.valRows : this.trainRows;
    const count = Math.min(limit ?? rows.length, rows.length);
    const m = this.measure(x, y, count, true);
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
    for (let i = 0; i < count; i++) {
      const label = labels[rows[i]!]!;
      const { predicted } = predictOf(i);
      if (confusion) confusion[label]![predicted]!++;
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
    };
  }

  /** Frees every tensor of the run; the session cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopRequested = true;
    this.signal();
    for (const t of this.lastGood ?? []) t.dispose();
    this.lastGood = null;
    this.model.dispose();
    this.optimizer.dispose();
    for (const t of [this.xTrain, this.yTrain, this.xVal, this.yVal]) t?.dispose();
  }
}
