/** The lecture's optimizers, from tf.train. */
import type { Optimizer as TfOptimizer } from '@tensorflow/tfjs-core';
import type { Optimizer } from '../../src-shared/training/settings';
import type { Tf } from './backend';

export const MOMENTUM = 0.9;

export const OPTIMIZER_FACTORIES: Readonly<Record<Optimizer, (tf: Tf, learningRate: number) => TfOptimizer>> = {
  sgd: (tf, lr) => tf.train.sgd(lr),
  momentum: (tf, lr) => tf.train.momentum(lr, MOMENTUM),
  rmsprop: (tf, lr) => tf.train.rmsprop(lr),
  adagrad: (tf, lr) => tf.train.adagrad(lr),
  adam: (tf, lr) => tf.train.adam(lr),
};
