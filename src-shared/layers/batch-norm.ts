import { z } from 'zod';
import type { FieldSpec } from './fields';
import type { LayerKindSpec } from './layer-kind';

/** Batch normalization over the last axis (the channels of an image, the features of a vector), as Keras's. */
export interface BatchNormLayer {
  readonly kind: 'batchNorm';
  readonly id: string;
  readonly name?: string;
}

const fields: readonly FieldSpec<BatchNormLayer>[] = [];

export const batchNormKind: LayerKindSpec<BatchNormLayer> = {
  kind: 'batchNorm',
  title: 'BatchNorm',
  description:
    'Normalizes each channel over the batch, then scales and shifts it: 2 x channels trained (gamma, beta) and 2 x channels kept as running statistics (mean, variance).',
  schema: z.object({
    kind: z.literal('batchNorm'),
    id: z.string().min(1).max(64),
    name: z.string().max(64).optional(),
  }),
  fields,
  create: () => ({ kind: 'batchNorm' }),
  inferShape(input, _layer, label) {
    if (input === null) return { error: `${label}: batch normalization needs a layer before it; add an Input layer first.` };
    return { shape: input };
  },
  // Keras counts all four vectors as parameters; only gamma and beta follow the gradient. All four scale or centre
  // every value, so they are weights, not per-neuron biases, and "Count biases" leaves them in.
  countParameters: (input) => {
    const channels = input[input.length - 1]!;
    return {
      terms: [
        { name: 'gamma and beta', role: 'weights', trainable: true, factors: [2, channels] },
        { name: 'moving mean and variance', role: 'weights', trainable: false, factors: [2, channels] },
      ],
    };
  },
  caption: (_layer, output) => ['per channel', output ? `${output[output.length - 1]} channels` : ''],
  // The output is centred and rescaled, whatever came before.
  outputActivation: () => 'linear',
  drawing: { body: 'values', link: 'elementwise', glyph: 'block', tint: '#ccfbf1' },
  frames: { weights: 'none' },
};
