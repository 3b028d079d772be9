import { z } from 'zod';
import { defaultsOf, type FieldSpec } from './fields';
import { formatShape, shapeSize, type LayerKindSpec } from './layer-kind';
import { MAX_INPUT_SIZE, MAX_UNITS } from './limits';
import { NO_PARAMETERS } from './parameters';
import { unitsError } from './units';
import { formatCount } from '../format';

export interface InputLayer {
  readonly kind: 'input';
  readonly id: string;
  readonly name?: string;
  /** [units] for a flat input, [time steps, features] for a sequence, [height, width, channels] for an image. */
  readonly shape: readonly number[];
}

const fields: readonly FieldSpec<InputLayer>[] = [
  {
    key: 'shape',
    label: 'Shape',
    type: 'shape',
    min: 1,
    max: MAX_UNITS,
    maxRank: 3,
    default: [3],
    help: 'Units such as 3, a sequence such as 28x28 (steps x features), or an image such as 28x28x1.',
  },
];

export const inputKind: LayerKindSpec<InputLayer> = {
  kind: 'input',
  title: 'Input',
  description: 'The features of one sample: a flat vector, a sequence of time steps (28x28), or an image with channels (28x28x1).',
  schema: z.object({
    kind: z.literal('input'),
    id: z.string().min(1).max(64),
    name: z.string().max(64).optional(),
    shape: z.array(z.number()).min(1).max(3),
  }),
  fields,
  create: () => defaultsOf('input', fields),
  inferShape(input, layer, label) {
    if (input !== null) return { error: `${label}: an input layer must come first; move it to the start or delete it.` };
    for (const d of layer.shape) {
      const e = unitsError(d, label, layer.shape.length > 1 ? 'each dimension' : 'units');
      if (e) return { error: e };
    }
    const size = shapeSize(layer.shape);
    if (size > MAX_INPUT_SIZE)
      return {
        error: `${label}: an input of ${formatShape(layer.shape)} has ${formatCount(size)} values, more than the limit of ${formatCount(MAX_INPUT_SIZE)}; use a smaller input.`,
      };
    return { shape: layer.shape };
  },
  countParameters: () => NO_PARAMETERS,
  caption(layer) {
    const size = shapeSize(layer.shape);
    return layer.shape.length > 1 ? [formatShape(layer.shape), `= ${formatCount(size)} values`] : [`${formatCount(size)} unit${size === 1 ? '' : 's'}`, ''];
  },
  outputActivation: () => null,
  drawing: { body: 'values', link: 'elementwise', glyph: 'neuron', tint: '#d1fae5' },
  frames: { weights: 'none' },
};
