import { z } from 'zod';
import { NO_PARAMETERS, type LayerKindSpec } from './layer-kind';

export interface DropoutLayer {
  readonly kind: 'dropout';
  readonly id: string;
  readonly name?: string;
  /** The share of values zeroed while training, from 0 up to (not including) 1. */
  readonly rate: number;
}

export const dropoutKind: LayerKindSpec<DropoutLayer> = {
  kind: 'dropout',
  title: 'Dropout',
  description: 'While training, zeroes a random share of values so that no neuron can be relied on alone; no weights.',
  schema: z.object({
    kind: z.literal('dropout'),
    id: z.string().min(1).max(64),
    name: z.string().max(64).optional(),
    rate: z.number(),
  }),
  create: () => ({ kind: 'dropout', rate: 0.2 }),
  inferShape(input, layer, label) {
    if (input === null) return { error: `${label}: dropout needs a layer before it; add an Input layer first.` };
    if (!Number.isFinite(layer.rate) || layer.rate < 0 || layer.rate >= 1)
      return { error: `${label}: the dropout rate must be from 0 up to (not including) 1, not ${layer.rate}.` };
    return { shape: input };
  },
  countParameters: () => NO_PARAMETERS,
  describe: (layer) => `rate ${layer.rate}`,
};
