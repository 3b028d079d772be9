/**
 * Whether the network's input takes the dataset's samples: the trainer's
 * refusal and the training panel's flag beside Train, one rule for both.
 */
import { formatShape, shapeSize } from '../layers/layer-kind';
import type { Layer } from '../layers/registry';
import type { DatasetInfo } from './dataset-info';

/** Shapes the same, flat of the same size, or the same but for a trailing channel axis of 1. */
function takes(inputShape: readonly number[], want: readonly number[]): boolean {
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
  // A trailing axis of 1 is a channel: 28x28 digits are 28x28x1 images for a convolution.
  const squeeze = (s: readonly number[]) => (s.length > 1 && s.at(-1) === 1 ? s.slice(0, -1) : s);
  return same(inputShape, want) || (inputShape.length === 1 && inputShape[0] === shapeSize(want)) || same(squeeze(inputShape), squeeze(want));
}

/** A sentence saying why the input layer can't take the dataset's samples and what to set it to; null when it can. */
export function inputFitError(layers: readonly Layer[], info: Pick<DatasetInfo, 'featureShape' | 'title' | 'image'>): string | null {
  const first = layers[0];
  if (!first || first.kind !== 'input') return null;
  const want = info.featureShape;
  if (takes(first.shape, want)) return null;
  const size = shapeSize(want);
  if (info.image)
    return `The input layer takes ${formatShape(first.shape)}, but ${info.title} holds ${formatShape(want)} images; set the input to ${formatShape(want)} followed by a Flatten layer, or to ${size}.`;
  return `The input layer takes ${formatShape(first.shape)} value${shapeSize(first.shape) === 1 ? '' : 's'}, but ${info.title} has ${size} feature${size === 1 ? '' : 's'} per sample; set the input to ${size}.`;
}
