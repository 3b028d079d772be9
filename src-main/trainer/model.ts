/**
 * A document's layers as a model of tf core ops and variables (not
 * tf.layers): a chain of LayerOps, built from the layer-ops table, with a
 * hand-written backward pass.
 *
 * Inside, tensors are feature-major, [features, batch]; `forwardAll` hands
 * batch-major outputs to the canvas, and the session builds its batches in
 * the feature-major layout directly.
 */
import type { NamedTensorMap, Scalar, Tensor, Tensor2D, Variable } from '@tensorflow/tfjs-core';
import { summarize } from '../../src-shared/graph/summary';
import { shapeSize } from '../../src-shared/layers/layer-kind';
import type { Layer } from '../../src-shared/layers/registry';
import type { Loss } from '../../src-shared/training/settings';
import { createRandom, deriveSeed } from '../data/random';
import type { Tf } from './backend';
import { LAYER_OPS, type ForwardContext, type LayerOp, type OpBuilder, type OpStep, type WeightsView } from './layer-ops';
import { FUSED_GRADIENTS, LOSS_OPS } from './losses';

export interface StepResult {
  readonly loss: Scalar;
  /** The network's output, feature-major [units, batch]. */
  readonly output: Tensor2D;
  /** dL/dv for every variable, by variable name (what tf.train's applyGradients takes). */
  readonly gradients: NamedTensorMap;
  /** Each op's forward step, in op order: its output, and z where the op has one (step mode reads them). */
  readonly steps: readonly OpStep[];
  /** Each op's dL/dz where its backward pass has one (dense), by op index: the errors δ the walk-through shows. */
  readonly dz: readonly (Tensor2D | undefined)[];
}

export interface Model {
  readonly ops: readonly LayerOp<Layer>[];
  /** The trainable variables, in the order the optimizer indexes them. */
  readonly variables: readonly Variable[];
  /** The kernels the weights stream shows, in layer order. */
  readonly weights: readonly WeightsView[];
  readonly params: number;
  readonly inputSize: number;
  readonly outputSize: number;
  /** The network's output (after the output activation), feature-major in and out. */
  forward(x: Tensor2D, ctx: ForwardContext): Tensor2D;
  /** Every layer's output, batch-major [batch, size], from batch-major x; the caller disposes them. */
  forwardAll(x: Tensor2D, ctx: ForwardContext): Tensor2D[];
  /**
   * Loss and gradients of one batch, feature-major x [inputs, batch] and
   * targets [outputs, batch]. Run it inside a tidy.
   */
  lossAndGradients(x: Tensor2D, target: Tensor2D, loss: Loss, ctx: ForwardContext): StepResult;
  /** The loss of feature-major outputs against targets. */
  loss(target: Tensor2D, output: Tensor2D, loss: Loss): Scalar;
  /** Copies of every variable's value (trainable and state), to restore later. */
  snapshot(): Tensor[];
  restore(values: readonly Tensor[]): void;
  dispose(): void;
}

let modelCount = 0;

/**
 * Builds the model on the current backend; the layers must already be free of
 * shape errors. `transposeFlags` defaults to whether that backend is fast at
 * transposed products (all but wasm).
 */
export function buildModel(tf: Tf, layers: readonly Layer[], seed: number, transposeFlags = tf.getBackend() !== 'wasm'): Model {
  const summary = summarize(layers);
  if (summary.errors.length > 0) throw new Error(summary.errors[0]);
  const random = createRandom(deriveSeed(seed, 'weights'));
  const name = `model${++modelCount}`;
  const ops = layers.map((layer, i) => {
    const row = summary.layers[i]!;
    const build = LAYER_OPS[layer.kind] as OpBuilder<Layer>;
    return build(layer, row.inputShape, row.outputShape!, { tf, random, name, transposeFlags });
  });
  const variables = ops.flatMap((o) => o.variables);
  const saved = [...variables, ...ops.flatMap((o) => o.state ?? [])];
  const weights = ops.flatMap((o) => (o.weights ? [o.weights] : []));
  // Below the first op with weights nothing needs a gradient, so the backward pass stops there.
  const withWeights = ops.findIndex((o) => o.variables.length > 0);
  const firstWithWeights = withWeights < 0 ? ops.length : withWeights;
  const outputShape = ops.at(-1)!.outputShape;
  const outputSize = shapeSize(outputShape);
  /** Distributions per sample, for cce and kld: the rows of the last axis. */
  const rowsPerSample = outputSize / (outputShape.at(-1) ?? 1);

  const lossOf = (target: Tensor2D, output: Tensor2D, loss: Loss) => LOSS_OPS[loss].value(tf, target, output, output.shape[1] * rowsPerSample);

  return {
    ops,
    variables,
    weights,
    // What the ops built, not what the summary says: the training line then reports what really trains.
    params: saved.reduce((n, v) => n + v.size, 0),
    inputSize: shapeSize(ops[0]!.outputShape),
    outputSize,
    forward(x, ctx) {
      let h = x;
      for (const op of ops) h = op.forward(h, ctx).output;
      return h;
    },
    forwardAll(x, ctx) {
      return tf.tidy(() => {
        const outs: Tensor2D[] = [];
        const batch = x.shape[0];
        let h = tf.transpose(x);
        for (const op of ops) {
          h = op.forward(h, ctx).output;
          // One sample (the probe) is the same memory in either layout.
          outs.push(batch === 1 ? tf.reshape(h, [1, -1]) : tf.transpose(h));
        }
        return outs;
      });
    },
    lossAndGradients(x, target, loss, ctx) {
      const steps: OpStep[] = [];
      let h = x;
      for (const op of ops) {
        const step = op.forward(h, ctx);
        steps.push(step);
        h = step.output;
      }
      for (const step of steps) step.commit?.();
      const output = h;
      const groups = output.shape[1] * rowsPerSample;
      const value = LOSS_OPS[loss].value(tf, target, output, groups);
      const fused = FUSED_GRADIENTS[loss];
      const fuse = fused !== undefined && ops.at(-1)!.activation === fused.activation && outputShape.length === 1;
      let d: Tensor2D | null = (fuse ? fused.gradient(tf, target, output, groups) : LOSS_OPS[loss].gradient(tf, target, output, groups)) as Tensor2D;
      const byName = new Map<string, Tensor>();
      const dz: (Tensor2D | undefined)[] = [];
      for (let i = ops.length - 1; i >= firstWithWeights && d; i--) {
        const r = steps[i]!.backward(d, { inputGrad: i > firstWithWeights, throughActivation: !(fuse && i === ops.length - 1) });
        ops[i]!.variables.forEach((v, k) => byName.set(v.name, r.variables[k]!));
        dz[i] = r.dz;
        d = r.input;
      }
      // In the variables' order: tf.train's optimizers index their slots by position.
      const gradients: NamedTensorMap = {};
      for (const v of variables) gradients[v.name] = byName.get(v.name)!;
      return { loss: value, output, gradients, steps, dz };
    },
    loss: lossOf,
    snapshot: () => saved.map((v) => tf.keep(v.clone())),
    restore(values) {
      saved.forEach((v, i) => v.assign(values[i]!));
    },
    dispose() {
      for (const v of saved) v.dispose();
    },
  };
}
