/**
 * GRU, as Keras's with reset_after (its default): gates in its order z
 * (update), r (reset), h (candidate); the reset gate scales the recurrent
 * product after its own bias, so the recurrent kernel has a bias of its own:
 * 3 x (units x (in + units) + 2 x units) parameters.
 *   z = sigmoid(xz + rz), r = sigmoid(xr + rr), hh = tanh(xh + r * rh)
 *   h_t = z * h_{t-1} + (1 - z) * hh
 * where x* are the input projection's blocks (with the input bias) and r* the
 * recurrent product's (with the recurrent bias).
 */
import type { Tensor2D } from '@tensorflow/tfjs-core';
import type { GruLayer } from '../../../src-shared/layers/gru';
import type { OpBuilder } from './op';
import { recurrentOp, type RecurrentCell } from './recurrent';

export const GRU_CELL: RecurrentCell = {
  gates: 3,
  recurrentBias: true,
  initialBias: (units) => new Float32Array(3 * units),
  step(tf, zx, r, prev) {
    const [xz, xr, xh] = tf.split(zx, 3, 0) as Tensor2D[];
    const [rz, rr, rh] = tf.split(r, 3, 0) as Tensor2D[];
    const z = tf.sigmoid(tf.add(xz!, rz!)) as Tensor2D;
    const reset = tf.sigmoid(tf.add(xr!, rr!)) as Tensor2D;
    const hh = tf.tanh(tf.add(xh!, tf.mul(reset, rh!))) as Tensor2D;
    const h = tf.add(tf.mul(z, prev.h), tf.mul(tf.sub(1, z), hh)) as Tensor2D;
    return { h, cache: { z, reset, hh, rh: rh! } };
  },
  back(tf, dh, _dc, state, prev) {
    const { z, reset, hh, rh } = state.cache as Record<'z' | 'reset' | 'hh' | 'rh', Tensor2D>;
    const dz = tf.mul(tf.mul(dh, tf.sub(prev.h, hh)), tf.mul(z, tf.sub(1, z)));
    const dhhPre = tf.mul(tf.mul(dh, tf.sub(1, z)), tf.sub(1, tf.square(hh)));
    const dr = tf.mul(tf.mul(dhhPre, rh), tf.mul(reset, tf.sub(1, reset)));
    return {
      dzx: tf.concat([dz, dr, dhhPre], 0) as Tensor2D,
      dr: tf.concat([dz, dr, tf.mul(dhhPre, reset)], 0) as Tensor2D,
      dhPrev: tf.mul(dh, z) as Tensor2D,
    };
  },
};

export const gruOp: OpBuilder<GruLayer> = (layer, input, output, ctx) => recurrentOp(layer, input!, output, ctx, GRU_CELL);
