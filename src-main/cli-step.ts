/**
 * `densely step`: one batch of plain gradient descent, every number of it as
 * JSON, for a lecture's five phases on a small dense network. This file reads
 * the flags, the network and the data; the step itself is the trainer's
 * (trainer/step-detail.ts), the same the app's walk-through asks for.
 */
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { countsBiases } from '../src-shared/graph/document';
import { summarize } from '../src-shared/graph/summary';
import { chainFromWidths } from '../src-shared/graph/templates';
import { describeIssue } from '../src-shared/graph/validation';
import { shapeSize } from '../src-shared/layers/layer-kind';
import { suggestHead } from '../src-shared/training/loss-fit';
import { LOSSES, trainingSettingsSchema, type Loss, type TrainingSettings } from '../src-shared/training/settings';
import type { CliOutput } from './cli';
import { parseWidths, readProjectFile, UsageError } from './cli-summary';
import { decimal, oneOf, outputActivationFor, wholeNumber } from './cli-train';
import { readCsvDataset } from './data/csv';
import type { Dataset } from './data/dataset';
import { DatasetRegistry } from './data/registry';
import { useBackend } from './trainer/backend';
import { labelRefusal, trainingRefusal } from './trainer/refusal';
import { gradientStep, MAX_STEP_BATCH, MAX_STEP_JSON_BYTES, stepRefusal, type StepReport } from './trainer/step-detail';

export { gradientStep, MAX_STEP_BATCH, MAX_STEP_JSON_BYTES, stepRefusal, stepValueCount } from './trainer/step-detail';
export type { StepLayer, StepReport } from './trainer/step-detail';

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
