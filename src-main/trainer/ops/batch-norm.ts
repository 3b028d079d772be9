/**
 * BatchNormalization over the last axis, as Keras: in training each channel
 * is normalised by its mean and (biased) variance over the batch and every
 * other axis, then scaled by gamma and shifted by beta; the moving mean and
 * variance follow those statistics (momentum 0.99) and replace them in
 * inference. Feature-major, a sample's [..., c] is [s, c] rows, so the
 * statistics are means over axes 0 and 2 of [s, c, batch].
 */
import type { Tensor, Tensor2D, Tensor3D } from '@tensorflow/tfjs-core';
import { shapeSize } from '../../../src-shared/layers/layer-kind';
import { lastAxis, ownedVariable, type OpBuilder } from './op';
import type { BatchNormLayer } from '../../../src-shared/layers/batch-norm';

export const BATCH_NORM_MOMENTUM = 0.99;
export const BATCH_NORM_EPSILON = 1e-3;

export const batchNormOp: OpBuilder<BatchNormLayer> = (layer, input, output, ctx) => {
  const { tf } = ctx;
  const c = lastAxis(input!);
  const s = shapeSize(input!) / c;
  const v = (what: string, init: Tensor, trainable: boolean) => ownedVariable(tf, init, trainable, `${ctx.name}/${layer.id}/${what}`);
  const gamma = v('gamma', tf.ones([c]), true);
  const beta = v('beta', tf.zeros([c]), true);
  const movingMean = v('moving_mean', tf.zeros([c]), false);
  const movingVariance = v('moving_variance', tf.ones([c]), false);
  const perChannel = (t: Tensor) => tf.reshape(t, [1, c, 1]);
  return {
    layer,
    outputShape: output,
    variables: [gamma, beta],
    state: [movingMean, movingVariance],
    forward(x, { training }) {
      const batch = x.shape[1];
      const x3 = tf.reshape(x, [s, c, batch]) as Tensor3D;
      const g3 = perChannel(gamma);
      if (!training) {
        const scale = tf.mul(g3, tf.rsqrt(tf.add(perChannel(movingVariance), BATCH_NORM_EPSILON)));
        const y = tf.add(tf.mul(tf.sub(x3, perChannel(movingMean)), scale), perChannel(beta));
        return { output: tf.reshape(y, [s * c, batch]) as Tensor2D, backward: () => { throw new Error('batch norm backward needs a training forward pass'); } };
      }
      const mean = tf.mean(x3, [0, 2], true);
      const centred = tf.sub(x3, mean);
      const variance = tf.mean(tf.square(centred), [0, 2], true);
      const inv = tf.rsqrt(tf.add(variance, BATCH_NORM_EPSILON));
      const xhat = tf.mul(centred, inv);
      const y = tf.add(tf.mul(xhat, g3), perChannel(beta));
      const n = s * batch;
      return {
        output: tf.reshape(y, [s * c, batch]) as Tensor2D,
        backward(dy) {
          const dy3 = tf.reshape(dy, [s, c, batch]);
          const dBeta = tf.sum(dy3, [0, 2]);
          const dGamma = tf.sum(tf.mul(dy3, xhat), [0, 2]);
          // dx = inv/n * (n*dxhat - sum(dxhat) - xhat*sum(dxhat*xhat)), dxhat = dy*gamma.
          const dxhat = tf.mul(dy3, g3);
          const sumD = tf.sum(dxhat, [0, 2], true);
          const sumDX = tf.sum(tf.mul(dxhat, xhat), [0, 2], true);
          const dx = tf.mul(tf.div(inv, n), tf.sub(tf.sub(tf.mul(dxhat, n), sumD), tf.mul(xhat, sumDX)));
          return { input: tf.reshape(dx, [s * c, batch]) as Tensor2D, variables: [dGamma, dBeta] };
        },
        commit() {
          const m = BATCH_NORM_MOMENTUM;
          movingMean.assign(tf.add(tf.mul(movingMean, m), tf.mul(tf.reshape(mean, [c]), 1 - m)));
          movingVariance.assign(tf.add(tf.mul(movingVariance, m), tf.mul(tf.reshape(variance, [c]), 1 - m)));
        },
      };
    },
  };
};
