/**
 * The lecture's neuron formula, act(i1*w1 + i2*w2 + i3*w3 + b), for a dense
 * layer with a given fan-in; long sums are elided in the middle.
 */
import { ACTIVATION_INFO, type Activation } from '../../src-shared/layers/activations';

const NAMES: Partial<Record<Activation, string>> = { linear: '', leakyRelu: 'leaky_relu' };

export function neuronFormula(activation: Activation, fanIn: number, useBias: boolean, maxTerms = 4): string {
  const term = (k: number) => `i${k}*w${k}`;
  const n = Math.max(0, Math.floor(fanIn));
  const terms = n <= maxTerms ? Array.from({ length: n }, (_, k) => term(k + 1)) : [term(1), term(2), '…', term(n)];
  if (useBias) terms.push('b');
  const sum = terms.join(' + ') || '0';
  const name = NAMES[activation] ?? activation;
  return name ? `${name}(${sum})` : sum;
}

/** The formula with numbers: the probe's inputs and the first neuron's weights, when the trainer sent them. */
export function neuronFormulaWithNumbers(
  activation: Activation,
  inputs: ArrayLike<number>,
  weights: ArrayLike<number>,
  bias: number | null,
  maxTerms = 3,
): { text: string; z: number; out: number } {
  const n = Math.min(inputs.length, weights.length);
  let z = bias ?? 0;
  for (let k = 0; k < n; k++) z += inputs[k]! * weights[k]!;
  const t = (k: number) => `${inputs[k]!.toFixed(2)}*${weights[k]!.toFixed(2)}`;
  const terms = n <= maxTerms + 1 ? Array.from({ length: n }, (_, k) => t(k)) : [...Array.from({ length: maxTerms }, (_, k) => t(k)), '…'];
  if (bias !== null) terms.push(bias.toFixed(2));
  const out = ACTIVATION_INFO[activation].f(z);
  const name = NAMES[activation] ?? activation;
  return { text: `${name}(${terms.join(' + ')})`, z, out };
}
