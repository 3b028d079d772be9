/**
 * The trainer's op registry: one entry per layer kind, mirroring
 * src-shared/layers/registry.ts, each built by its own file in ./ops/.
 *
 * Adding a kind (the trainer half; docs/layer-kinds.md has both halves):
 * 1. Write `ops/<kind>.ts` exporting one `OpBuilder<YourLayer>` (types in
 *    ops/op.ts): `(layer, input, output, ctx) => LayerOp`. It gets the
 *    layer's fields, its input shape (null for the first layer) and its output
 *    shape (both from the spec's inferShape, batch left out), and
 *    `ctx = { tf, random, name, transposeFlags }`. It returns
 *    - `variables`: the trainable tf.Variables, created now, named
 *      `${ctx.name}/${layer.id}/<what>`, initialised from `ctx.random` only
 *      (so a seed gives the same weights);
 *    - `state` (optional): non-trainable variables (moving statistics);
 *    - `weights` (optional): the kernel the weights stream shows, as rows x cols
 *      (plus `shape` when it is not a plain matrix);
 *    - `activation` (optional): the activation it ends with, so the loss may
 *      fuse its gradient;
 *    - `forward(x, { training, dropoutSeed })` on feature-major x
 *      [features, batch] (a sample flattened row-major, channels last),
 *      returning `{ output, backward(dy, { inputGrad, throughActivation }),
 *      commit? }`: `backward` gives dL/dx (null when `inputGrad` is false)
 *      and one gradient per variable in `variables`' order; `commit` updates
 *      `state` after a training forward pass.
 *    Write the backward pass by hand, or through tf.grad where every kernel it
 *    needs exists on every backend (the wasm backend lacks
 *    Conv2DBackpropFilter); gradients.test.ts checks it against tf.grad on cpu
 *    and on wasm against cpu.
 * 2. Add it to LAYER_OPS below (the compiler insists once the kind is in
 *    src-shared's registry).
 */
import type { Layer, LayerKind, LayerOf } from '../../src-shared/layers/registry';
import { activationOp } from './ops/activation';
import { avgPool2dOp } from './ops/avg-pool2d';
import { batchNormOp } from './ops/batch-norm';
import { conv2dOp } from './ops/conv2d';
import { denseOp } from './ops/dense';
import { dropoutOp } from './ops/dropout';
import { flattenOp } from './ops/flatten';
import { globalAvgPool2dOp } from './ops/global-avg-pool2d';
import { inputOp } from './ops/input';
import { gruOp } from './ops/gru';
import { lstmOp } from './ops/lstm';
import { maxPool2dOp } from './ops/max-pool2d';
import type { OpBuilder } from './ops/op';
import { reshapeOp } from './ops/reshape';
import { simpleRnnOp } from './ops/simple-rnn';

export type { BackwardOptions, BackwardResult, BuildContext, ForwardContext, LayerOp, OpBuilder, OpStep, WeightsView } from './ops/op';

export const LAYER_OPS: { readonly [K in LayerKind]: OpBuilder<LayerOf<K>> } = {
  input: inputOp,
  dense: denseOp,
  activation: activationOp,
  dropout: dropoutOp,
  flatten: flattenOp,
  conv2d: conv2dOp,
  maxPool2d: maxPool2dOp,
  avgPool2d: avgPool2dOp,
  globalAvgPool2d: globalAvgPool2dOp,
  batchNorm: batchNormOp,
  reshape: reshapeOp,
  simpleRnn: simpleRnnOp,
  lstm: lstmOp,
  gru: gruOp,
};

export type AnyOpBuilder = OpBuilder<Layer>;
