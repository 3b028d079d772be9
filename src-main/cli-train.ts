/**
 * `densely train`: trains a chain or a project file headless, through the
 * same trainer service the windows use. With --json, one JSON object per
 * line per epoch and a last `done` line; otherwise a progress bar per epoch.
 */
import { trainedLayers } from '../src-shared/graph/trained-network';
import { basename, extname } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { chainFromWidths } from '../src-shared/graph/templates';
import { describeIssue } from '../src-shared/graph/validation';
import type { Activation } from '../src-shared/layers/activations';
import type { EventName, EventPayload } from '../src-shared/protocol/contract';
import type { DatasetInfo } from '../src-shared/training/dataset-info';
import { suggestHead } from '../src-shared/training/loss-fit';
import { BACKENDS, LOSSES, OPTIMIZERS, trainingSettingsSchema, type Loss, type TrainingSettings } from '../src-shared/training/settings';
import { parseWidths, readProjectFile, UsageError } from './cli-summary';
import type { CliOutput } from './cli';
import { createTrainerService } from './trainer/service';
import { formatCount } from '../src-shared/format';
import { exportRefusal } from './trainer/model-export';
import { saveTrainedModel } from './cli-save-model';

interface TrainOptions {
  layers?: string;
  dataset?: string;
  data?: string;
  label?: string;
  epochs?: string;
  batchSize?: string;
  lr?: string;
  optimizer?: string;
  loss?: string;
  validationSplit?: string;
  seed?: string;
  backend?: string;
  json?: boolean;
  saveModel?: string;
}

const DEFAULT_EPOCHS = 10;

export function wholeNumber(text: string | undefined, flag: string, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim()) || Number(text) < min) throw new UsageError(`${flag} takes a whole number of at least ${min}, not "${text}".`);
  return Number(text);
}

export function decimal(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new UsageError(`${flag} takes a number, not "${text}".`);
  return v;
}

