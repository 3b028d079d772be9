/**
 * `densely step`: one batch of plain gradient descent, every number of it as
 * JSON, for a lecture's five phases (initialise, forward, loss, backpropagate,
 * update) on a small dense network.
 *
 * The numbers are the trainer's own: the model is built by buildModel with
 * the run's seed (the same initial weights as `densely train`), the batch is
 * the first one the training session takes for that seed (splitRows,
 * BatchOrder, batchValues from trainer/session.ts), z and a come from the
 * dense op's forward step, the gradients from the model's hand-written
 * backward pass, and the update is tf.train.sgd's, applied as the session
 * applies any optimizer. Always on the cpu backend, so a seed gives the same
 * digits on every machine.
 *
 * Layout: `kernel` is inputs x units (Keras's; the trainer stores it
 * transposed), `z`, `a` and `y` are batch x units, `x` batch x features.
 * A layer without a bias (useBias off, or the project's biases left out)
 * has `bias`, `dBias` and `biasAfter` null.
 */
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { countsBiases } from '../src-shared/graph/document';
import { summarize } from '../src-shared/graph/summary';
import { chainFromWidths } from '../src-shared/graph/templates';
import { describeIssue } from '../src-shared/graph/validation';
import { shapeSize } from '../src-shared/layers/layer-kind';
import type { Layer, LayerKind } from '../src-shared/layers/registry';
import { suggestHead } from '../src-shared/training/loss-fit';
import { LOSSES, trainingSettingsSchema, type Loss, type TrainingSettings } from '../src-shared/training/settings';
import type { CliOutput } from './cli';
import { parseWidths, readProjectFile, UsageError } from './cli-summary';
import { decimal, oneOf, outputActivationFor, wholeNumber } from './cli-train';
import { readCsvDataset } from './data/csv';
import type { Dataset } from './data/dataset';
import { deriveSeed } from './data/random';
import { DatasetRegistry } from './data/registry';
import { useBackend, type Tf } from './trainer/backend';
import { transposeValues } from './trainer/dense-kernel';
import { buildModel } from './trainer/model';
import { OPTIMIZER_FACTORIES } from './trainer/optimizers';
import { labelRefusal, trainingRefusal } from './trainer/refusal';
import { BatchOrder, batchValues, splitRows } from './trainer/session';

/** Step mode prints every value of the batch: a lecture's batch is a handful of samples. */
export const MAX_STEP_BATCH = 64;
/** The JSON a step may print; beyond it the network is not one to follow number by number. */
export const MAX_STEP_JSON_BYTES = 5 * 1024 * 1024;
/** The longest a float32 value prints as in JSON (`-1.2345678806304932e-27,`), for the estimate before any work. */
const BYTES_PER_VALUE = 24;

/** Kinds step mode passes a batch through without showing them; anything else is not a small dense network. */
const PASSED_THROUGH: ReadonlySet<LayerKind> = new Set<LayerKind>(['input', 'flatten', 'reshape', 'activation', 'dropout']);

export interface StepOptions {
  layers?: string;
  dataset?: string;
  data?: string;
  label?: string;
  batchSize?: string;
  lr?: string;
  loss?: string;
  seed?: string;
  validationSplit?: string;
  bias?: boolean;
  json?: boolean;
}

export interface StepLayer {
  readonly name: string;
  readonly activation: string;
  readonly kernel: number[][];
  readonly bias: number[] | null;
  readonly z: number[][];
  readonly a: number[][];
  readonly dKernel: number[][];
  readonly dBias: number[] | null;
  readonly kernelAfter: number[][];
  readonly biasAfter: number[] | null;
}

export interface StepReport {
  readonly loss: Loss;
  readonly learningRate: number;
  readonly batch: { readonly x: number[][]; readonly y: number[][] };
  readonly lossValue: number;
  readonly layers: StepLayer[];
}

/** Row-major values as rows x cols nested arrays. */
function matrix(values: ArrayLike<number>, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => values[i * cols + j]!));
}

/** Feature-major [units, batch] values as batch x units. */
const batchMajor = (values: Float32Array, units: number, batch: number): number[][] => matrix(transposeValues(values, units, batch), batch, units);

