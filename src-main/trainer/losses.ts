/**
 * The lecture's losses, computed from the network's outputs as they are
 * (probabilities after sigmoid or softmax), clipped by EPSILON before any log,
 * each with its gradient with respect to those outputs.
 *
 * Every loss is layout-free: squared and absolute error and binary cross
 * entropy are means over all values; categorical cross entropy and KL
 * divergence are sums over all values divided by the number of distributions
 * (`groups`: samples times the rows of a sample's last axis). So the same code
 * serves batch-major tensors (tests) and the trainer's feature-major ones.
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import type { Activation } from '../../src-shared/layers/activations';
import type { Loss } from '../../src-shared/training/settings';
import type { Tf } from './backend';

export const EPSILON = 1e-7;

export interface LossOp {
  /** The loss of outputs y against targets t. */
  value(tf: Tf, t: Tensor, y: Tensor, groups: number): Scalar;
  /** dL/dy. */
  gradient(tf: Tf, t: Tensor, y: Tensor, groups: number): Tensor;
}

/** 1 where lo <= y <= hi, else 0: clipByValue passes the gradient only there. */
const inside = (tf: Tf, y: Tensor, lo: number, hi: number) => tf.cast(tf.logicalAnd(tf.greaterEqual(y, lo), tf.lessEqual(y, hi)), 'float32');

/** -t/p over the distributions, through the clip: the gradient of both cce and kld. */
const crossEntropyGradient = (tf: Tf, t: Tensor, y: Tensor, groups: number) =>
  tf.mul(tf.div(t, tf.mul(tf.clipByValue(y, EPSILON, 1), -groups)), inside(tf, y, EPSILON, 1));

export const LOSS_OPS: Readonly<Record<Loss, LossOp>> = {
  mse: {
    value: (tf, t, y) => tf.mean(tf.square(tf.sub(y, t))) as Scalar,
    gradient: (tf, t, y) => tf.mul(tf.sub(y, t), 2 / y.size),
  },
  mae: {
    value: (tf, t, y) => tf.mean(tf.abs(tf.sub(y, t))) as Scalar,
    gradient: (tf, t, y) => tf.mul(tf.sign(tf.sub(y, t)), 1 / y.size),
  },
  bce: {
    value: (tf, t, y) => {
      const p = tf.clipByValue(y, EPSILON, 1 - EPSILON);
      return tf.neg(tf.mean(tf.add(tf.mul(t, tf.log(p)), tf.mul(tf.sub(1, t), tf.log(tf.sub(1, p)))))) as Scalar;
    },
    gradient: (tf, t, y) => {
      const p = tf.clipByValue(y, EPSILON, 1 - EPSILON);
      const d = tf.sub(tf.div(tf.sub(1, t), tf.sub(1, p)), tf.div(t, p));
      return tf.mul(tf.mul(d, 1 / y.size), inside(tf, y, EPSILON, 1 - EPSILON));
    },
  },
  cce: {
    value: (tf, t, y, groups) => {
      const p = tf.clipByValue(y, EPSILON, 1);
      return tf.div(tf.neg(tf.sum(tf.mul(t, tf.log(p)))), groups) as Scalar;
    },
    gradient: crossEntropyGradient,
  },
  kld: {
    value: (tf, t, y, groups) => {
      const p = tf.clipByValue(y, EPSILON, 1);
      const q = tf.clipByValue(t, EPSILON, 1);
      return tf.div(tf.sum(tf.mul(t, tf.log(tf.div(q, p)))), groups) as Scalar;
    },
    gradient: crossEntropyGradient,
  },
};

/**
 * Gradients with respect to the logits, where an output activation and a loss
 * cancel: numerically stable (no division by a probability near 0) and a few
 * ops instead of a dozen. They match the chain rule wherever the clip is idle.
 * `t` and `p` are feature-major [units, batch], with one distribution per sample.
 */
export interface FusedGradient {
  readonly activation: Activation;
  gradient(tf: Tf, t: Tensor, p: Tensor, groups: number): Tensor;
}

export const FUSED_GRADIENTS: Partial<Readonly<Record<Loss, FusedGradient>>> = {
  // d/dz of -sum(t log softmax(z)) is p * sum(t) - t; sum(t) is 1 for one-hot targets.
  cce: { activation: 'softmax', gradient: (tf, t, p, groups) => tf.div(tf.sub(tf.mul(p, tf.sum(t, 0, true)), t), groups) },
  bce: { activation: 'sigmoid', gradient: (tf, t, p) => tf.mul(tf.sub(p, t), 1 / p.size) },
};

export type LossFn = (tf: Tf, target: Tensor, output: Tensor) => Scalar;

/** The losses of batch-major outputs [batch, ..., last]. */
export const LOSS_FNS: Readonly<Record<Loss, LossFn>> = Object.fromEntries(
  Object.entries(LOSS_OPS).map(([name, op]) => [name, (tf: Tf, t: Tensor, y: Tensor) => op.value(tf, t, y, y.size / (y.shape.at(-1) ?? 1))]),
) as Record<Loss, LossFn>;
