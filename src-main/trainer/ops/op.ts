/**
 * What every trainer op is: the types an op file builds, and the small
 * helpers several ops share (initialisation, the layout conversions).
 *
 * Every op works on feature-major tensors, [features, batch], with a sample's
 * shape flattened row-major into its features (../dense-kernel.ts says why).
 * Channels-last images ([h, w, c]) and sequences ([time, features]) are then
 * the same memory as the flat vector, so Input, Flatten and Reshape are
 * no-ops; ops that need an image layout convert at their edges.
 *
 * The backward pass is written out instead of recorded on tf's autodiff tape:
 * the tape's bookkeeping and tf's generic gradients (transposed matMuls on
 * wasm) cost about a quarter of a step on the digit network.
 */
import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs-core';
import type { Activation } from '../../../src-shared/layers/activations';
import type { Shape } from '../../../src-shared/layers/layer-kind';
import type { Random } from '../../data/random';
import type { Tf } from '../backend';

export interface ForwardContext {
  readonly training: boolean;
  /** The run's seed for this step: each dropout layer derives its own from it and its id, so masks differ yet repeat with the seed. */
  readonly dropoutSeed: number;
}

/**
 * A layer's kernel as the weights stream shows it: a matrix of `rows` x
 * `cols` (a conv kernel [kh, kw, cin, filters] as kh*kw*cin rows and
 * filters cols, with `shape` saying so).
 */
export interface WeightsView {
  readonly layerId: string;
  readonly kernel: Variable;
  readonly bias: Variable | null;
  readonly rows: number;
  readonly cols: number;
  /** The kernel's own shape when it is not a plain matrix. */
  readonly shape?: readonly number[];
  /** The kernel in the conventional layout, [rows, cols] row-major. */
  readKernel(): Float32Array<ArrayBuffer>;
}

export interface BackwardOptions {
  /** False for the first op with weights: its input is data. */
  readonly inputGrad: boolean;
  /** False when the loss already gave dL/dz of this op's activation (softmax with cce, sigmoid with bce). */
  readonly throughActivation: boolean;
}

export interface BackwardResult {
  readonly input: Tensor2D | null;
  /** One per trainable variable of the op, in the order of `variables`. */
  readonly variables: readonly Tensor[];
  /** dL/dz of an op that ends with an activation (dense), feature-major: the error δ the walk-through shows. */
  readonly dz?: Tensor2D;
}

/** The result of a forward pass through one op, and how to go back through it. */
export interface OpStep {
  readonly output: Tensor2D;
  /** The pre-activation z of an op that ends with an activation (dense), feature-major: step mode shows it beside `output`. */
  readonly z?: Tensor2D;
  backward(dOutput: Tensor2D, options: BackwardOptions): BackwardResult;
  /** After a training step's forward pass: update non-trainable state (batch norm's moving statistics). */
  commit?(): void;
}

export interface LayerOp<L = { readonly kind: string; readonly id: string }> {
  readonly layer: L;
  readonly outputShape: Shape;
  /** Trainable variables: the optimizer's. */
  readonly variables: readonly Variable[];
  /** Non-trainable variables (moving statistics): saved and restored with the others, never optimized. */
  readonly state?: readonly Variable[];
  /** The kernel the weights stream shows, if any. */
  readonly weights?: WeightsView;
  /** The activation the op ends with, if any: the loss may fuse its gradient with it. */
  readonly activation?: Activation;
  /** x and the output are [features, batch]. Run it inside a tidy that also covers `backward`. */
  forward(x: Tensor2D, ctx: ForwardContext): OpStep;
}

export interface BuildContext {
  readonly tf: Tf;
  /** The run's seeded source: ops draw their initial weights from it in layer order. */
  readonly random: Random;
  /** Prefix of variable names, unique per model. */
  readonly name: string;
  /** Let matMul transpose its operands (fine everywhere but on wasm): see ../dense-kernel.ts. */
  readonly transposeFlags: boolean;
}

/** Builds one layer's op from the layer, its input shape (null for the first) and its output shape. */
export type OpBuilder<L> = (layer: L, input: Shape | null, output: Shape, ctx: BuildContext) => LayerOp<L>;

export const NO_GRADIENTS: readonly Tensor[] = [];

/**
 * A variable that owns its initial value: tf.variable takes a reference to
 * the value's data and leaves the initial tensor alive beside it, one leak per
 * variable per run unless it is disposed here.
 */
export function ownedVariable(tf: Tf, initial: Tensor, trainable: boolean, name: string): Variable {
  const v = tf.variable(initial, trainable, name);
  initial.dispose();
  return v;
}

export const lastAxis = (shape: Shape): number => shape.at(-1) ?? 1;

/** Uniform values in [-limit, limit), drawn in order from the run's seed. */
export function uniformValues(random: Random, count: number, limit: number): Float32Array<ArrayBuffer> {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = random.uniform(-limit, limit);
  return values;
}

/** Glorot (Xavier) uniform, Keras's default kernel initializer. */
export const glorotLimit = (fanIn: number, fanOut: number): number => Math.sqrt(6 / (fanIn + fanOut));

/**
 * An orthogonal [n, m] matrix (Keras's recurrent initializer): Gaussian
 * values, then Gram-Schmidt over the longer side's vectors, row-major.
 */
export function orthogonalValues(random: Random, rows: number, cols: number): Float32Array<ArrayBuffer> {
  const tall = rows >= cols;
  const [n, m] = tall ? [cols, rows] : [rows, cols]; // n vectors of length m, n <= m
  const v = Array.from({ length: n }, () => Float64Array.from({ length: m }, () => random.normal()));
  for (let i = 0; i < n; i++) {
    const a = v[i]!;
    for (let j = 0; j < i; j++) {
      const b = v[j]!;
      let dot = 0;
      for (let k = 0; k < m; k++) dot += a[k]! * b[k]!;
      for (let k = 0; k < m; k++) a[k]! -= dot * b[k]!;
    }
    let norm = 0;
    for (let k = 0; k < m; k++) norm += a[k]! * a[k]!;
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < m; k++) a[k]! /= norm;
  }
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < n; i++) for (let k = 0; k < m; k++) out[tall ? k * cols + i : i * cols + k] = v[i]![k]!;
  return out;
}

/** An op that changes nothing in the feature-major layout (Input, Flatten, Reshape). */
export function identityOp<L>(layer: L, output: Shape): LayerOp<L> {
  return {
    layer,
    outputShape: output,
    variables: [],
    forward: (x) => ({ output: x, backward: (dy) => ({ input: dy, variables: NO_GRADIENTS }) }),
  };
}

/**
 * a . b^T without matMul's transpose flags where they are slow (wasm): the
 * gradient of a product's left operand.
 */
export function matMulBT(tf: Tf, a: Tensor2D, b: Tensor2D, transposeFlags: boolean): Tensor2D {
  return (transposeFlags ? tf.matMul(a, b, false, true) : tf.matMul(a, tf.transpose(b))) as Tensor2D;
}

/** a^T . b, likewise: the gradient of a product's right operand. */
export function matMulAT(tf: Tf, a: Tensor2D, b: Tensor2D, transposeFlags: boolean): Tensor2D {
  return (transposeFlags ? tf.matMul(a, b, true, false) : tf.matMul(tf.transpose(a), b)) as Tensor2D;
}
