import { z } from 'zod';
import type { FieldSpec } from './fields';
import type { LayerKindSpec } from './layer-kind';
import { NO_PARAMETERS } from './parameters';
import { asImage, isError } from './spatial';

export interface GlobalAvgPool2DLayer {
  readonly kind: 'globalAvgPool2d';
  readonly id: string;
  readonly name?: string;
}

const fields: readonly FieldSpec<GlobalAvgPool2DLayer>[] = [];

export const globalAvgPool2dKind: LayerKindSpec<GlobalAvgPool2DLayer> = {
  kind: 'globalAvgPool2d',
  title: 'GlobalAvgPool2D',
  description: 'Averages each whole feature map to one number: height x width x channels becomes channels; no weights.',
  schema: z.object({
    kind: z.literal('globalAvgPool2d'),
    id: z.string().min(1).max(64),
    name: z.string().max(64).optional(),
  }),
  fields,
  create: () => ({ kind: 'globalAvgPool2d' }),
  inferShape(input, _layer, label) {
    const image = asImage(input, label, 'global average pooling');
    if (isError(image)) return image;
    return { shape: [image.channels] };
  },
  countParameters: () => NO_PARAMETERS,
  caption: () => ['mean of', 'each map'],
  outputActivation: () => null,
  window: (_layer, input) => [input[0]!, input[1]!],
  drawing: { body: 'values', link: 'window', glyph: 'maps', tint: '#fce7f3' },
  frames: { weights: 'none' },
};