/** How many values the step's JSON holds, before any tensor is made; the layers must be free of shape errors. */
export function stepValueCount(layers: readonly Layer[], batch: number): number {
  const summary = summarize(layers);
  let count = batch * (shapeSize(summary.layers[0]!.outputShape!) + shapeSize(summary.layers.at(-1)!.outputShape!));
  layers.forEach((layer, i) => {
    if (layer.kind !== 'dense') return;
    const inputs = shapeSize(summary.layers[i]!.inputShape!);
    count += 3 * inputs * layer.units + (layer.useBias ? 3 * layer.units : 0) + 2 * batch * layer.units;
  });
  return count;
}

/** Why step mode will not take this network and batch, or null. */
export function stepRefusal(layers: readonly Layer[], batch: number): string | null {
  const other = layers.find((l) => l.kind !== 'dense' && !PASSED_THROUGH.has(l.kind));
  if (other)
    return `Step mode is for small dense networks, and ${other.id} is a ${other.kind} layer; use dense layers only (with flatten, activation or dropout between them), or densely train.`;
  if (!layers.some((l) => l.kind === 'dense')) return 'The network has no dense layer to step through; add one.';
  const shapeError = summarize(layers).errors[0];
  if (shapeError) return shapeError;
  const bytes = stepValueCount(layers, batch) * BYTES_PER_VALUE;
  if (bytes > MAX_STEP_JSON_BYTES)
    return `One step of this network with a batch of ${batch} would print about ${(bytes / 1024 / 1024).toFixed(1)} MB of numbers, more than step mode's limit of ${MAX_STEP_JSON_BYTES / 1024 / 1024} MB; use fewer or smaller layers, or a smaller --batch-size.`;
  return null;
}

/**
 * One batch of SGD with learning rate `settings.learningRate` on the cpu
 * backend: the first batch of a run with these settings, every value read
 * back. The layers must pass stepRefusal and trainingRefusal.
 */
export function gradientStep(tf: Tf, layers: readonly Layer[], dataset: Dataset, settings: TrainingSettings): StepReport {
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
    let layerValues: { z: Float32Array; a: Float32Array; dKernel: Float32Array; dBias: Float32Array | null; units: number }[] = [];
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
        };
      }),
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

