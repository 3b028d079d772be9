/**
 * Between the model's feature-major layout and the NHWC images tf's
 * convolution and pooling kernels take. Each conversion is a transpose of the
 * whole batch: two per conv or pool op forward, two back, a cost issue 10
 * (convolutions at framework speed) should remove by keeping images NHWC
 * between neighbouring image ops.
 */
import type { Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import type { Shape } from '../../../src-shared/layers/layer-kind';
import type { Tf } from '../backend';

/** [h*w*c, batch] to [batch, h, w, c]. */
export function toImages(tf: Tf, x: Tensor2D, shape: Shape): Tensor4D {
  return tf.reshape(tf.transpose(x), [x.shape[1], shape[0]!, shape[1]!, shape[2]!]);
}

/** [batch, h, w, c] to [h*w*c, batch]. */
export function fromImages(tf: Tf, x: Tensor4D): Tensor2D {
  return tf.transpose(tf.reshape(x, [x.shape[0], -1]));
}

/** TensorFlow's 'same' padding: the total split with the odd one at the end. */
export function samePadding(size: number, kernel: number, stride: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/**
 * dL/dkernel of a convolution, [kh, kw, cin, filters], from its input x
 * [batch, h, w, cin] and dL/dz [batch, oh, ow, filters], through kernels the
 * wasm backend has (it lacks Conv2DBackpropFilter): the filter gradient is
 * itself a convolution, of x with the batch as its channels, by dz as the
 * filter, dilated by the forward stride:
 *   dK[i, j, c, f] = sum over b, p, q of x[b, p*sh + i, q*sw + j, c] * dz[b, p, q, f].
 */
export function convFilterGradient(
  tf: Tf,
  x: Tensor4D,
  dz: Tensor4D,
  kernelSize: readonly [number, number],
  strides: readonly [number, number],
  padding: 'valid' | 'same',
): Tensor4D {
  const [kh, kw] = kernelSize;
  const [sh, sw] = strides;
  let xp = x;
  if (padding === 'same') {
    const [, h, w] = x.shape;
    xp = tf.pad(x, [[0, 0], samePadding(h, kh, sh), samePadding(w, kw, sw), [0, 0]]);
  }
  const xc = tf.transpose(xp, [3, 1, 2, 0]); // [cin, hp, wp, batch]
  const filter = tf.transpose(dz, [1, 2, 0, 3]); // [oh, ow, batch, filters]
  const full = tf.conv2d(xc, filter, 1, 'valid', 'NHWC', [sh, sw]); // [cin, >= kh, >= kw, filters]
  const [cin, fh, fw, filters] = full.shape;
  const k = fh === kh && fw === kw ? full : tf.slice(full, [0, 0, 0, 0], [cin, kh, kw, filters]);
  return tf.transpose(k, [1, 2, 0, 3]);
}
