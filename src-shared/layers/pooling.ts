/** Max and average pooling share everything but the function over the window: this is that everything. */
import { z } from 'zod';
import { defaultsOf, layerFieldsError, type FieldSpec } from './fields';
import type { LayerKindSpec } from './layer-kind';
import { NO_PARAMETERS } from './parameters';
import { PADDINGS, asImage, isError, paddingField, pairField, slide, type Padding } from './spatial';

export interface PoolingLayer<K extends string> {
  readonly kind: K;
  readonly id: string;
  readonly name?: string;
  readonly poolSize: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly padding: Padding;
}

export function poolingKind<K extends string>(kind: K, title: string, how: 'max' | 'average'): LayerKindSpec<PoolingLayer<K>> {
  const fields: readonly FieldSpec<PoolingLayer<K>>[] = [
    pairField('poolSize', 'Pool size', [2, 2], 'Height x width of each window, such as 2x2.'),
    pairField('strides', 'Strides', [2, 2], 'How far the window moves each step; equal to the pool size, windows do not overlap.'),
    paddingField(),
  ];
  const pair = z.tuple([z.number(), z.number()]);
  return {
    kind,
    title,
    description: `Keeps the ${how} of each window of every feature map, shrinking the maps; no weights.`,
    schema: z.object({
      kind: z.literal(kind),
      id: z.string().min(1).max(64),
      name: z.string().max(64).optional(),
      poolSize: pair,
      strides: pair,
      padding: z.enum(PADDINGS),
    }) as unknown as z.ZodType<PoolingLayer<K>>,
    fields,
    create: () => defaultsOf(kind, fields),
    inferShape(input, layer, label) {
      const image = asImage(input, label, `${how} pooling`);
      if (isError(image)) return image;
      const bad = layerFieldsError(fields, layer, label);
      if (bad) return { error: bad };
      const out = slide(image, layer.poolSize, layer.strides, layer.padding, label, 'pool');
      if (isError(out)) return out;
      return { shape: [out.height, out.width, image.channels] };
    },
    countParameters: () => NO_PARAMETERS,
    caption: (layer) => [`${how === 'max' ? 'max' : 'mean'} of ${layer.poolSize.join('x')}`, `stride ${layer.strides.join('x')}`],
    outputActivation: () => null,
    window: (layer) => layer.poolSize,
    drawing: { body: 'values', link: 'window', glyph: 'maps', tint: '#fce7f3' },
    frames: { weights: 'none' },
  };
}
