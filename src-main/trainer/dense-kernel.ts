/**
 * The dense layer's arithmetic, forward and backward, written out by hand.
 *
 * Layout: "feature-major". The kernel is stored transposed, V = W^T with
 * shape [units, inputs], the bias as [units, 1], and activations flow as
 * [features, batch], so a layer computes Z = V . H + b.
 *
 * Why (tfjs-backend-wasm 4.22 in Node, one thread, 2-vCPU box; figures from
 * the performance research, medians of paired runs):
 * - No matMul ever sets transposeA/transposeB: the wasm backend sends those to
 *   a scalar loop at 1.5-1.8 GFLOP/s, against 20-24 GFLOP/s through XNNPACK
 *   for a plain product (14x). tf's own matMul gradient sets them, so the
 *   backward pass transposes explicitly instead.
 * - XNNPACK caches its packed copy of a matMul's *second* operand by tensor
 *   id, and the weights get a new id after every optimizer step. With the
 *   weights as the first operand only the small activation block is packed:
 *   +5-20% over the batch-major layout [batch, features] x [in, out].
 * - The first layer with weights never computes the gradient of its input.
 * On the cpu backend the two layouts are within noise of each other.
 */
import type { Tensor2D, Variable } from '@tensorflow/tfjs-core';
import type { Tf } from './backend';

/** Z = V . H (+ b): V [units, inputs], H [inputs, batch], b [units, 1]. */
export function denseForward(tf: Tf, h: Tensor2D, kernel: Variable, bias: Variable | null): Tensor2D {
  const z = tf.matMul(kernel as Tensor2D, h) as Tensor2D;
  return bias ? (tf.add(z, bias) as Tensor2D) : z;
}

export interface DenseGradients {
  readonly kernel: Tensor2D;
  readonly bias: Tensor2D | null;
  /** dL/dH, or null when the input needs no gradient. */
  readonly input: Tensor2D | null;
}

/**
 * From G = dL/dZ [units, batch]: dV = G . H^T, db = sum of G over the batch, dH = V^T . G.
 * With `transposeFlags`, matMul transposes its operands itself: only the wasm
 * backend is slow at that, and elsewhere it saves an op per product: a
 * Playground-sized step (2-4-2-1, batch 10, cpu backend) takes 154 us instead
 * of 170 us (medians of 5,000 interleaved steps).
 */
export function denseBackward(tf: Tf, g: Tensor2D, h: Tensor2D, kernel: Variable, hasBias: boolean, inputGrad: boolean, transposeFlags: boolean): DenseGradients {
  const v = kernel as Tensor2D;
  return {
    kernel: (transposeFlags ? tf.matMul(g, h, false, true) : tf.matMul(g, tf.transpose(h))) as Tensor2D,
    bias: hasBias ? (tf.sum(g, 1, true) as Tensor2D) : null,
    // On wasm the explicit transpose of V (about 1 ms per 470k values) beats the transposeA path by far.
    input: inputGrad ? ((transposeFlags ? tf.matMul(v, g, true, false) : tf.matMul(tf.transpose(v), g)) as Tensor2D) : null,
  };
}

/** [rows, cols] row-major to [cols, rows] row-major, in JS (weights in and out of the conventional layout). */
export function transposeValues(values: Float32Array, rows: number, cols: number): Float32Array<ArrayBuffer> {
  const out = new Float32Array(values.length);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) out[j * rows + i] = values[base + j]!;
  }
  return out;
}
