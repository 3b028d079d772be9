import { recurrentKind, type RecurrentLayer } from './recurrent';

export type SimpleRnnLayer = RecurrentLayer<'simpleRnn'>;

export const simpleRnnKind = recurrentKind({
  kind: 'simpleRnn',
  title: 'SimpleRNN',
  article: 'a',
  description: 'Reads a sequence step by step, mixing each step with its state: units x (features + units) weights plus units biases.',
  gates: 1,
  biasesPerGate: 1,
});
