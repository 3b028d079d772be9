/**
 * Whether an output layer, a loss and a dataset fit together, and what to
 * pick when they do not. Pure, so the panel can warn before the trainer refuses.
 */
import type { NetworkSummary } from '../graph/summary';
import type { Activation } from '../layers/activations';
import { specOf, type Layer } from '../layers/registry';
import type { DatasetInfo } from './dataset-info';
import { LOSS_TITLES, type Loss } from './settings';

export interface OutputHead {
  readonly units: number;
  readonly activation: Activation;
}

export interface Suggestion {
  readonly loss: Loss;
  readonly activation: Activation;
  readonly units: number;
}

/** The output activation: that of the last layer which applies one (dropout, flatten and pooling pass values through). */
export function outputActivation(layers: readonly Layer[]): Activation {
  for (let i = layers.length - 1; i >= 0; i--) {
    const applied = specOf(layers[i]!).outputActivation(layers[i]!);
    if (applied !== null) return applied;
  }
  return 'linear';
}

/** The output layer as the loss sees it (units and the last activation applied); null unless the chain ends in a flat vector. */
export function outputHead(layers: readonly Layer[], summary: NetworkSummary): OutputHead | null {
  const out = summary.layers.at(-1)?.outputShape;
  if (!out || out.length !== 1) return null;
  return { units: out[0]!, activation: outputActivation(layers) };
}

/** The usual pairing for a dataset: the lecture's table. */
export function suggestHead(dataset: Pick<DatasetInfo, 'task' | 'classes'>): Suggestion {
  if (dataset.task === 'regression') return { loss: 'mse', activation: 'linear', units: 1 };
  if (dataset.classes === 2) return { loss: 'bce', activation: 'sigmoid', units: 1 };
  return { loss: 'cce', activation: 'softmax', units: dataset.classes };
}

export interface LossFitProblem {
  /** Why the pairing is wrong, and what to use instead. */
  readonly message: string;
  /**
   * Whether it can train all the same, badly, which a teacher may want to show ("Train anyway"). It cannot when the
   * output has too few units to predict every class: the labels themselves would not fit.
   */
  readonly trainable: boolean;
}

/** Why the output layer, the loss and the dataset don't fit, and whether it can train anyway; null when they fit. */
export function lossFit(head: OutputHead, loss: Loss, dataset: Pick<DatasetInfo, 'task' | 'classes' | 'title'>): LossFitProblem | null {
  const message = lossFitError(head, loss, dataset);
  if (message === null) return null;
  const classes = dataset.classes;
  const tooFewUnits = dataset.task === 'classification' && (head.units === 1 ? classes > 2 : head.units < classes);
  return { message, trainable: !tooFewUnits };
}

/** A sentence saying why the combination does not fit, or null when it does. */
export function lossFitError(head: OutputHead, loss: Loss, dataset: Pick<DatasetInfo, 'task' | 'classes' | 'title'>): string | null {
  const lossName = LOSS_TITLES[loss].toLowerCase();
  const s = suggestHead(dataset);
  const fix = `use ${LOSS_TITLES[s.loss].toLowerCase()} with ${s.units} ${s.activation} output${s.units === 1 ? '' : 's'}`;
  if (dataset.task === 'regression') {
    if (loss !== 'mse' && loss !== 'mae')
      return `${dataset.title} is a regression dataset, so ${lossName} does not apply; ${fix}.`;
    if (head.units !== 1) return `${dataset.title} has one target value, but the output layer has ${head.units} units; ${fix}.`;
    if (head.activation === 'softmax') return `Softmax on a single regression output is always 1; ${fix}.`;
    return null;
  }
  const classes = dataset.classes;
  if (loss === 'bce') {
    if (classes !== 2) return `Binary cross entropy needs two classes, but ${dataset.title} has ${classes}; ${fix}.`;
    if (head.units !== 1) return `Binary cross entropy needs one output unit, but the output layer has ${head.units}; ${fix}.`;
    if (head.activation !== 'sigmoid') return `Binary cross entropy needs a sigmoid output (a probability in (0, 1)), not ${head.activation}; ${fix}.`;
    return null;
  }
  if (loss === 'cce' || loss === 'kld') {
    if (head.units !== classes)
      return `${dataset.title} has ${classes} classes, but the output layer has ${head.units} unit${head.units === 1 ? '' : 's'}; ${lossName} needs one unit per class, so set it to ${classes}.`;
    if (head.activation !== 'softmax')
      return `${LOSS_TITLES[loss]} needs a softmax output (probabilities that sum to 1), not ${head.activation}; set the output activation to softmax.`;
    return null;
  }
  // mse or mae on classes: allowed on one-hot targets, except with softmax, which the lecture warns against.
  if (head.activation === 'softmax')
    return `Softmax outputs with ${lossName} train poorly, since the loss ignores that the outputs are probabilities; ${fix}.`;
  const want = classes === 2 ? 1 : classes;
  if (head.units !== want && head.units !== classes)
    return `${dataset.title} has ${classes} classes, but the output layer has ${head.units} units; ${fix}.`;
  return null;
}
