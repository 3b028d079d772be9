/**
 * The dense layer's arithmetic, x * W + b, behind one function so that a
 * faster kernel can replace it. The backward pass transposes explicitly:
 * on the wasm backend a matMul with transposeA/B set is about 14 times
 * slower than transposing first (see the performance issue).
 */
import type { GradSaveFunc, Tensor, Tensor2D, Variable } from '@tensorflow/tfjs-core';
import type { Tf } from './backend';

export interface DenseKernel {
  /**
   * x [batch, rows] times kernel [rows, cols] plus bias [cols].
   * `inputNeedsGrad` is false for the first layer, whose input is data:
   * its gradient is then never computed.
   */
  (x: Tensor2D, kernel: Variable, bias: Variable | null, inputNeedsGrad: boolean): Tensor2D;
}

type Args = (Tensor | GradSaveFunc)[];

export function createDenseKernel(tf: Tf): DenseKernel {
  const xw = (x: Tensor, w: Tensor) => tf.matMul(x as Tensor2D, w as Tensor2D);
  const dX = (dy: Tensor, w: Tensor) => tf.matMul(dy as Tensor2D, tf.transpose(w as Tensor2D));
  const dW = (x: Tensor, dy: Tensor) => tf.matMul(tf.transpose(x as Tensor2D), dy as Tensor2D);
  const dB = (dy: Tensor) => tf.sum(dy, 0);
  // The forward pass runs in a scope that ends before the backward pass:
  // whatever the gradient needs must go through `save`, never a closure.
  const withBias = (inputGrad: boolean) =>
    tf.customGrad((...args: Args) => {
      const [x, w, b] = args as Tensor[];
      (args[3] as GradSaveFunc)([x!, w!]);
      return {
        value: tf.add(xw(x!, w!), b!),
        gradFunc: (dy: Tensor, saved: Tensor[]) => {
          const [sx, sw] = saved as [Tensor, Tensor];
          return inputGrad ? [dX(dy, sw), dW(sx, dy), dB(dy)] : [tf.zerosLike(sx), dW(sx, dy), dB(dy)];
        },
      };
    });
  const withoutBias = (inputGrad: boolean) =>
    tf.customGrad((...args: Args) => {
      const [x, w] = args as Tensor[];
      (args[2] as GradSaveFunc)([x!, w!]);
      return {
        value: xw(x!, w!),
        gradFunc: (dy: Tensor, saved: Tensor[]) => {
          const [sx, sw] = saved as [Tensor, Tensor];
          return inputGrad ? [dX(dy, sw), dW(sx, dy)] : [tf.zerosLike(sx), dW(sx, dy)];
        },
      };
    });
  const kernels = {
    biasGrad: withBias(true),
    biasNoGrad: withBias(false),
    plainGrad: withoutBias(true),
    plainNoGrad: withoutBias(false),
  };
  return (x, kernel, bias, inputNeedsGrad) => {
    if (bias) return (inputNeedsGrad ? kernels.biasGrad : kernels.biasNoGrad)(x, kernel, bias) as Tensor2D;
    return (inputNeedsGrad ? kernels.plainGrad : kernels.plainNoGrad)(x, kernel) as Tensor2D;
  };
}