/** Reads the options, the network and the data, runs one step and returns what `--json` prints. */
export async function runStep(file: string | undefined, opts: StepOptions, out: CliOutput): Promise<StepReport> {
  if (file && opts.layers) throw new UsageError('Give either a project FILE or --layers, not both.');
  if (!file && !opts.layers) throw new UsageError('Name a project FILE or give --layers, such as --layers 2,2,1.');
  if (opts.dataset && opts.data) throw new UsageError('Give either --dataset or --data, not both.');
  if (opts.data && !opts.label) throw new UsageError('--data needs --label COLUMN, the name of the label column.');
  const loss = oneOf(opts.loss, '--loss', LOSSES);
  const batchSize = wholeNumber(opts.batchSize, '--batch-size', 1);
  if (batchSize !== undefined && batchSize > MAX_STEP_BATCH)
    throw new UsageError(`Step mode prints every value of its batch, so --batch-size is at most ${MAX_STEP_BATCH}, not ${batchSize}.`);
  const seed = wholeNumber(opts.seed, '--seed', 0);
  const lr = decimal(opts.lr, '--lr');
  const validationSplit = decimal(opts.validationSplit, '--validation-split');
  const widths = opts.layers ? parseWidths(opts.layers) : null;
  const doc = file ? await readProjectFile(file) : null;
  const saved = doc?.training ?? {};

  const datasets = new DatasetRegistry();
  let imported: Dataset | null = null;
  let datasetName = opts.dataset ?? saved.dataset;
  if (opts.data) {
    imported = await readCsvDataset({ path: opts.data, name: basename(opts.data, extname(opts.data)) || 'imported', labelColumn: opts.label! });
    if (imported.info.note) out.stderr(`note: ${imported.info.note}\n`);
    datasetName = imported.info.name;
  }
  if (!datasetName) throw new UsageError('Name a dataset with --dataset NAME, or a CSV with --data FILE.csv --label COLUMN.');
  const info = imported?.info ?? datasets.info(datasetName);
  if (!info) throw new UsageError(datasets.unknown(datasetName));
  const recommended = datasets.recommended(datasetName);
  const chosenLoss: Loss = loss ?? saved.loss ?? suggestHead(info).loss;
  const fromDoc = doc ? [...doc.layers] : chainFromWidths(widths!, 'relu', outputActivationFor(chosenLoss, info));
  // One switch for biases, as the trainer will have it: left out, the network that steps has none.
  const withBiases = opts.bias ?? (doc ? countsBiases(doc) : true);
  const layers = withBiases ? fromDoc : fromDoc.map((l) => (l.kind === 'dense' ? { ...l, useBias: false } : l));

  const settingsIn: TrainingSettings = {
    dataset: datasetName,
    loss: chosenLoss,
    optimizer: 'sgd',
    learningRate: lr ?? saved.learningRate ?? recommended.learningRate,
    batchSize: batchSize ?? Math.min(saved.batchSize ?? recommended.batchSize, MAX_STEP_BATCH),
    epochs: 1,
    validationSplit: validationSplit ?? saved.validationSplit ?? 0.2,
    shuffle: saved.shuffle ?? true,
    seed: seed ?? saved.seed ?? 42,
  };
  const checked = trainingSettingsSchema.safeParse(settingsIn);
  if (!checked.success) throw new UsageError(`The step settings are not valid: ${describeIssue(checked.error)}.`);
  const settings = checked.data;
  const refusal = stepRefusal(layers, Math.min(settings.batchSize, info.samples)) ?? trainingRefusal(layers, settings, info);
  if (refusal) throw new UsageError(refusal);

  const dataset = imported ?? (await datasets.load(datasetName, settings.seed));
  const badLabel = labelRefusal(dataset, shapeSize(summarize(layers).layers.at(-1)!.outputShape!));
  if (badLabel) throw new UsageError(badLabel);
  const { tf } = await useBackend('cpu');
  return gradientStep(tf, layers, dataset, settings);
}

export function registerStepCommand(program: Command, out: CliOutput): void {
  program
    .command('step')
    .description('run one batch of plain SGD and print every number of it: weights, z, a, loss, gradients, updated weights')
    .argument('[file]', 'a Densely project file (.densely.json)')
    .option('--layers <widths>', 'a chain: input width, then dense layer widths, e.g. 2,2,1 (hidden layers ReLU)')
    .option('--dataset <name>', 'a built-in dataset: xor, circle, gauss, spiral, reg-plane, reg-gauss, spheres, digits')
    .option('--data <file.csv>', 'a CSV file with a header row')
    .option('--label <column>', 'the label column of --data')
    .option('--batch-size <n>', `samples in the batch, at most ${MAX_STEP_BATCH} (default: suited to the dataset)`)
    .option('--lr <x>', 'learning rate of the SGD step (default: suited to the dataset)')
    .option('--loss <name>', `${LOSSES.join('|')} (default: from the data)`)
    .option('--seed <n>', 'seed for data, initial weights and the batch (default 42)')
    .option('--validation-split <x>', 'share of samples held out, as in training (default 0.2)')
    .option('--bias', 'give dense layers biases (the default, unless the project file leaves them out)')
    .option('--no-bias', 'leave biases out')
    .option('--json', 'print one JSON object (the only output step mode has)')
    .action(async (file: string | undefined, opts: StepOptions) => {
      if (!opts.json) throw new UsageError('densely step prints JSON only; add --json.');
      const report = await runStep(file, opts, out);
      const text = JSON.stringify(report);
      // The estimate is checked before any work; this guards the rare value that prints longer.
      if (text.length > MAX_STEP_JSON_BYTES)
        throw new UsageError(`The step printed ${(text.length / 1024 / 1024).toFixed(1)} MB of numbers, more than step mode's limit of ${MAX_STEP_JSON_BYTES / 1024 / 1024} MB; use fewer or smaller layers, or a smaller --batch-size.`);
      process.stdout.write(text + '\n');
    });
}
