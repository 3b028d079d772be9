/**
 * One batch of plain gradient descent, every number of it, for a lecture's
 * five phases (initialise, forward, loss, backpropagate, update) on a small
 * dense network: what `densely step` prints and what the `gradientStep`
 * request answers, so the CLI and the walk-through show the same numbers.
 *
 * The numbers are the trainer's own: the model is built by buildModel with
 * the run's seed (the same initial weights as a training run), the batch is
 * the first one the training session takes for that seed (splitRows,
 * BatchOrder, batchValues from session.ts), z and a come from the dense op's
 * forward step, the gradients from the model's hand-written backward pass,
 * and the update is tf.train.sgd's, applied as the session applies any
 * optimizer. Always on the cpu backend, so a seed gives the same digits on
 * every machine.
 */
import { summarize } from '../../src-shared/graph/summary';
import { shapeSize } from '../../src-shared/layers/layer-kind';
import type { Layer, LayerKind } from '../../src-shared/layers/registry';
import { BYTES_PER_VALUE, MAX_STEP_JSON_BYTES, type StepLayer, type StepReport } from '../../src-shared/training/gradient-step';
import type { TrainingSettings } from '../../src-shared/training/settings';
import type { Dataset } from '../data/dataset';
import { deriveSeed } from '../data/random';
import type { Tf } from './backend';
import { transposeValues } from './dense-kernel';
import { buildModel } from './model';
import { OPTIMIZER_FACTORIES } from './optimizers';
import { BatchOrder, batchValues, splitRows } from './session';

export { MAX_STEP_BATCH, MAX_STEP_JSON_BYTES } from '../../src-shared/training/gradient-step';
export type { StepLayer, StepReport };

/** Kinds step mode passes a batch through without showing them; anything else is not a small dense network. */
const PASSED_THROUGH: ReadonlySet<LayerKind> = new Set<LayerKind>(['input', 'flatten', 'reshape', 'activation', 'dropout']);

/**
 * Who reads a refusal: a person at the command line, who changes flags, or one
 * in the app, who changes the training panel's fields.
 */
export type StepAudience = 'cli' | 'app';

const WORDS: Record<StepAudience, { mode: string; other: string; size: string; batch: string }> = {
  cli: { mode: 'Step mode', other: 'or densely train', size: 'print about', batch: 'a smaller --batch-size' },
  app: { mode: 'The walk-through', other: 'or press Train to train it', size: 'hold about', batch: 'a smaller batch size' },
};

/** Row-major values as rows x cols nested arrays. */
function matrix(values: ArrayLike<number>, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => values[i * cols + j]!));
}

/** Feature-major [units, batch] values as batch x units. */
const batchMajor = (values: Float32Array, units: number, batch: number): number[][] => matrix(transposeValues(values, units, batch), batch, units);

/**
 * How many values the step's JSON holds, before any tensor is made; the layers must be free of shape errors. The
 * app's answer also holds each layer's errors (`dZ`).
 */
export function stepValueCount(layers: readonly Layer[], batch: number, errors = false): number {
  const summary = summarize(layers);
  let count = batch * (shapeSize(summary.layers[0]!.outputShape!) + shapeSize(summary.layers.at(-1)!.outputShape!));
  layers.forEach((layer, i) => {
    if (layer.kind !== 'dense') return;
    const inputs = shapeSize(summary.layers[i]!.inputShape!);
    count += 3 * inputs * layer.units + (layer.useBias ? 3 * layer.units : 0) + (errors ? 3 : 2) * batch * layer.units;
  });
  return count;
}

/** Why step mode will not take this network and batch, or null. */
export function stepRefusal(layers: readonly Layer[], batch: number, audience: StepAudience = 'cli'): string | null {
  const words = WORDS[audience];
  const other = layers.find((l) => l.kind !== 'dense' && !PASSED_THROUGH.has(l.kind));
  if (other)
    return `${words.mode} is for small dense networks, and ${other.id} is a ${other.kind} layer; use dense layers only (with flatten, activation or dropout between them), ${words.other}.`;
  if (!layers.some((l) => l.kind === 'dense')) return 'The network has no dense layer to step through; add one.';
  const shapeError = summarize(layers).errors[0];
  if (shapeError) return shapeError;
  const bytes = stepValueCount(layers, batch, audience === 'app') * BYTES_PER_VALUE;
  if (bytes > MAX_STEP_JSON_BYTES)
    return `One step of this network with a batch of ${batch} would ${words.size} ${(bytes / 1024 / 1024).toFixed(1)} MB of numbers, more than ${words.mode.toLowerCase()}'s limit of ${MAX_STEP_JSON_BYTES / 1024 / 1024} MB; use fewer or smaller layers, or ${words.batch}.`;
  return null;
}