export function oneOf<T extends string>(text: string | undefined, flag: string, allowed: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not "${text}".`);
  return text as T;
}

/** The output activation that goes with a loss on this data. */
export function outputActivationFor(loss: Loss, info: DatasetInfo): Activation {
  if (loss === 'cce' || loss === 'kld') return 'softmax';
  if (loss === 'bce') return 'sigmoid';
  return info.task === 'regression' ? 'linear' : 'sigmoid';
}

const fmtNum = (v: number | undefined, digits = 4) => (v === undefined ? '-' : v.toFixed(digits));

export function registerTrainCommand(program: Command, out: CliOutput): void {
  program
    .command('train')
    .description('train a network headless and print its progress')
    .argument('[file]', 'a Densely project file (.densely.json)')
    .option('--layers <widths>', 'a chain: input width, then dense layer widths, e.g. 2,8,8,1 (hidden layers ReLU)')
    .option('--dataset <name>', 'a built-in dataset: xor, circle, gauss, spiral, reg-plane, reg-gauss, spheres, digits')
    .option('--data <file.csv>', 'a CSV file with a header row')
    .option('--label <column>', 'the label column of --data')
    .option('--epochs <n>', `passes over the training set (default: the project's, else ${DEFAULT_EPOCHS})`)
    .option('--batch-size <n>', 'samples per batch (default: suited to the dataset)')
    .option('--lr <x>', 'learning rate (default: suited to the dataset)')
    .option('--optimizer <name>', OPTIMIZERS.join('|'))
    .option('--loss <name>', `${LOSSES.join('|')} (default: from the data)`)
    .option('--validation-split <x>', 'share of samples held out for validation (default 0.2)')
    .option('--seed <n>', 'seed for data, initial weights and shuffling (default 42)')
    .option('--backend <name>', `force a backend: ${BACKENDS.join('|')}`)
    .option('--json', 'print one JSON object per line')
    .option('--save-model <dir>', 'write the trained network as a TensorFlow.js layers model: DIR/model.json and DIR/weights.bin')
    .action(async (file: string | undefined, opts: TrainOptions) => {
      await runTrain(file, opts, out);
    });
}

export async function runTrain(file: string | undefined, opts: TrainOptions, out: CliOutput = { stderr: (t) => void process.stderr.write(t) }): Promise<void> {
  if (file && opts.layers) throw new UsageError('Give either a project FILE or --layers, not both.');
  if (!file && !opts.layers) throw new UsageError('Name a project FILE or give --layers, such as --layers 2,8,8,1.');
  if (opts.dataset && opts.data) throw new UsageError('Give either --dataset or --data, not both.');
  if (opts.data && !opts.label) throw new UsageError('--data needs --label COLUMN, the name of the label column.');
  const widths = opts.layers ? parseWidths(opts.layers) : null;
  const doc = file ? await readProjectFile(file) : null;
  const saved = doc?.training ?? {};
  const backend = oneOf(opts.backend, '--backend', BACKENDS);
  const loss = oneOf(opts.loss, '--loss', LOSSES);
  const optimizer = oneOf(opts.optimizer, '--optimizer', OPTIMIZERS);
  const epochs = wholeNumber(opts.epochs, '--epochs', 1);
  const batchSize = wholeNumber(opts.batchSize, '--batch-size', 1);
  const seed = wholeNumber(opts.seed, '--seed', 0);
  const lr = decimal(opts.lr, '--lr');
  const validationSplit = decimal(opts.validationSplit, '--validation-split');

  const events: { name: EventName; payload: unknown }[] = [];
  let wake: (() => void) | null = null;
  const service = createTrainerService(
    (name, payload) => {
      events.push({ name, payload });
      wake?.();
    },
    backend ? { backend } : {},
  );
  const json = Boolean(opts.json);
  const bars = !json && process.stderr.isTTY;

  try {
    let datasetName = opts.dataset ?? saved.dataset;
    if (opts.data) {
      const name = basename(opts.data, extname(opts.data)) || 'imported';
      const bar = bars ? new cliProgress.SingleBar({ format: 'importing {bar} {percentage}% | {rows} rows', stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
      bar?.start(100, 0, { rows: 0 });
      const onProgress = () => {
        for (const e of events.splice(0)) {
          if (e.name !== 'importProgress') continue;
          const p = e.payload as EventPayload<'importProgress'>;
          bar?.update(p.totalBytes ? Math.round((100 * p.bytes) / p.totalBytes) : 0, { rows: p.rows });
        }
      };
      wake = onProgress;
      try {
        const { dataset } = await service.importCsvFile(opts.data, name, opts.label!);
        datasetName = dataset.name;
        // How the import read an ambiguous column (such as 1,000 whole numbers as regression) is said, not silent.
        if (dataset.note) out.stderr(`note: ${dataset.note}\n`);
      } finally {
        bar?.stop();
        wake = null;
        events.length = 0;
      }
    }
    if (!datasetName) throw new UsageError('Name a dataset with --dataset NAME, or a CSV with --data FILE.csv --label COLUMN.');
    const info = service.datasets.info(datasetName);
    if (!info) throw new UsageError(service.datasets.unknown(datasetName));
    const recommended = service.datasets.recommended(datasetName);
    const chosenLoss: Loss = loss ?? saved.loss ?? suggestHead(info).loss;
    const network = widths
      ? { name: widths.join('-'), layers: chainFromWidths(widths, 'relu', outputActivationFor(chosenLoss, info)) }
      : { name: doc!.name, layers: trainedLayers(doc!) };
    const cannotSave = opts.saveModel ? exportRefusal(network.layers) : null;
    if (cannotSave) throw new UsageError(cannotSave);
    const settingsIn: TrainingSettings = {
      dataset: datasetName,
      loss: chosenLoss,
      optimizer: optimizer ?? saved.optimizer ?? recommended.optimizer,
      learningRate: lr ?? saved.learningRate ?? recommended.learningRate,
      batchSize: batchSize ?? saved.batchSize ?? recommended.batchSize,
      epochs: epochs ?? saved.epochs ?? DEFAULT_EPOCHS,
      validationSplit: validationSplit ?? saved.validationSplit ?? 0.2,
      shuffle: saved.shuffle ?? true,
      seed: seed ?? saved.seed ?? 42,
    };
    const checked = trainingSettingsSchema.safeParse(settingsIn);
    if (!checked.success) throw new UsageError(`The training settings are not valid: ${describeIssue(checked.error)}.`);
    const settings = checked.data;

    const { runId } = await service.handlers.train({ network, settings, stream: false, startPaused: false });
    let done: EventPayload<'done'> | null = null;
    let lastEpoch: EventPayload<'epoch'> | null = null;
    let batchesPerEpoch = 1;
    let threads = 1;
    let bar: cliProgress.SingleBar | null = null;
    const newBar = (epoch: number) => {
      if (!bars) return;
      bar = new cliProgress.SingleBar(
        { format: `epoch ${epoch}/${settings.epochs} {bar} {value}/{total} batches | loss {loss}`, stream: process.stderr, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(batchesPerEpoch, 0, { loss: '-' });
    };
    while (!done) {
      if (events.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      for (const { name, payload } of events.splice(0)) {
        const p = payload as { runId?: number };
        if (p.runId !== undefined && p.runId !== runId) continue;
        if (name === 'error') throw new Error((payload as EventPayload<'error'>).message);
        if (name === 'started') {
          const s = payload as EventPayload<'started'>;
          threads = s.threads ?? 1;
          batchesPerEpoch = s.batchesPerEpoch;
          if (!json)
            process.stdout.write(
              `Training ${network.name} on ${s.dataset}: ${formatCount(s.trainSize)} samples, ${formatCount(s.validationSize)} for validation; ${formatCount(s.params)} parameters; ${settings.optimizer}, learning rate ${settings.learningRate}, batch ${settings.batchSize}, ${settings.loss}; backend ${s.backend}${(s.threads ?? 1) > 1 ? ` on ${s.threads} threads` : ''}.\n`,
            );
          newBar(1);
        } else if (name === 'batch') {
          const b = payload as EventPayload<'batch'>;
          (bar as cliProgress.SingleBar | null)?.update(b.step - (b.epoch - 1) * batchesPerEpoch, { loss: b.loss.toFixed(4) });
        } else if (name === 'epoch') {
          const e = payload as EventPayload<'epoch'>;
          lastEpoch = e;
          (bar as cliProgress.SingleBar | null)?.stop();
          if (json) {
            const line = {
              event: 'epoch',
              epoch: e.epoch,
              loss: e.loss,
              ...(e.accuracy !== undefined ? { accuracy: e.accuracy } : {}),
              ...(e.valLoss !== undefined ? { valLoss: e.valLoss } : {}),
              ...(e.valAccuracy !== undefined ? { valAccuracy: e.valAccuracy } : {}),
              samplesPerSec: Math.round(e.samplesPerSec),
            };
            process.stdout.write(JSON.stringify(line) + '\n');
          } else {
            const acc = e.accuracy !== undefined ? `  accuracy ${fmtNum(e.accuracy)}` : '';
            const val = e.valLoss !== undefined ? `  val loss ${fmtNum(e.valLoss)}` : '';
            const valAcc = e.valAccuracy !== undefined ? `  val accuracy ${fmtNum(e.valAccuracy)}` : '';
            process.stdout.write(
              `epoch ${e.epoch}/${settings.epochs}  loss ${fmtNum(e.loss)}${acc}${val}${valAcc}  ${formatCount(Math.round(e.samplesPerSec))} samples/s\n`,
            );
          }
          if (e.epoch < settings.epochs) newBar(e.epoch + 1);
        } else if (name === 'done') {
          (bar as cliProgress.SingleBar | null)?.stop();
          done = payload as EventPayload<'done'>;
        }
      }
    }
    const d = done as EventPayload<'done'>;
    const last = lastEpoch as EventPayload<'epoch'> | null;
    if (json) {
      const line = {
        event: 'done',
        backend: d.backend,
        threads,
        epochs: d.epochs,
        finalLoss: d.finalLoss,
        ...(last?.valLoss !== undefined ? { valLoss: last.valLoss } : {}),
        ...(last?.valAccuracy !== undefined ? { valAccuracy: last.valAccuracy } : {}),
        reason: d.reason,
        ...(d.message ? { message: d.message } : {}),
      };
      process.stdout.write(JSON.stringify(line) + '\n');
    } else if (d.reason === 'completed') {
      const valAcc = last?.valAccuracy !== undefined ? `, validation accuracy ${fmtNum(last.valAccuracy)}` : '';
      process.stdout.write(`Done: ${d.epochs} epochs on ${d.backend}, final loss ${fmtNum(d.finalLoss ?? undefined)}${valAcc}.\n`);
    }
    if (d.reason !== 'completed') throw new Error(d.message ?? `Training ${d.reason}.`);
    if (opts.saveModel) await saveTrainedModel(service, opts.saveModel, json);
  } finally {
    service.dispose();
  }
}
