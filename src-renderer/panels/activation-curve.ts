/**
 * What the inspector's activation curve draws: the function over a range of z,
 * its known bounds (sigmoid's 0 and 1, tanh's -1 and 1, ReLU's floor at 0), and
 * each drawn neuron as a dot at its current (z, a). Softmax is not a curve of
 * one z: it is drawn as a row of probabilities with their sum.
 */
import { ACTIVATION_INFO, softmax, type Activation } from '../../src-shared/layers/activations';
import { preActivation } from './neuron-formula';

export interface NeuronDot {
  /** The neuron's index in its layer. */
  readonly index: number;
  readonly z: number;
  readonly a: number;
}

export interface NeuronNumbers {
  readonly index: number;
  readonly weights: ArrayLike<number>;
  readonly bias: number | null;
  /** The trainer's output for the neuron, when it sent one. */
  readonly a?: number;
}

/**
 * Each neuron's (z, a): z = Σ x·w + b from the layer's inputs; a is the trainer's when given, else the activation of
 * z. Softmax's a needs every z of the layer, so without the trainer's values it is computed only when `complete`.
 */
export function neuronDots(activation: Activation, inputs: ArrayLike<number>, neurons: readonly NeuronNumbers[], complete = false): NeuronDot[] {
  const zs = neurons.map((n) => preActivation(inputs, n.weights, n.bias));
  const own = activation === 'softmax' ? (complete ? softmax(zs) : zs.map(() => Number.NaN)) : zs.map((z) => ACTIVATION_INFO[activation].f(z));
  return neurons.map((n, i) => ({ index: n.index, z: zs[i]!, a: n.a ?? own[i]! }));
}

export interface CurveModel {
  readonly zDomain: readonly [number, number];
  readonly aDomain: readonly [number, number];
  /** The function sampled across zDomain. */
  readonly points: readonly (readonly [number, number])[];
  /** Values the function approaches or starts at, drawn as dashed lines and labelled: [0, 1] for sigmoid. */
  readonly bounds: readonly number[];
  /** The range as a teacher writes it, with ∞: "(0, 1)", "[0, ∞)". */
  readonly range: string;
}

/** Known bounds of each range, for the dashed lines. */
const BOUNDS: Partial<Record<Activation, readonly number[]>> = {
  sigmoid: [0, 1],
  tanh: [-1, 1],
  relu: [0],
  elu: [-1],
};

/** The curve for these dots: z wide enough to show the bounds and every dot, a wide enough for the curve and the dots. */
export function activationCurve(activation: Activation, dots: readonly NeuronDot[], samples = 121): CurveModel {
  const f = ACTIVATION_INFO[activation].f;
  const zAbs = Math.max(4, ...dots.filter((d) => Number.isFinite(d.z)).map((d) => Math.abs(d.z) * 1.1));
  const zMax = Math.ceil(zAbs);
  const points = Array.from({ length: samples }, (_, i) => {
    const z = -zMax + (2 * zMax * i) / (samples - 1);
    return [z, f(z)] as const;
  });
  const bounds = BOUNDS[activation] ?? [];
  const ys = [...points.map((p) => p[1]), ...dots.filter((d) => Number.isFinite(d.a)).map((d) => d.a), ...bounds];
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  // A little room above and below, so a dot on a bound and the dashed line both show.
  const pad = (hi - lo || 1) * 0.08;
  lo -= pad;
  hi += pad;
  return { zDomain: [-zMax, zMax], aDomain: [lo, hi], points, bounds, range: ACTIVATION_INFO[activation].range.replace(/inf/g, '∞') };
}

/** Softmax's outputs as a row of probabilities with their sum, which is 1 up to rounding. */
export function softmaxRow(outputs: readonly NeuronDot[]): { readonly probabilities: readonly NeuronDot[]; readonly sum: number } {
  return { probabilities: outputs, sum: outputs.reduce((s, d) => s + d.a, 0) };
}
