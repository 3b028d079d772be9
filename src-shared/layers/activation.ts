import { z } from 'zod';
import { ACTIVATIONS, ACTIVATION_INFO, type Activation } from './activations';
import { activationField } from './common-fields';
import { defaultsOf, type FieldSpec } from './fields';
import type { LayerKindSpec } from './layer-kind';
import { NO_PARAMETERS } from './parameters';

/** A standalone activation: applies a function to each value, adds no parameters. */
export interface ActivationLayer {
  readonly kind: 'activation';
  readonly id: string;
  readonly name?: string;
  readonly activation: Activation;
}

const fields: readonly FieldSpec<ActivationLayer>[] = [activationField('relu')];

export const activationKind: LayerKindSpec<ActivationLayer> = {
  kind: 'activation',
  title: 'Activation',
  description: 'Applies a function to every value of the layer before; it has no weights.',
  schema: z.object({
    kind: z.literal('activation'),
    id: z.string().min(1).max(64),
    name: z.string().max(64).optional(),
    activation: z.enum(ACTIVATIONS),
  }),
  fields,
  create: () => defaultsOf('activation', fields),
  inferShape(input, layer, label) {
    if (input === null) return { error: `${label}: an activation needs a layer before it; add an Input layer first.` };
    if (layer.activation === 'softmax' && input.length !== 1)
      return { error: `${label}: softmax needs a flat vector; add a Flatten layer before it.` };
    return { shape: input };
  },
  countParameters: () => NO_PARAMETERS,
  caption: (layer) => [ACTIVATION_INFO[layer.activation]?.title ?? '', ''],
  outputActivation: (layer) => layer.activation,
  drawing: { body: 'values', link: 'elementwise', glyph: 'neuron', tint: '#fef3c7' },
  frames: { weights: 'none' },
};
