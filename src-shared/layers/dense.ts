import { z } from 'zod';
import { ACTIVATIONS, ACTIVATION_INFO, type Activation } from './activations';
import { formatShape, type LayerKindSpec } from './layer-kind';
import { unitsError } from './units';

export interface DenseLayer {
  readonly kind: 'dense';
  readonly id: string;
  readonly name?: string;
  readonly units: number;
  readonly activation: Activation;
  readonly useBias: boolean;
}

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
  create: () => ({ kind: 'dense', units: 4, activation: 'relu', useBias: true }),
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
    weights: input[0]! * layer.units,
    biases: layer.useBias ? layer.units : 0,
  }),
  describe: (layer) => `${layer.units}, ${ACTIVATION_INFO[layer.activation].title}`,
};
