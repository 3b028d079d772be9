/** What the three code exports share: the header that states Densely's counts and settings, and fixed constants. */
import { formatCount } from '../format';
import { formatShape } from '../layers/layer-kind';
import { LOSS_TITLES, OPTIMIZER_TITLES, type Loss } from '../training/settings';
import { commentText, numberLiteral } from './literals';
import type { ExportPlan } from './plan';

/** SGD with momentum, as Densely's trainer runs it (src-main/trainer/optimizers.ts). */
export const MOMENTUM = 0.9;
/** Batch normalization as Densely's trainer and Keras run it (src-main/trainer/ops/batch-norm.ts). */
export const BATCH_NORM = { momentum: 0.99, epsilon: 1e-3 } as const;

export const isClassification = (loss: Loss): boolean => loss === 'bce' || loss === 'cce' || loss === 'kld';

/** The file's first comment lines: what it is, the shapes, Densely's counts and the saved training settings. */
export function describeNetwork(plan: ExportPlan, comment: '#' | '//', what: string): string[] {
  const s = plan.settings;
  const t = plan.totals;
  const shapes = plan.layers.map((p) => formatShape(p.output)).join(' -> ');
  const biases = plan.countBiases ? `${formatCount(t.weights)} weights and ${formatCount(t.biases)} biases` : `${formatCount(t.weights)} weights, biases left out`;
  const nonTrainable = t.nonTrainable > 0 ? `, ${formatCount(t.nonTrainable)} of them not trained by gradient` : '';
  return [
    `${commentText(plan.name)}: exported from Densely as ${what}.`,
    `Shapes (channels last, batch left out): ${shapes}.`,
    `Densely counts ${formatCount(t.params)} parameters: ${biases}${nonTrainable}.`,
    `Training as saved: ${OPTIMIZER_TITLES[s.optimizer]}, learning rate ${numberLiteral(s.learningRate)}, ${LOSS_TITLES[s.loss].toLowerCase()}, batch ${s.batchSize}, ${s.epochs} epoch${s.epochs === 1 ? '' : 's'}, validation split ${numberLiteral(s.validationSplit)}, dataset ${commentText(s.dataset)}.`,
  ].map((line) => `${comment} ${line}`);
}
