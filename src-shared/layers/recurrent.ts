/**
 * What SimpleRNN, LSTM and GRU share: a sequence [time steps, features] in,
 * `units` out (the last step's, or every step's with returnSequences), and a
 * count of gates x (units x (features + units) + biases per gate x units), as Keras
 * counts them (GRU with reset_after, its default, has two bias vectors per gate).
 * useBias, as dense's, lets "Count biases" off build the layer without them.
 */
import { z } from 'zod';
import { formatCount } from '../format';
import { unitsField, useBiasField } from './common-fields';
import { defaultsOf, layerFieldsError, type FieldSpec } from './fields';
import { formatShape, type LayerKindSpec } from './layer-kind';

export interface RecurrentLayer<K extends string> {
  readonly kind: K;
  readonly id: string;
  readonly name?: string;
  readonly units: number;
  /** True: the output is every time step's state [time, units]; false: the last one's [units]. */
  readonly returnSequences: boolean;
  readonly useBias: boolean;
}

export interface RecurrentOptions<K extends string> {
  readonly kind: K;
  readonly title: string;
  /** How the sentence names one: "an LSTM layer", "a GRU layer". */
  readonly article: 'a' | 'an';
  readonly description: string;
  /** 1 for SimpleRNN, 4 for LSTM (input, forget, cell, output), 3 for GRU (update, reset, candidate). */
  readonly gates: number;
  /** Bias vectors per gate: 1, or 2 for GRU's reset_after. */
  readonly biasesPerGate: number;
}

export function recurrentKind<K extends string>(o: RecurrentOptions<K>): LayerKindSpec<RecurrentLayer<K>> {
  const fields: readonly FieldSpec<RecurrentLayer<K>>[] = [
    unitsField(64, 'The size of the state carried from one time step to the next.'),
    {
      key: 'returnSequences',
      label: 'Return every step',
      type: 'boolean',
      default: false,
      help: "On: the state at every time step goes on (for another recurrent layer); off: only the last step's.",
    },
    useBiasField('Use biases'),
  ];
  return {
    kind: o.kind,
    title: o.title,
    description: o.description,
    schema: z.object({
      kind: z.literal(o.kind),
      id: z.string().min(1).max(64),
      name: z.string().max(64).optional(),
      units: z.number(),
      returnSequences: z.boolean(),
      // Files written before recurrent layers had the field trained them with biases.
      useBias: z.boolean().default(true),
    }) as unknown as z.ZodType<RecurrentLayer<K>>,
    fields,
    create: () => defaultsOf(o.kind, fields),
    inferShape(input, layer, label) {
      const what = `${o.article} ${o.title} layer`;
      if (input === null) return { error: `${label}: ${what} needs a layer before it; add an Input layer such as 28x28 (28 steps of 28 features) first.` };
      if (input.length === 1)
        return {
          error: `${label}: ${what} reads a sequence (time steps x features), but gets a flat vector of ${formatCount(input[0]!)}; use an input such as 28x28, or add a Reshape to steps x features.`,
        };
      if (input.length === 3)
        return {
          error: `${label}: ${what} reads a sequence (time steps x features), but gets an image ${formatShape(input)}; use an input such as 28x28 (rows as steps), or add a Reshape to ${input[0]}x${formatCount(input[1]! * input[2]!)}.`,
        };
      const bad = layerFieldsError(fields, layer, label);
      if (bad) return { error: bad };
      return { shape: layer.returnSequences ? [input[0]!, layer.units] : [layer.units] };
    },
    countParameters: (input, layer) => ({
      ...(o.gates > 1 ? { times: o.gates, timesName: 'gates' } : {}),
      terms: [
        { name: 'kernel and recurrent kernel', role: 'weights', trainable: true, factors: [layer.units, [input[1]!, layer.units]] },
        ...(layer.useBias
          ? [{ name: 'bias', role: 'biases', trainable: true, factors: o.biasesPerGate > 1 ? [o.biasesPerGate, layer.units] : [layer.units] } as const]
          : []),
      ],
    }),
    caption: (layer) => [`${formatCount(layer.units)} units`, layer.returnSequences ? 'every step' : 'last step'],
    // The state is a tanh (times a gate in (0, 1) for LSTM and GRU): it lies in (-1, 1).
    outputActivation: () => 'tanh',
    drawing: { body: 'cell', link: 'dense', glyph: 'cell', tint: '#fde68a' },
    frames: { weights: 'none' },
  };
}
