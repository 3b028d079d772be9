/**
 * The activation functions Densely knows, as a table of plain functions
 * (TensorFlow Playground's pattern): the renderer draws their curves and the
 * neuron formula from it, the trainer maps the names onto tf.js ops.
 */
export const ACTIVATIONS = ['linear', 'relu', 'leakyRelu', 'elu', 'gelu', 'sigmoid', 'tanh', 'softmax'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export interface ActivationInfo {
  readonly title: string;
  /** The range of outputs, as a teacher writes it. */
  readonly range: string;
  readonly formula: string;
  /** Elementwise value; softmax is not elementwise and is shown via `softmax`. */
  readonly f: (x: number) => number;
}

export const LEAKY_RELU_ALPHA = 0.2;

function erf(x: number): number {
  // Abramowitz and Stegun 7.1.26: good to 1.5e-7, plenty for drawing a curve.
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

export const ACTIVATION_INFO: Readonly<Record<Activation, ActivationInfo>> = {
  linear: { title: 'Linear', range: '(-inf, inf)', formula: 'x', f: (x) => x },
  relu: { title: 'ReLU', range: '[0, inf)', formula: 'max(0, x)', f: (x) => Math.max(0, x) },
  leakyRelu: {
    title: 'Leaky ReLU',
    range: '(-inf, inf)',
    formula: `x if x > 0, else ${LEAKY_RELU_ALPHA}x`,
    f: (x) => (x > 0 ? x : LEAKY_RELU_ALPHA * x),
  },
  elu: { title: 'ELU', range: '(-1, inf)', formula: 'x if x > 0, else e^x - 1', f: (x) => (x > 0 ? x : Math.expm1(x)) },
  gelu: { title: 'GELU', range: '[-0.17, inf)', formula: 'x * Phi(x)', f: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)) },
  sigmoid: { title: 'Sigmoid', range: '(0, 1)', formula: '1 / (1 + e^-x)', f: (x) => 1 / (1 + Math.exp(-x)) },
  tanh: { title: 'Tanh', range: '(-1, 1)', formula: '(e^x - e^-x) / (e^x + e^-x)', f: (x) => Math.tanh(x) },
  softmax: {
    title: 'Softmax',
    range: '(0, 1), summing to 1',
    formula: 'e^x_i / sum_j e^x_j',
    // Elementwise stand-in for drawing: the share of one logit against a zero logit.
    f: (x) => 1 / (1 + Math.exp(-x)),
  },
};

/** Numerically stable softmax over a vector. */
export function softmax(values: readonly number[]): number[] {
  const max = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export function applyActivation(name: Activation, values: readonly number[]): number[] {
  if (name === 'softmax') return softmax(values);
  const f = ACTIVATION_INFO[name].f;
  return values.map(f);
}
