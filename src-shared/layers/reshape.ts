import { z } from 'zod';
import { formatCount } from '../format';
import { defaultsOf, layerFieldsError, type FieldSpec } from './fields';
import { formatShape, shapeSize, type LayerKindSpec } from './layer-kind';
import { MAX_UNITS } from './limits';
import { NO_PARAMETERS } from './parameters';

export interface ReshapeLayer {
  readonly kind: 'reshape';
  readonly id: string;
  readonly name?: string;
  /** The output shape without the batch, e.g. [28, 28, 1]; it holds as many values as the input. */
  readonly targetShape: readonly number[];
}

const fields: readonly FieldSpec<ReshapeLayer>[] = [
  {
    key: 'targetShape',
    label: 'Target shape',
    type: 'shape',
    min: 1,
    max: MAX_UNITS,
    maxRank: 3,
    default: [28, 28, 1],
    help: 'The new shape, with as many values as the input: 784 becomes 28x28x1 or 28x28.',
  },
];

export const reshapeKind: LayerKindSpec<ReshapeLayer> = {
  kind: 'reshape',
  title: 'Reshape',
  description: 'Lays the same values out in a new shape, such as 784 as a 28x28x1 image; no weights.',
  schema: z.object({
    kind: z.literal('reshape'),
    id: z.string().min(1).max(64),
    name: z.string().max(64).optional(),
    targetShape: z.array(z.number()).min(1).max(3),
  }),
  fields,
  create: () => defaultsOf('reshape', fields),
  inferShape(input, layer, label) {
    if (input === null) return { error: `${label}: a reshape needs a layer before it; add an Input layer first.` };
    const bad = layerFieldsError(fields, layer, label);
    if (bad) return { error: bad };
    const from = shapeSize(input);
    const to = shapeSize(layer.targetShape);
    if (from !== to)
      return {
        error: `${label}: cannot lay ${formatCount(from)} values (${formatShape(input)}) out as ${formatShape(layer.targetShape)}, which holds ${formatCount(to)}; pick a target shape whose sizes multiply to ${formatCount(from)}.`,
      };
    return { shape: [...layer.targetShape] };
  },
  countParameters: () => NO_PARAMETERS,
  caption: (layer) => [`to ${formatShape(layer.targetShape)}`, ''],
  outputActivation: () => null,
  drawing: { body: 'values', link: 'reshape', glyph: 'block', tint: '#e5e7eb' },
  frames: { weights: 'none' },
};
