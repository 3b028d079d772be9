/**
 * GlobalAvgPool2D: each channel's mean over the whole map. Feature-major, an
 * [h, w, c] sample is [h*w, c] rows, so this is a mean over the first axis,
 * with no conversion to images.
 */
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { NO_GRADIENTS, type OpBuilder } from './op';
import type { GlobalAvgPool2DLayer } from '../../../src-shared/layers/global-avg-pool2d';

export const globalAvgPool2dOp: OpBuilder<GlobalAvgPool2DLayer> = (layer, input, output, { tf }) => {
  const [h, w, c] = input as [number, number, number];
  const cells = h * w;
  return {
    layer,
    outputShape: output,
    variables: [],
    forward(x) {
      const batch = x.shape[1];
      return {
        output: tf.mean(tf.reshape(x, [cells, c, batch]), 0) as Tensor2D,
        backward(dy) {
          // Every cell of a channel receives an equal share of the channel's gradient.
          const share = tf.reshape(tf.div(dy, cells), [1, c * batch]);
          return { input: tf.reshape(tf.tile(share, [cells, 1]), [cells * c, batch]), variables: NO_GRADIENTS };
        },
      };
    },
  };
};
