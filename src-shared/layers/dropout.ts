import { z } from 'zod';
import { defaultsOf, type FieldSpec } from './fields';
import type { LayerKindSpec } from './layer-kind';
import { NO_PARAMETERS } from './parameters';

export interface DropoutLayer {
  readonly kind: 'dropout';
  readonly id: string;
  readonly name?: string;
  /** The share of values zeroed while training, from 0 up to (not including) 1. */
  readonly rate: number;
}

const fields: readonly FieldSpec<DropoutLayer>[] = [
  { key: 'rate', label: 'Rate', type: 'number', min: 0, max: 1, maxExclusive: true, default: 0.2, help: 'The share of values zeroed at random while training, such as 0.2.' },
];

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
  fields,
  create: () => defaultsOf('dropout', fields),
  inferShape(input, layer, label) {
    if (input === null) return { error: `${label}: dropout needs a layer before it; add an Input layer first.` };
    if (!Number.isFinite(layer.rate) || layer.rate < 0 || layer.rate >= 1)
      return { error: `${label}: the dropout rate must be from 0 up to (not including) 1, not ${layer.rate}.` };
    return { shape: input };
  },
  countParameters: () => NO_PARAMETERS,
  caption: (layer) => [`rate ${layer.rate}`, ''],
  outputActivation: () => null,
  drawing: { body: 'values', link: 'elementwise', glyph: 'neuron', tint: 'repeating-linear-gradient(45deg, #fff 0 3px, #9ca3af 3px 5px)' },
  frames: { weights: 'none' },
};
