import { recurrentKind, type RecurrentLayer } from './recurrent';

export type LstmLayer = RecurrentLayer<'lstm'>;

export const lstmKind = recurrentKind({
  kind: 'lstm',
  title: 'LSTM',
  article: 'an',
  description: 'Reads a sequence step by step through four gates that decide what to keep, forget and output: 4 x (units x (features + units) + units).',
  gates: 4,
  biasesPerGate: 1,
});