/**
 * One batch of SGD with learning rate `settings.learningRate` on the cpu
 * backend: the first batch of a run with these settings, every value read
 * back. The layers must pass stepRefusal and trainingRefusal. With
 * `errors`, each layer also has `dZ`, its error δ = dL/dz per sample (the
 * walk-through shows it; `densely step` prints the fields only).
 */
export function gradientStep(tf: Tf, layers: readonly Layer[], dataset: Dataset, settings: TrainingSettings, errors = false): StepReport {
  const model = buildModel(tf, layers, settings.seed);
  const optimizer = OPTIMIZER_FACTORIES.sgd(tf, settings.learningRate);
  try {
    const split = splitRows(dataset.info.samples, settings.seed, settings.validationSplit);
    const size = Math.min(settings.batchSize, split.train.length);
    const positions = new BatchOrder(split.train.length, settings.seed).nextEpoch(settings.shuffle).subarray(0, size);
    const rows = Int32Array.from(positions, (p) => split.train[p]!);
    const { x, y } = batchValues(dataset, rows, model.outputSize);
    const dense = model.ops.flatMap((op, i) => (op.layer.kind === 'dense' ? [{ layer: op.layer, i, weights: op.weights! }] : []));
    const read = (t: { dataSync(): unknown }) => (t.dataSync() as Float32Array).slice();
    const before = dense.map(({ weights }) => ({ kernel: weights.readKernel(), bias: weights.bias ? read(weights.bias) : null }));

    // Read back inside the tidy (it returns tensors only), so every tensor of the step is freed with it.
    let lossValue = 0;
    let layerValues: { z: Float32Array; a: Float32Array; dz: Float32Array; dKernel: Float32Array; dBias: Float32Array | null; units: number }[] = [];
    tf.tidy(() => {
      const xt = tf.tensor2d(x, [model.inputSize, size]);
      const yt = tf.tensor2d(y, [model.outputSize, size]);
      // The session's first batch: training mode, and the dropout seed of its step 0.
      const step = model.lossAndGradients(xt, yt, settings.loss, { training: true, dropoutSeed: deriveSeed(settings.seed, 'dropout0') });
      layerValues = dense.map(({ layer, i, weights }) => {
        const s = step.steps[i]!;
        return {
          z: read(s.z!),
          a: read(s.output),
          dz: read(step.dz[i]!),
          dKernel: read(step.gradients[weights.kernel.name]!),
          dBias: weights.bias ? read(step.gradients[weights.bias.name]!) : null,
          units: layer.units,
        };
      });
      lossValue = step.loss.dataSync()[0]!;
      optimizer.applyGradients(step.gradients);
    });

    const features = model.inputSize;
    const units = model.outputSize;
    return {
      loss: settings.loss,
      learningRate: settings.learningRate,
      batch: { x: batchMajor(x, features, size), y: batchMajor(y, units, size) },
      lossValue,
      layers: dense.map(({ layer, weights }, k) => {
        const v = layerValues[k]!;
        const { rows: inputs, cols } = weights;
        return {
          name: layer.id,
          activation: layer.activation,
          kernel: matrix(before[k]!.kernel, inputs, cols),
          bias: before[k]!.bias ? Array.from(before[k]!.bias!) : null,
          z: batchMajor(v.z, v.units, size),
          a: batchMajor(v.a, v.units, size),
          // The gradient has the stored kernel's layout, [units, inputs].
          dKernel: matrix(transposeValues(v.dKernel, cols, inputs), inputs, cols),
          dBias: v.dBias ? Array.from(v.dBias) : null,
          kernelAfter: matrix(weights.readKernel(), inputs, cols),
          biasAfter: weights.bias ? Array.from(read(weights.bias)) : null,
          ...(errors ? { dZ: batchMajor(v.dz, v.units, size) } : {}),
        };
      }),
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

