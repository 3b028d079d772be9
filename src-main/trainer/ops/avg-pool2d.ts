/**
 * AvgPool2D: the mean of each window, per channel ('same' windows average
 * only the values inside). Forward is tf's avgPool, backward tf.grad of it:
 * AvgPoolGrad exists and agrees with cpu on every backend tfjs 4.22 ships
 * (the gradient test checks wasm against cpu); tf.grad recomputes the pool,
 * a fraction of the convolution before it.
 */
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { fromImages, toImages } from './images';
import { NO_GRADIENTS, type OpBuilder } from './op';
import type { AvgPool2DLayer } from '../../../src-shared/layers/avg-pool2d';

export const avgPool2dOp: OpBuilder<AvgPool2DLayer> = (layer, input, output, { tf }) => {
  const size = layer.poolSize as [number, number];
  const strides = layer.strides as [number, number];
  const pool = (x: Tensor4D): Tensor4D => tf.avgPool(x, size, strides, layer.padding);
  return {
    layer,
    outputShape: output,
    variables: [],
    forward(x) {
      const xi = toImages(tf, x, input!);
      return {
        output: fromImages(tf, pool(xi)),
        backward(dy) {
          const dx = tf.grad((v) => pool(v as Tensor4D))(xi, toImages(tf, dy, output)) as Tensor4D;
          return { input: fromImages(tf, dx), variables: NO_GRADIENTS };
        },
      };
    },
  };
};
