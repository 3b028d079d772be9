/** SimpleRNN, as Keras's: h_t = tanh(W x_t + U h_{t-1} + b). */
import type { Tensor2D } from '@tensorflow/tfjs-core';
import type { OpBuilder } from './op';
import type { SimpleRnnLayer } from '../../../src-shared/layers/simple-rnn';
import { recurrentOp, type RecurrentCell } from './recurrent';

export const SIMPLE_RNN_CELL: RecurrentCell = {
  gates: 1,
  recurrentBias: false,
  initialBias: (units) => new Float32Array(units),
  step: (tf, zx, r) => ({ h: tf.tanh(tf.add(zx, r)) as Tensor2D, cache: {} }),
  back(tf, dh, _dc, state) {
    const dz = tf.mul(dh, tf.sub(1, tf.square(state.h))) as Tensor2D;
    return { dzx: dz, dr: dz };
  },
};

export const simpleRnnOp: OpBuilder<SimpleRnnLayer> = (layer, input, output, ctx) => recurrentOp(layer, input!, output, ctx, SIMPLE_RNN_CELL);
