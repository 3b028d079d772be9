/**
 * MaxPool2D: the largest value of each window, per channel. Forward is tf's
 * maxPool. The backward pass is written out: tfjs-backend-wasm 4.22 registers
 * a MaxPoolGrad kernel, but its gradients disagree with the cpu backend's
 * (the gradient test shows it), so each window's gradient goes to its first
 * maximum (row-major, as tf's cpu kernel picks) through an equality mask
 * against the pooled output, one window offset at a time.
 * Windows that tile the map (strides equal to the pool size, the common
 * case) take a faster path; see tiledMaxPoolGradient.
 */
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { Tf } from '../backend';
import { fromImages, samePadding, toImages } from './images';
import { NO_GRADIENTS, type OpBuilder } from './op';
import type { MaxPool2DLayer } from '../../../src-shared/layers/max-pool2d';

/**
 * dL/dx of a max pool over x [batch, h, w, c] with output y and dL/dy, both [batch, oh, ow, c].
 */
export function maxPoolGradient(tf: Tf, x: Tensor4D, y: Tensor4D, dy: Tensor4D, size: readonly [number, number], strides: readonly [number, number], padding: 'valid' | 'same'): Tensor4D {
  const [batch, h, w, c] = x.shape;
  const [, oh, ow] = y.shape;
  const [ph, pw] = size;
  const [sh, sw] = strides;
  const padH = padding === 'same' ? samePadding(h, ph, sh) : ([0, 0] as [number, number]);
  const padW = padding === 'same' ? samePadding(w, pw, sw) : ([0, 0] as [number, number]);
  // Padding never wins a window.
  const xp = padding === 'same' ? tf.pad(x, [[0, 0], padH, padW, [0, 0]], -Infinity) : x;
  const [, hp, wp] = xp.shape;
  // Rows and columns a dilated grid of the output covers, before shifting by the window offset.
  const gridH = oh * sh;
  const gridW = ow * sw;
  let taken = tf.zerosLike(y);
  let dx: Tensor4D | null = null;
  for (let i = 0; i < ph; i++) {
    for (let j = 0; j < pw; j++) {
      const seen = tf.stridedSlice(xp, [0, i, j, 0], [batch, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, c], [1, sh, sw, 1]) as Tensor4D;
      const first = tf.mul(tf.cast(tf.equal(seen, y), 'float32'), tf.sub(1, taken)) as Tensor4D;
      taken = tf.add(taken, first) as Tensor4D;
      // Spread this offset's share onto a grid with stride gaps, then shift it by the offset.
      const share = tf.reshape(tf.mul(first, dy), [batch, oh, 1, ow, 1, c]);
      const grid = tf.reshape(tf.pad(share, [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]), [batch, gridH, gridW, c]);
      const placed = tf.slice(tf.pad(grid, [[0, 0], [i, Math.max(hp - i - gridH, 0)], [j, Math.max(wp - j - gridW, 0)], [0, 0]]), [0, 0, 0, 0], [batch, hp, wp, c]) as Tensor4D;
      dx = dx ? (tf.add(dx, placed) as Tensor4D) : placed;
    }
  }
  return padding === 'same' ? tf.slice(dx!, [0, padH[0], padW[0], 0], [batch, h, w, c]) : dx!;
}

/**
 * The pool whose windows tile the map: each window's maximum, brought back to
 * the window's cells by nearest-neighbour upsampling, marks its cells by
 * equality. A window whose maximum is tied shares its gradient equally among
 * the tied cells (still a subgradient of max; tf's kernels give it all to the
 * first). Slicing out each window offset would follow tf exactly, but
 * slices cost the wasm backend some 30 times this path.
 */
function tiledMaxPoolGradient(tf: Tf, x: Tensor4D, y: Tensor4D, dy: Tensor4D, size: readonly [number, number]): Tensor4D {
  const [, h, w] = x.shape;
  const [, oh, ow] = y.shape;
  const [ph, pw] = size;
  // Cells no window covers (a 'valid' pool over an odd map) match nothing and get nothing.
  const up = (t: Tensor4D, fill: number) => {
    const full = tf.image.resizeNearestNeighbor(t, [oh * ph, ow * pw]);
    return oh * ph === h && ow * pw === w ? full : tf.pad(full, [[0, 0], [0, h - oh * ph], [0, w - ow * pw], [0, 0]], fill);
  };
  const mask = tf.cast(tf.equal(x, up(y, Infinity)), 'float32');
  const ties = tf.mul(tf.avgPool(mask as Tensor4D, size as [number, number], size as [number, number], 'valid'), ph * pw) as Tensor4D;
  return tf.div(tf.mul(mask, up(dy, 0)), up(ties, 1)) as Tensor4D;
}

export const maxPool2dOp: OpBuilder<MaxPool2DLayer> = (layer, input, output, { tf }) => {
  const size = layer.poolSize as [number, number];
  const strides = layer.strides as [number, number];
  const tiles = strides[0] === size[0] && strides[1] === size[1] && (layer.padding === 'valid' || (input![0]! % size[0] === 0 && input![1]! % size[1] === 0));
  return {
    layer,
    outputShape: output,
    variables: [],
    forward(x) {
      const xi = toImages(tf, x, input!);
      const y = tf.maxPool(xi, size, strides, layer.padding);
      return {
        output: fromImages(tf, y),
        backward(dy) {
          const dyi = toImages(tf, dy, output);
          const dx = tiles ? tiledMaxPoolGradient(tf, xi, y, dyi, size) : maxPoolGradient(tf, xi, y, dyi, size, strides, layer.padding);
          return { input: fromImages(tf, dx), variables: NO_GRADIENTS };
        },
      };
    },
  };
};
