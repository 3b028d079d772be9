/**
 * How much memory training a network would take, estimated before anything
 * is allocated, and the budget it must fit. Every layer's size limit can hold
 * while the whole does not (2-100000-10000-1 is a billion parameters), so the
 * inspector, the CLI and the trainer all refuse by this one rule.
 *
 * The estimate reads only the summary rows' parameter counts and output
 * shapes, so it holds for every kind the registry knows. Everything is
 * float32, as the trainer keeps it:
 * - the weights three times: the current ones and the two rollback copies the
 *   trainer holds during a step (the last good weights and those before the
 *   step), so that a diverging loss can put the last good ones back;
 * - one gradient per weight;
 * - the optimizer's slots per weight, as tf.train keeps them (RMSprop keeps
 *   its mean squares and its momentum even when the momentum is 0);
 * - per sample of the batch, every layer's output, once more for a layer with
 *   weights (its pre-activation z beside its output a), and the targets.
 */
import { summarize } from '../graph/summary';
import { shapeSize } from '../layers/layer-kind';
import type { Layer } from '../layers/registry';
import { formatCount } from '../format';
import { OPTIMIZER_TITLES, type Optimizer } from './settings';

const GIB = 2 ** 30;
const MIB = 2 ** 20;
const FLOAT32_BYTES = 4;

/** What Densely lets one training run take: a teacher's laptop runs the app, a browser and the slides beside it. */
export const MEMORY_BUDGET_BYTES = 1.5 * GIB;

/** The current weights plus the two rollback copies (see the comment at the top). */
export const WEIGHT_COPIES = 3;

/** Slots per weight of tf.train's optimizers (Adam: first and second moments). */
export const OPTIMIZER_SLOTS: Readonly<Record<Optimizer, number>> = {
  sgd: 0,
  momentum: 1,
  adagrad: 1,
  rmsprop: 2,
  adam: 2,
};

export interface MemoryEstimate {
  readonly params: number;
  readonly optimizer: Optimizer;
  readonly batchSize: number;
  /** Bytes of the weights with their rollback copies. */
  readonly weights: number;
  readonly gradients: number;
  readonly optimizerState: number;
  /** Bytes of what the forward pass keeps for the backward pass, for the whole batch. */
  readonly activations: number;
  readonly total: number;
}

/**
 * The estimate for a chain of layers; rows whose shape is not known yet (after
 * a shape error) count nothing. Biases count as the layers say, whatever the
 * table's "count biases" switch shows: they train either way.
 */
export function estimateTrainingMemory(layers: readonly Layer[], optimizer: Optimizer, batchSize: number): MemoryEstimate {
  const summary = summarize(layers, { countBiases: true });
  const params = summary.totals.params;
  let floatsPerSample = 0;
  let lastOutput = 0;
  for (const row of summary.layers) {
    if (!row.outputShape) continue;
    const size = shapeSize(row.outputShape);
    floatsPerSample += row.params > 0 ? 2 * size : size;
    lastOutput = size;
  }
  floatsPerSample += lastOutput;
  const weights = WEIGHT_COPIES * params * FLOAT32_BYTES;
  const gradients = params * FLOAT32_BYTES;
  const optimizerState = OPTIMIZER_SLOTS[optimizer] * params * FLOAT32_BYTES;
  const activations = floatsPerSample * batchSize * FLOAT32_BYTES;
  return { params, optimizer, batchSize, weights, gradients, optimizerState, activations, total: weights + gradients + optimizerState + activations };
}

/** Bytes as a person reads them: "22.3 MiB", "1.5 GiB", with `digits` decimals. */
export function formatBytes(bytes: number, digits = 1): string {
  if (bytes >= GIB) return `${(bytes / GIB).toFixed(digits)} GiB`;
  if (bytes >= MIB) return `${(bytes / MIB).toFixed(digits)} MiB`;
  return `${Math.ceil(bytes / 1024)} KiB`;
}

export const BUDGET_TEXT = formatBytes(MEMORY_BUDGET_BYTES);

/** One sentence when the estimate is over the budget, saying what to do; null when it fits. */
export function memoryBudgetRefusal(estimate: MemoryEstimate, budget = MEMORY_BUDGET_BYTES): string | null {
  if (estimate.total <= budget) return null;
  const budgetText = formatBytes(budget);
  // Just over the budget must not read as "about 1.5 GiB, more than 1.5 GiB".
  let need = formatBytes(estimate.total);
  if (need === budgetText) need = formatBytes(estimate.total, 2);
  const advice = estimate.activations > estimate.total / 2 ? 'use a smaller batch size, or fewer or smaller layers' : 'use fewer or smaller layers';
  return `This network would need about ${need} to train (${formatCount(estimate.params)} parameter${estimate.params === 1 ? '' : 's'} with ${OPTIMIZER_TITLES[estimate.optimizer]} at batch ${formatCount(estimate.batchSize)}), more than the ${budgetText} Densely allows; ${advice}.`;
}

/** The estimate as the panels show it while it fits. */
export function describeMemoryEstimate(estimate: MemoryEstimate): string {
  return `Training would need about ${formatBytes(estimate.total)} of the ${BUDGET_TEXT} Densely allows.`;
}
