/** Dropout: inverted, with a seeded mask, so inference needs no change. */
import type { Tensor2D } from '@tensorflow/tfjs-core';
import type { DropoutLayer } from '../../../src-shared/layers/registry';
import { deriveSeed } from '../../data/random';
import { NO_GRADIENTS, type OpBuilder } from './op';

export const dropoutOp: OpBuilder<DropoutLayer> = (layer, _input, output, { tf }) => ({
  layer,
  outputShape: output,
  variables: [],
  forward(x, c) {
    if (!c.training || layer.rate <= 0) return { output: x, backward: (dy) => ({ input: dy, variables: NO_GRADIENTS }) };
    // Kept values are scaled by 1/keep.
    const keep = 1 - layer.rate;
    // Each layer draws from its own seed: with the step's alone, equal-width layers would drop the same units.
    const seed = deriveSeed(c.dropoutSeed, layer.id);
    const mask = tf.div(tf.floor(tf.add(tf.randomUniform(x.shape, 0, 1, 'float32', seed), keep)), keep);
    return { output: tf.mul(x, mask) as Tensor2D, backward: (dy) => ({ input: tf.mul(dy, mask) as Tensor2D, variables: NO_GRADIENTS }) };
  },
});
