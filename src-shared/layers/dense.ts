import { z } from 'zod';
import { ACTIVATIONS, ACTIVATION_INFO, type Activation } from './activations';
import { activationField, unitsField, useBiasField } from './common-fields';
import { defaultsOf, type FieldSpec } from './fields';
import { formatShape, type LayerKindSpec } from './layer-kind';
import { formatCount } from '../format';
import { unitsError } from './units';

export interface DenseLayer {
  readonly kind: 'dense';
  readonly id: string;
  readonly name?: string;
  readonly units: number;
  readonly activation: Activation;
  readonly useBias: boolean;
}

const fields: readonly FieldSpec<DenseLayer>[] = [unitsField(4), activationField('relu'), useBiasField()];

export const denseKind: LayerKindSpec<DenseLayer> = {
  kind: 'dense',
  title: 'Dense',
  description: 'Every neuron connects to every output of the layer before: in x units weights, plus one bias per neuron.',
  schema: z.object({
    kind: z.literal('dense'),
    id: z.string().min(1).max(64),
    name: z.string().max(64).optional(),
    units: z.number(),
    activation: z.enum(ACTIVATIONS),
    useBias: z.boolean(),
  }),
  fields,
  create: () => defaultsOf('dense', fields),
  inferShape(input, layer, label) {
    if (input === null) return { error: `${label}: a dense layer needs an input layer before it; add an Input layer first.` };
    if (input.length !== 1)
      return {
        error: `${label}: a dense layer needs a flat vector, but gets ${formatShape(input)}; add a Flatten layer before it.`,
      };
    const e = unitsError(layer.units, label);
    if (e) return { error: e };
    return { shape: [layer.units] };
  },
  countParameters: (input, layer) => ({
    terms: [
      { name: 'kernel', role: 'weights', trainable: true, factors: [input[0]!, layer.units] },
      ...(layer.useBias ? [{ name: 'bias', role: 'biases', trainable: true, factors: [layer.units] } as const] : []),
    ],
  }),
  caption: (layer) => [`${formatCount(layer.units)} unit${layer.units === 1 ? '' : 's'}`, ACTIVATION_INFO[layer.activation]?.title ?? ''],
  outputActivation: (layer) => layer.activation,
  drawing: { body: 'values', link: 'dense', glyph: 'neuron', tint: '#dbeafe' },
  frames: { weights: 'links' },
};
