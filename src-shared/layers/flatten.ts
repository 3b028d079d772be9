import { z } from 'zod';
import { formatCount } from '../format';
import type { FieldSpec } from './fields';
import { shapeSize, type LayerKindSpec } from './layer-kind';
import { NO_PARAMETERS } from './parameters';

export interface FlattenLayer {
  readonly kind: 'flatten';
  readonly id: string;
  readonly name?: string;
}

const fields: readonly FieldSpec<FlattenLayer>[] = [];

export const flattenKind: LayerKindSpec<FlattenLayer> = {
  kind: 'flatten',
  title: 'Flatten',
  description: 'Lays an image out as one long vector, row after row (28x28 becomes 784); no weights.',
  schema: z.object({
    kind: z.literal('flatten'),
    id: z.string().min(1).max(64),
    name: z.string().max(64).optional(),
  }),
  fields,
  create: () => ({ kind: 'flatten' }),
  inferShape(input, _layer, label) {
    if (input === null) return { error: `${label}: flatten needs a layer before it; add an Input layer first.` };
    return { shape: [shapeSize(input)] };
  },
  countParameters: () => NO_PARAMETERS,
  caption: (_layer, output) => [output ? `to ${formatCount(output[0]!)}` : 'to a vector', 'values'],
  outputActivation: () => null,
  drawing: { body: 'values', link: 'reshape', glyph: 'block', tint: '#e5e7eb' },
  frames: { weights: 'none' },
};
