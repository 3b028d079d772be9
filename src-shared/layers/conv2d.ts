import { z } from 'zod';
import { ACTIVATIONS, ACTIVATION_INFO, type Activation } from './activations';
import { activationField, useBiasField } from './common-fields';
import { defaultsOf, layerFieldsError, type FieldSpec } from './fields';
import type { LayerKindSpec } from './layer-kind';
import { MAX_UNITS } from './limits';
import { PADDINGS, asImage, isError, paddingField, pairField, slide, type Padding } from './spatial';

/** A 2D convolution, channels last, as Keras's Conv2D. */
export interface Conv2DLayer {
  readonly kind: 'conv2d';
  readonly id: string;
  readonly name?: string;
  readonly filters: number;
  readonly kernelSize: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly padding: Padding;
  readonly activation: Activation;
  readonly useBias: boolean;
}

const pair = z.tuple([z.number(), z.number()]);

const fields: readonly FieldSpec<Conv2DLayer>[] = [
  { key: 'filters', label: 'Filters', type: 'integer', min: 1, max: MAX_UNITS, default: 8, help: 'How many feature maps it makes: one kernel each.' },
  pairField('kernelSize', 'Kernel size', [3, 3], 'Height x width of each kernel, such as 3x3.'),
  pairField('strides', 'Strides', [1, 1], 'How far the kernel moves each step, down x across.'),
  paddingField(),
  activationField('relu'),
  useBiasField('Use a bias for each filter'),
];

export const conv2dKind: LayerKindSpec<Conv2DLayer> = {
  kind: 'conv2d',
  title: 'Conv2D',
  description: 'Slides small kernels over the image; each filter shares its kh x kw x channels weights across every position.',
  schema: z.object({
    kind: z.literal('conv2d'),
    id: z.string().min(1).max(64),
    name: z.string().max(64).optional(),
    filters: z.number(),
    kernelSize: pair,
    strides: pair,
    padding: z.enum(PADDINGS),
    activation: z.enum(ACTIVATIONS),
    useBias: z.boolean(),
  }),
  fields,
  create: () => defaultsOf('conv2d', fields),
  inferShape(input, layer, label) {
    const image = asImage(input, label, 'a convolution');
    if (isError(image)) return image;
    const bad = layerFieldsError(fields, layer, label);
    if (bad) return { error: bad };
    const out = slide(image, layer.kernelSize, layer.strides, layer.padding, label, 'kernel');
    if (isError(out)) return out;
    return { shape: [out.height, out.width, layer.filters] };
  },
  countParameters: (input, layer) => ({
    terms: [
      { name: 'kernel', role: 'weights', trainable: true, factors: [layer.kernelSize[0], layer.kernelSize[1], input[2]!, layer.filters] },
      ...(layer.useBias ? [{ name: 'bias', role: 'biases', trainable: true, factors: [layer.filters] } as const] : []),
    ],
  }),
  caption: (layer) => [`${layer.filters} x ${layer.kernelSize.join('x')} kernels`, ACTIVATION_INFO[layer.activation]?.title ?? ''],
  outputActivation: (layer) => layer.activation,
  window: (layer) => layer.kernelSize,
  drawing: { body: 'values', link: 'window', glyph: 'maps', tint: '#e0e7ff' },
  frames: { weights: 'kernels' },
};
