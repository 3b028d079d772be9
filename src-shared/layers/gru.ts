import { recurrentKind, type RecurrentLayer } from './recurrent';

export type GruLayer = RecurrentLayer<'gru'>;

/** Keras's GRU with reset_after (its default): two bias vectors per gate, so 3 x (units x (features + units) + 2 x units). */
export const gruKind = recurrentKind({
  kind: 'gru',
  title: 'GRU',
  article: 'a',
  description: 'Reads a sequence step by step through update and reset gates: 3 x (units x (features + units) + 2 x units), as Keras counts it.',
  gates: 3,
  biasesPerGate: 2,
});
