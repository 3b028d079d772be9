/**
 * A document's layers as a model of tf core ops and variables (not
 * tf.layers): a chain of LayerOps, built from the layer-ops table.
 */
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { summarize } from '../../src-shared/graph/summary';
import type { Layer } from '../../src-shared/layers/registry';
import { createRandom, deriveSeed } from '../data/random';
import type { Tf } from './backend';
import { createDenseKernel, type DenseKernel } from './dense-kernel';
import { LAYER_OPS, type DenseParams, type ForwardContext, type LayerOp, type OpBuilder } from './layer-ops';

export interface Model {
  readonly ops: readonly LayerOp[];
  readonly variables: readonly Variable[];
  readonly dense: readonly DenseParams[];
  readonly params: number;
  /** The network's output (after the output activation). */
  forward(x: Tensor, ctx: ForwardContext): Tensor;
  /** Every layer's output, in order; the caller disposes them. */
  forwardAll(x: Tensor, ctx: ForwardContext): Tensor[];
  /** Copies of the variables' values, to restore later. */
  snapshot(): Tensor[];
  restore(values: readonly Tensor[]): void;
  dispose(): void;
}

let modelCount = 0;

/** Builds the model; the layers must already be free of shape errors. */
export function buildModel(tf: Tf, layers: readonly Layer[], seed: number, kernel: DenseKernel = createDenseKernel(tf)): Model {
  const summary = summarize(layers);
  if (summary.errors.length > 0) throw new Error(summary.errors[0]);
  const random = createRandom(deriveSeed(seed, 'weights'));
  const name = `model${++modelCount}`;
  let seenWeights = false;
  const ops = layers.map((layer, i) => {
    const row = summary.layers[i]!;
    const build = LAYER_OPS[layer.kind] as unknown as OpBuilder<Layer>;
    const firstWithWeights = layer.kind === 'dense' && !seenWeights;
    if (layer.kind === 'dense') seenWeights = true;
    return build(layer, row.inputShape, row.outputShape!, {
      tf,
      random,
      dense: kernel,
      firstWithWeights,
      name,
    });
  });
  const variables = ops.flatMap((o) => o.variables);
  const dense = ops.flatMap((o) => (o.dense ? [o.dense] : []));
  return {
    ops,
    variables,
    dense,
    params: summary.totals.params,
    forward(x, ctx) {
      let h = x;
      for (const op of ops) h = op.forward(h, ctx);
      return h;
    },
    forwardAll(x, ctx) {
      const outs: Tensor[] = [];
      let h = x;
      for (const op of ops) {
        h = op.forward(h, ctx);
        outs.push(h);
      }
      return outs;
    },
    snapshot: () => variables.map((v) => tf.keep(v.clone())),
    restore(values) {
      variables.forEach((v, i) => v.assign(values[i]!));
    },
    dispose() {
      for (const v of variables) v.dispose();
    },
  };
}
