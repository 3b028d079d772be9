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

/** A number as a person writes it inside a sum: negatives in parentheses, so `0.80*(-0.81)`, never `0.80*-0.81`. */
const num = (v: number) => (v < 0 ? `(${v.toFixed(2)})` : v.toFixed(2));

/**
 * The formula with numbers: the probe's inputs and the first neuron's weights, when the trainer sent them.
 * Softmax depends on every neuron of the layer, so its value is the one the trainer computed (`layerOut`), when given.
 */
export function neuronFormulaWithNumbers(
  activation: Activation,
  inputs: ArrayLike<number>,
  weights: ArrayLike<number>,
  bias: number | null,
  maxTerms = 3,
  layerOut?: number,
): { text: string; z: number; out: number } {
  const n = Math.min(inputs.length, weights.length);
  let z = bias ?? 0;
  for (let k = 0; k < n; k++) z += inputs[k]! * weights[k]!;
  const t = (k: number) => `${num(inputs[k]!)}*${num(weights[k]!)}`;
  const terms = n <= maxTerms + 1 ? Array.from({ length: n }, (_, k) => t(k)) : [...Array.from({ length: maxTerms }, (_, k) => t(k)), '…'];
  if (bias !== null) terms.push(num(bias));
  const out = activation === 'softmax' ? (layerOut ?? Number.NaN) : ACTIVATION_INFO[activation].f(z);
  const name = NAMES[activation] ?? activation;
  return { text: `${name}(${terms.join(' + ')})`, z, out };
}
