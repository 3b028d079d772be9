import { z } from 'zod';
import { NO_PARAMETERS, formatShape, shapeSize, type LayerKindSpec } from './layer-kind';
import { MAX_INPUT_SIZE } from './limits';
import { unitsError } from './units';
import { formatCount } from '../format';

export interface InputLayer {
  readonly kind: 'input';
  readonly id: string;
  readonly name?: string;
  /** [units] for a flat input, or e.g. [28, 28] for an image. */
  readonly shape: readonly number[];
}

export const inputKind: LayerKindSpec<InputLayer> = {
  kind: 'input',
  title: 'Input',
  description: 'The features of one sample: a flat vector of units, or an image shape such as 28x28.',
  schema: z.object({
    kind: z.literal('input'),
    id: z.string().min(1).max(64),
    name: z.string().max(64).optional(),
    shape: z.array(z.number()).min(1).max(3),
  }),
  create: () => ({ kind: 'input', shape: [3] }),
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
  describe: (layer) => formatShape(layer.shape),
};
