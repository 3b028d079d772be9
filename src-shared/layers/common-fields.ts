/** Fields several kinds share, written once so their labels, ranges and help read the same everywhere. */
import { ACTIVATIONS, ACTIVATION_INFO } from './activations';
import type { FieldSpec } from './fields';
import { MAX_UNITS } from './limits';

export const ACTIVATION_OPTIONS = ACTIVATIONS.map((a) => ({
  value: a,
  label: ACTIVATION_INFO[a].title,
  help: `${ACTIVATION_INFO[a].title}: ${ACTIVATION_INFO[a].formula}, outputs in ${ACTIVATION_INFO[a].range}`,
}));

export function activationField<L extends { activation: string }>(fallback = 'relu'): FieldSpec<L> {
  return { key: 'activation' as never, label: 'Activation', type: 'choice', options: ACTIVATION_OPTIONS, default: fallback, help: 'The function applied to each output.' };
}

export function unitsField<L extends { units: number }>(fallback: number, help = 'The number of neurons.'): FieldSpec<L> {
  return { key: 'units' as never, label: 'Units', type: 'integer', min: 1, max: MAX_UNITS, default: fallback, help };
}

export function useBiasField<L extends { useBias: boolean }>(label = 'Use a bias for each neuron'): FieldSpec<L> {
  return { key: 'useBias' as never, label, type: 'boolean', default: true, help: 'Adds one learned offset per output; Keras does by default.' };
}
