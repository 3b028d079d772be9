/**
 * The lecture's losses, computed from the network's outputs as they are
 * (probabilities after sigmoid or softmax), clipped by EPSILON before any log.
 * Each returns the mean over the batch.
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import type { Loss } from '../../src-shared/training/settings';
import type { Tf } from './backend';

export const EPSILON = 1e-7;

export type LossFn = (tf: Tf, target: Tensor, output: Tensor) => Scalar;

export const LOSS_FNS: Readonly<Record<Loss, LossFn>> = {
  mse: (tf, t, y) => tf.mean(tf.square(tf.sub(y, t))) as Scalar,
  mae: (tf, t, y) => tf.mean(tf.abs(tf.sub(y, t))) as Scalar,
  bce: (tf, t, y) => {
    const p = tf.clipByValue(y, EPSILON, 1 - EPSILON);
    return tf.neg(tf.mean(tf.add(tf.mul(t, tf.log(p)), tf.mul(tf.sub(1, t), tf.log(tf.sub(1, p)))))) as Scalar;
  },
  cce: (tf, t, y) => {
    const p = tf.clipByValue(y, EPSILON, 1);
    return tf.neg(tf.mean(tf.sum(tf.mul(t, tf.log(p)), -1))) as Scalar;
  },
  kld: (tf, t, y) => {
    const p = tf.clipByValue(y, EPSILON, 1);
    const q = tf.clipByValue(t, EPSILON, 1);
    return tf.mean(tf.sum(tf.mul(t, tf.log(tf.div(q, p))), -1)) as Scalar;
  },
};
