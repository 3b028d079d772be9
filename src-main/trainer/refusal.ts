/**
 * Why a network, its settings and a dataset cannot train together, as one
 * sentence; null when they can. Checked before any tensor is made.
 */
import { summarize } from '../../src-shared/graph/summary';
import { formatShape } from '../../src-shared/layers/layer-kind';
import type { Layer } from '../../src-shared/layers/registry';
import type { DatasetInfo } from '../../src-shared/training/dataset-info';
import { inputFitError } from '../../src-shared/training/input-fit';
import { lossFit, outputHead } from '../../src-shared/training/loss-fit';
import { estimateTrainingMemory, memoryBudgetRefusal } from '../../src-shared/training/memory-budget';
import type { TrainingSettings } from '../../src-shared/training/settings';
import type { Dataset } from '../data/dataset';

/**
 * Checks the network's shapes, its memory, its input against the data, and its output against the loss. With
 * `allowLossMismatch` (the panel's "Train anyway"), a loss that fits the output badly trains all the same, so a teacher
 * can show it fail; one whose output can't hold the labels is still refused.
 */
export function trainingRefusal(layers: readonly Layer[], settings: TrainingSettings, info: DatasetInfo, allowLossMismatch = false): string | null {
  const summary = summarize(layers);
  if (summary.errors.length > 0) return summary.errors[0]!;
  const tooBig = memoryBudgetRefusal(estimateTrainingMemory(layers, settings.optimizer, settings.batchSize));
  if (tooBig) return tooBig;
  const input = inputFitError(layers, info);
  if (input) return input;
  const head = outputHead(layers, summary);
  if (!head)
    return `The network ends in a ${formatShape(summary.layers.at(-1)!.outputShape!)} shape, but its output must be a flat vector; add a Flatten and a Dense layer at the end.`;
  const fit = lossFit(head, settings.loss, info);
  if (fit && !(allowLossMismatch && fit.trainable)) return fit.message;
  const validation = Math.floor(info.samples * settings.validationSplit);
  if (info.samples - validation < 1)
    return `${info.title} has ${info.samples} samples, which leaves none to train on with a validation split of ${settings.validationSplit}; lower the split.`;
  return null;
}

/** Labels a classifier cannot learn: not whole numbers, or outside 0..classes-1. */
export function labelRefusal(data: Dataset, outputUnits: number): string | null {
  const { info, labels } = data;
  if (info.task !== 'classification') {
    for (let i = 0; i < labels.length; i++)
      if (!Number.isFinite(labels[i]!)) return `Sample ${i} of ${info.title} has no finite target value; fix the data.`;
    return null;
  }
  const classes = outputUnits === 1 ? 2 : outputUnits;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= classes)
      return `Sample ${i} of ${info.title} has label ${v}, outside the ${classes} classes 0 to ${classes - 1} the output layer can predict; give the output layer ${info.classes} unit${info.classes === 1 ? '' : 's'} or fix the labels.`;
  }
  return null;
}
