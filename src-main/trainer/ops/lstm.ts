/**
 * LSTM, as Keras's: gates in its order i, f, c, o (row blocks of the
 * kernels), sigmoid for i, f, o and tanh for the candidate and the output;
 * the forget gate's bias starts at 1 (unit_forget_bias).
 *   c_t = f * c_{t-1} + i * g,  h_t = o * tanh(c_t)
 */
import type { Tensor2D } from '@tensorflow/tfjs-core';
import type { OpBuilder } from './op';
import type { LstmLayer } from '../../../src-shared/layers/lstm';
import { recurrentOp, type RecurrentCell } from './recurrent';

export const LSTM_CELL: RecurrentCell = {
  gates: 4,
  recurrentBias: false,
  initialBias(units) {
    const b = new Float32Array(4 * units);
    b.fill(1, units, 2 * units);
    return b;
  },
  step(tf, zx, r, prev) {
    const [zi, zf, zg, zo] = tf.split(tf.add(zx, r), 4, 0) as Tensor2D[];
    const i = tf.sigmoid(zi!) as Tensor2D;
    const f = tf.sigmoid(zf!) as Tensor2D;
    const g = tf.tanh(zg!) as Tensor2D;
    const o = tf.sigmoid(zo!) as Tensor2D;
    const c = tf.add(tf.mul(f, prev.c!), tf.mul(i, g)) as Tensor2D;
    const tc = tf.tanh(c) as Tensor2D;
    return { h: tf.mul(o, tc) as Tensor2D, c, cache: { i, f, g, o, tc } };
  },
  back(tf, dh, dcNext, state, prev) {
    const { i, f, g, o, tc } = state.cache as Record<'i' | 'f' | 'g' | 'o' | 'tc', Tensor2D>;
    const fromH = tf.mul(tf.mul(dh, o), tf.sub(1, tf.square(tc)));
    const dc = dcNext ? tf.add(dcNext, fromH) : fromH;
    const sigmoidGrad = (d: Parameters<typeof tf.mul>[0], s: Tensor2D) => tf.mul(d, tf.mul(s, tf.sub(1, s)));
    const dz = tf.concat(
      [sigmoidGrad(tf.mul(dc, g), i), sigmoidGrad(tf.mul(dc, prev.c!), f), tf.mul(tf.mul(dc, i), tf.sub(1, tf.square(g))), sigmoidGrad(tf.mul(dh, tc), o)],
      0,
    ) as Tensor2D;
    return { dzx: dz, dr: dz, dcPrev: tf.mul(dc, f) as Tensor2D };
  },
};

export const lstmOp: OpBuilder<LstmLayer> = (layer, input, output, ctx) => recurrentOp(layer, input!, output, ctx, LSTM_CELL);
