/**
 * Parameter counts as the arithmetic a teacher writes on the board. A kind
 * returns terms (each a product of factors, a factor possibly a sum); the
 * summary, the canvas labels and the inspector all print and total the same
 * terms, so the numbers a person reads cannot disagree.
 */
import { formatCount } from '../format';

/** A number, or a sum written in parentheses, such as (28 + 64). */
export type Factor = number | readonly number[];

export interface ParameterTerm {
  /** What the term holds, in Keras's words: "kernel", "bias", "gamma and beta". */
  readonly name: string;
  /** Multiplicative parameters are weights, additive ones biases; "Count biases" leaves the latter out. */
  readonly role: 'weights' | 'biases';
  /** False for values training does not follow by gradient, such as batch norm's moving mean and variance. */
  readonly trainable: boolean;
  readonly factors: readonly Factor[];
}

export interface ParameterCount {
  /** The whole sum repeats this many times, e.g. an LSTM's 4 gates; 1 when absent. */
  readonly times?: number;
  /** What the repeats are, for the inspector: "gates". */
  readonly timesName?: string;
  readonly terms: readonly ParameterTerm[];
}

export const NO_PARAMETERS: ParameterCount = Object.freeze({ terms: [] });

export interface Tally {
  readonly weights: number;
  readonly biases: number;
  readonly trainable: number;
  readonly nonTrainable: number;
  readonly params: number;
}

const factorValue = (f: Factor): number => (typeof f === 'number' ? f : f.reduce((a, b) => a + b, 0));

export function termCount(term: ParameterTerm): number {
  return term.factors.reduce<number>((n, f) => n * factorValue(f), 1);
}

/** The terms that count: all of them, or all but the biases when biases are left out. */
export function countedTerms(count: ParameterCount, countBiases = true): readonly ParameterTerm[] {
  return countBiases ? count.terms : count.terms.filter((t) => t.role !== 'biases');
}

export function tally(count: ParameterCount, countBiases = true): Tally {
  const times = count.times ?? 1;
  let weights = 0;
  let biases = 0;
  let trainable = 0;
  let nonTrainable = 0;
  for (const t of countedTerms(count, countBiases)) {
    const n = times * termCount(t);
    if (t.role === 'weights') weights += n;
    else biases += n;
    if (t.trainable) trainable += n;
    else nonTrainable += n;
  }
  return { weights, biases, trainable, nonTrainable, params: weights + biases };
}

const formatFactor = (f: Factor) => (typeof f === 'number' ? formatCount(f) : `(${f.map(formatCount).join(' + ')})`);

/** The sum without its result: `3 x 3 x 1 x 8 + 8`, `4 x (64 x (28 + 64) + 64)`; null when nothing is counted. */
export function formatTerms(count: ParameterCount, countBiases = true): string | null {
  const terms = countedTerms(count, countBiases).filter((t) => termCount(t) > 0);
  if (terms.length === 0) return null;
  const body = terms.map((t) => t.factors.map(formatFactor).join(' x ')).join(' + ');
  const times = count.times ?? 1;
  if (times === 1) return body;
  return terms.length > 1 ? `${formatCount(times)} x (${body})` : `${formatCount(times)} x ${body}`;
}

/** The arithmetic with its result, as the canvas labels a bundle: `3 x 4 + 4 = 16`; null when nothing is counted. */
export function formatArithmetic(count: ParameterCount, countBiases = true): string | null {
  const terms = formatTerms(count, countBiases);
  return terms === null ? null : `${terms} = ${formatCount(tally(count, countBiases).params)}`;
}

/** One line per term for the inspector: `kernel: 3 x 3 x 1 x 8 = 72 weights`. */
export function describeTerms(count: ParameterCount, countBiases = true): string[] {
  const times = count.times ?? 1;
  const prefix = times === 1 ? '' : `${formatCount(times)} ${count.timesName ?? 'copies'} x `;
  return countedTerms(count, countBiases).map((t) => {
    const n = times * termCount(t);
    const what = t.trainable ? t.role : `${t.role}, not trained by gradient`;
    return `${t.name}: ${prefix}${t.factors.map(formatFactor).join(' x ')} = ${formatCount(n)} ${what}`;
  });
}
