/**
 * The activation table mapped onto tf ops: one entry per name of
 * src-shared/layers/activations, each with its value and its derivative
 * (TensorFlow Playground's `{output, der}` pattern), so that the backward pass
 * is written out instead of recorded on tf's autodiff tape.
 *
 * Tensors here are feature-major, [features, batch] (see dense-kernel.ts for
 * why). Only softmax cares: it runs along the last axis of a sample's shape,
 * whose length is `last`.
 */
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { LEAKY_RELU_ALPHA, type Activation } from '../../src-shared/layers/activations';
import type { Tf } from './backend';

export interface ActivationOp {
  /** a = f(z), elementwise except for softmax. */
  forward(tf: Tf, z: Tensor2D, last: number): Tensor2D;
  /** dL/dz from dL/da, given both z and a = f(z) (most derivatives are cheapest from a). */
  backward(tf: Tf, da: Tensor2D, z: Tensor2D, a: Tensor2D, last: number): Tensor2D;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Softmax over groups of `last` features: to [rows, last], where tf.softmax works, and back. */
function softmaxFeatureMajor(tf: Tf, z: Tensor2D, last: number): Tensor2D {
  const [features, batch] = z.shape;
  const rows = tf.reshape(tf.transpose(z), [-1, last]);
  return tf.transpose(tf.reshape(tf.softmax(rows), [batch, features]));
}

export const ACTIVATION_OPS: Readonly<Record<Activation, ActivationOp>> = {
  linear: { forward: (_tf, z) => z, backward: (_tf, da) => da },
  relu: {
    forward: (tf, z) => tf.relu(z),
    // a > 0 exactly where z > 0; tf.step is one cheap op where greater+where would be three.
    backward: (tf, da, _z, a) => tf.mul(da, tf.step(a)),
  },
  leakyRelu: {
    forward: (tf, z) => tf.leakyRelu(z, LEAKY_RELU_ALPHA),
    backward: (tf, da, _z, a) => tf.mul(da, tf.step(a, LEAKY_RELU_ALPHA)),
  },
  elu: {
    forward: (tf, z) => tf.elu(z),
    // For z < 0, a = e^z - 1, so the derivative e^z is a + 1; for z >= 0 it is 1 = min(a, 0) + 1.
    backward: (tf, da, _z, a) => tf.mul(da, tf.add(tf.minimum(a, 0), 1)),
  },
  gelu: {
    forward: (tf, z) => tf.mul(tf.mul(z, 0.5), tf.add(1, tf.erf(tf.mul(z, Math.SQRT1_2)))),
    // d/dz z*Phi(z) = Phi(z) + z*phi(z)
    backward: (tf, da, z) => {
      const cdf = tf.mul(0.5, tf.add(1, tf.erf(tf.mul(z, Math.SQRT1_2))));
      const pdf = tf.div(tf.exp(tf.mul(tf.square(z), -0.5)), SQRT_2PI);
      return tf.mul(da, tf.add(cdf, tf.mul(z, pdf)));
    },
  },
  sigmoid: {
    forward: (tf, z) => tf.sigmoid(z),
    backward: (tf, da, _z, a) => tf.mul(da, tf.mul(a, tf.sub(1, a))),
  },
  tanh: {
    forward: (tf, z) => tf.tanh(z),
    backward: (tf, da, _z, a) => tf.mul(da, tf.sub(1, tf.square(a))),
  },
  softmax: {
    forward: softmaxFeatureMajor,
    // dz = a * (da - sum(da * a)) over each softmax group.
    backward: (tf, da, _z, a, last) => {
      const [features, batch] = a.shape;
      const aRows = tf.reshape(tf.transpose(a), [-1, last]);
      const daRows = tf.reshape(tf.transpose(da), [-1, last]);
      const dot = tf.sum(tf.mul(daRows, aRows), -1, true);
      return tf.transpose(tf.reshape(tf.mul(aRows, tf.sub(daRows, dot)), [batch, features]));
    },
  },
};

/** Whether weights feeding this activation start with He (ReLU family) or Glorot scaling. */
export const HE_INIT: ReadonlySet<Activation> = new Set(['relu', 'leakyRelu', 'elu', 'gelu']);
