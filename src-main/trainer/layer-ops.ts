/**
 * One entry per layer kind (mirroring src-shared/layers/registry): how the
 * kind becomes tf ops and variables. Adding a kind adds an entry here.
 */
import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs-core';
import type { Shape } from '../../src-shared/layers/layer-kind';
import type { Layer, LayerKind, LayerOf } from '../../src-shared/layers/registry';
import type { Random } from '../data/random';
import { ACTIVATION_OPS, HE_INIT } from './activations';
import type { Tf } from './backend';
import type { DenseKernel } from './dense-kernel';

export interface ForwardContext {
  readonly training: boolean;
  /** Changes every batch, so that dropout masks differ yet repeat with the seed. */
  readonly dropoutSeed: number;
}

/** A dense layer's variables, for the weights stream and for restoring. */
export interface DenseParams {
  readonly layerId: string;
  readonly kernel: Variable;
  readonly bias: Variable | null;
  readonly rows: number;
  readonly cols: number;
}

export interface LayerOp {
  readonly layer: Layer;
  readonly outputShape: Shape;
  readonly variables: readonly Variable[];
  readonly dense?: DenseParams;
  forward(x: Tensor, ctx: ForwardContext): Tensor;
}

export interface BuildContext {
  readonly tf: Tf;
  readonly random: Random;
  readonly dense: DenseKernel;
  /** True for the first layer that has weights: its input is data and needs no gradient. */
  readonly firstWithWeights: boolean;
  readonly name: string;
}

export type OpBuilder<L extends Layer> = (layer: L, input: Shape | null, output: Shape, ctx: BuildContext) => LayerOp;

function initKernel(ctx: BuildContext, rows: number, cols: number, he: boolean): Float32Array {
  // He for the ReLU family, Glorot otherwise; both uniform, drawn from the run's seed.
  const limit = he ? Math.sqrt(6 / rows) : Math.sqrt(6 / (rows + cols));
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < values.length; i++) values[i] = ctx.random.uniform(-limit, limit);
  return values;
}

export const LAYER_OPS: { readonly [K in LayerKind]: OpBuilder<LayerOf<K>> } = {
  input: (layer, _input, output, { tf }) => ({
    layer,
    outputShape: output,
    variables: [],
    // Rows arrive flat; an image input gets its shape back here.
    forward: (x) => (output.length === 1 ? x : tf.reshape(x, [-1, ...output])),
  }),
  dense: (layer, input, output, ctx) => {
    const { tf } = ctx;
    const rows = input![0]!;
    const cols = layer.units;
    const kernel = tf.variable(tf.tensor2d(initKernel(ctx, rows, cols, HE_INIT.has(layer.activation)), [rows, cols]), true, `${ctx.name}/${layer.id}/kernel`);
    const bias = layer.useBias ? tf.variable(tf.zeros([cols]), true, `${ctx.name}/${layer.id}/bias`) : null;
    const act = ACTIVATION_OPS[layer.activation];
    const needsInputGrad = !ctx.firstWithWeights;
    return {
      layer,
      outputShape: output,
      variables: bias ? [kernel, bias] : [kernel],
      dense: { layerId: layer.id, kernel, bias, rows, cols },
      forward: (x) => act(tf, ctx.dense(x as Tensor2D, kernel, bias, needsInputGrad)),
    };
  },
  activation: (layer, _input, output, { tf }) => ({
    layer,
    outputShape: output,
    variables: [],
    forward: (x) => ACTIVATION_OPS[layer.activation](tf, x),
  }),
  dropout: (layer, _input, output, { tf }) => ({
    layer,
    outputShape: output,
    variables: [],
    forward: (x, c) => (c.training && layer.rate > 0 ? tf.dropout(x, layer.rate, undefined, c.dropoutSeed) : x),
  }),
  flatten: (layer, _input, output, { tf }) => ({
    layer,
    outputShape: output,
    variables: [],
    forward: (x) => tf.reshape(x, [-1, output[0]!]),
  }),
};
