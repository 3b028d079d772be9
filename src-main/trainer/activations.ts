/** The activation table mapped onto tf ops: one entry per name of src-shared/layers/activations. */
import type { Tensor } from '@tensorflow/tfjs-core';
import { LEAKY_RELU_ALPHA, type Activation } from '../../src-shared/layers/activations';
import type { Tf } from './backend';

export const ACTIVATION_OPS: Readonly<Record<Activation, (tf: Tf, x: Tensor) => Tensor>> = {
  linear: (_tf, x) => x,
  relu: (tf, x) => tf.relu(x),
  leakyRelu: (tf, x) => tf.leakyRelu(x, LEAKY_RELU_ALPHA),
  elu: (tf, x) => tf.elu(x),
  gelu: (tf, x) => tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))))),
  sigmoid: (tf, x) => tf.sigmoid(x),
  tanh: (tf, x) => tf.tanh(x),
  softmax: (tf, x) => tf.softmax(x),
};

/** Whether weights feeding this activation start with He (ReLU family) or Glorot scaling. */
export const HE_INIT: ReadonlySet<Activation> = new Set(['relu', 'leakyRelu', 'elu', 'gelu']);
