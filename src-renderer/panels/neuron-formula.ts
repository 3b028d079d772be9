/**
 * The lecture's neuron formula, act(i1*w1 + i2*w2 + i3*w3 + b), for a dense
 * layer with a given fan-in; long sums are elided in the middle. With the
 * numbers plugged in, a wide sum keeps its largest terms and says how many
 * it left out, so `relu(0.81*0.20 + ... + 0.10) = 0.47` fits beside a 784-input neuron.
 */
import { ACTIVATION_INFO, type Activation } from '../../src-shared/layers/activations';

const NAMES: Partial<Record<Activation, string>> = { linear: '', leakyRelu: 'leaky_relu' };

/** The name the formula writes before its parenthesis; linear writes none. */
export const activationName = (a: Activation): string => NAMES[a] ?? a;

export function neuronFormula(activation: Activation, fanIn: number, useBias: boolean, maxTerms = 4): string {
  const term = (k: number) => `i${k}*w${k}`;
  const n = Math.max(0, Math.floor(fanIn));
  const terms = n <= maxTerms ? Array.from({ length: n }, (_, k) => term(k + 1)) : [term(1), term(2), '…', term(n)];
  if (useBias) terms.push('b');
  const sum = terms.join(' + ') || '0';
  const name = activationName(activation);
  return name ? `${name}(${sum})` : sum;
}

/** A value rounded for reading, two decimals; a value that rounds to zero reads 0.00, never -0.00. */
export function formatValue(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return String(v);
  const s = v.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** A number as a person writes it inside a sum: negatives in parentheses, so `0.80*(-0.81)`, never `0.80*-0.81`. */
const num = (v: number) => {
  const s = formatValue(v);
  return s.startsWith('-') ? `(${s})` : s;
};

/** z = Σ x·w + b: the neuron's pre-activation, from its inputs, its weights and its bias (null when it has none). */
export function preActivation(inputs: ArrayLike<number>, weights: ArrayLike<number>, bias: number | null): number {
  const n = Math.min(inputs.length, weights.length);
  let z = bias ?? 0;
  for (let k = 0; k < n; k++) z += inputs[k]! * weights[k]!;
  return z;
}

export interface NeuronFormulaParts {
  /** Each shown product `x*w`, largest |x·w| first when some are left out, else in input order. */
  readonly terms: readonly { readonly input: number; readonly x: number; readonly w: number; readonly text: string }[];
  /** How many products are left out ("+ 780 more"). */
  readonly more: number;
  readonly bias: number | null;
  readonly z: number;
  /** The neuron's output; NaN for softmax without the trainer's value (it depends on the whole layer). */
  readonly a: number;
  /**
   * The formula in pieces that must not break inside: the activation's name and "(" stay with the first term, each
   * "+ term" is one piece, and ") = a" stays with the last. A view lays each piece out as one nowrap box.
   */
  readonly pieces: readonly string[];
  /** The pieces joined by spaces: `relu(0.81*0.20 + 0.10) = 0.26`. */
  readonly text: string;
}

/**
 * The formula with numbers. `maxTerms` products are shown; when there are more (plus one, since "+ 1 more" says
 * nothing shorter), the largest by |x·w| are kept and the rest counted. `a` is the trainer's output for the neuron;
 * without it, the activation of z (softmax has none of its own).
 */
export function neuronFormulaParts(
  activation: Activation,
  inputs: ArrayLike<number>,
  weights: ArrayLike<number>,
  bias: number | null,
  a?: number,
  maxTerms = 4,
): NeuronFormulaParts {
  const n = Math.min(inputs.length, weights.length);
  const z = preActivation(inputs, weights, bias);
  let order = Array.from({ length: n }, (_, k) => k);
  let more = 0;
  if (n > maxTerms + 1) {
    order = order.sort((p, q) => Math.abs(inputs[q]! * weights[q]!) - Math.abs(inputs[p]! * weights[p]!) || p - q).slice(0, maxTerms);
    more = n - maxTerms;
  }
  const terms = order.map((k) => ({ input: k, x: inputs[k]!, w: weights[k]!, text: `${num(inputs[k]!)}*${num(weights[k]!)}` }));
  const out = a ?? (activation === 'softmax' ? Number.NaN : ACTIVATION_INFO[activation].f(z));
  const addends = [...terms.map((t) => t.text), ...(more > 0 ? [`${more} more`] : []), ...(bias !== null ? [num(bias)] : [])];
  if (addends.length === 0) addends.push('0');
  const name = activationName(activation);
  const pieces = addends.map((t, i) => (i === 0 ? `${name ? `${name}(` : ''}${t}` : `+ ${t}`));
  const tail = `${name ? ')' : ''}${Number.isFinite(out) ? ` = ${formatValue(out)}` : ''}`;
  pieces[pieces.length - 1] += tail;
  return { terms, more, bias, z, a: out, pieces, text: pieces.join(' ') };
}
