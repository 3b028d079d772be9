/**
 * One entry per layer kind (mirroring src-shared/layers/registry): how the
 * kind becomes tf ops and variables, forward and backward. Adding a kind adds
 * an entry here.
 *
 * Every op works on feature-major tensors, [features, batch], with a sample's
 * shape flattened into its features (dense-kernel.ts says why). Input and
 * Flatten are then no-ops; the model turns batch-major data into this layout
 * and back at its edges.
 *
 * The backward pass is written out instead of recorded on tf's autodiff tape:
 * the tape's bookkeeping and tf's generic gradients (transposed matMuls on
 * wasm) cost about a quarter of a step on the digit network.
 */
import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs-core';
import type { Activation } from '../../src-shared/layers/activations';
import type { Shape } from '../../src-shared/layers/layer-kind';
import type { Layer, LayerKind, LayerOf } from '../../src-shared/layers/registry';
import { deriveSeed, type Random } from '../data/random';
import { ACTIVATION_OPS, HE_INIT } from './activations';
import type { Tf } from './backend';
import { denseBackward, denseForward, transposeValues } from './dense-kernel';

export interface ForwardContext {
  readonly training: boolean;
  /** The run's seed for this step: each dropout layer derives its own from it and its id, so masks differ yet repeat with the seed. */
  readonly dropoutSeed: number;
}

/** A dense layer's variables, for the weights stream and for restoring. */
export interface DenseParams {
  readonly layerId: string;
  /** Stored transposed, [cols, rows]: see dense-kernel.ts. */
  readonly kernel: Variable;
  /** Stored as [cols, 1]. */
  readonly bias: Variable | null;
  readonly rows: number;
  readonly cols: number;
  /** The kernel in the conventional layout, [rows, cols] row-major. */
  readKernel(): Float32Array<ArrayBuffer>;
}

export interface BackwardOptions {
  /** False for the first op with weights: its input is data. */
  readonly inputGrad: boolean;
  /** False when the loss already gave dL/dz of this op's activation (softmax with cce, sigmoid with bce). */
  readonly throughActivation: boolean;
}

export interface BackwardResult {
  readonly input: Tensor2D | null;
  /** One per variable of the op, in the order of `variables`. */
  readonly variables: readonly Tensor[];
}

/** The result of a forward pass through one op, and how to go back through it. */
export interface OpStep {
  readonly output: Tensor2D;
  backward(dOutput: Tensor2D, options: BackwardOptions): BackwardResult;
}

export interface LayerOp {
  readonly layer: Layer;
  readonly outputShape: Shape;
  readonly variables: readonly Variable[];
  readonly dense?: DenseParams;
  /** The activation the op ends with, if any: the loss may fuse its gradient with it. */
  readonly activation?: Activation;
  /** x and the output are [features, batch]. Run it inside a tidy that also covers `backward`. */
  forward(x: Tensor2D, ctx: ForwardContext): OpStep;
}

export interface BuildContext {
  readonly tf: Tf;
  readonly random: Random;
  readonly name: string;
  /** Let matMul transpose its operands (fine everywhere but on wasm): see dense-kernel.ts. */
  readonly transposeFlags: boolean;
}

export type OpBuilder<L extends Layer> = (layer: L, input: Shape | null, output: Shape, ctx: BuildContext) => LayerOp;

function initKernel(ctx: BuildContext, rows: number, cols: number, he: boolean): Float32Array {
  // He for the ReLU family, Glorot otherwise; both uniform, drawn from the run's seed
  // in the conventional [rows, cols] order, so a seed gives the same weights in any layout.
  const limit = he ? Math.sqrt(6 / rows) : Math.sqrt(6 / (rows + cols));
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < values.length; i++) values[i] = ctx.random.uniform(-limit, limit);
  return values;
}

const lastAxis = (shape: Shape): number => shape.at(-1) ?? 1;

const NO_VARIABLES: readonly Tensor[] = [];

/** An op that changes nothing in the feature-major layout. */
function identity(layer: Layer, output: Shape): LayerOp {
  return {
    layer,
    outputShape: output,
    variables: [],
    forward: (x) => ({ output: x, backward: (dy) => ({ input: dy, variables: NO_VARIABLES }) }),
  };
}

export const LAYER_OPS: { readonly [K in LayerKind]: OpBuilder<LayerOf<K>> } = {
  // Rows arrive flat; an image's shape only matters to what follows, which reads `outputShape`.
  input: (layer, _input, output) => identity(layer, output),
  flatten: (layer, _input, output) => identity(layer, output),
  dense: (layer, input, output, ctx) => {
    const { tf } = ctx;
    const rows = input![0]!;
    const cols = layer.units;
    const initial = initKernel(ctx, rows, cols, HE_INIT.has(layer.activation));
    // tf.variable leaves its initial value's tensor alive beside it: the tidies free those (variables outlive them).
    const kernel = tf.tidy(() => tf.variable(tf.tensor2d(transposeValues(initial, rows, cols), [cols, rows]), true, `${ctx.name}/${layer.id}/kernel`));
    const bias = layer.useBias ? tf.tidy(() => tf.variable(tf.zeros([cols, 1]), true, `${ctx.name}/${layer.id}/bias`)) : null;
    const act = ACTIVATION_OPS[layer.activation];
    const last = lastAxis(output);
    return {
      layer,
      outputShape: output,
      variables: bias ? [kernel, bias] : [kernel],
      activation: layer.activation,
      dense: {
        layerId: layer.id,
        kernel,
        bias,
        rows,
        cols,
        readKernel: () => transposeValues(kernel.dataSync() as Float32Array, cols, rows),
      },
      forward(x) {
        const z = denseForward(tf, x, kernel, bias);
        const a = act.forward(tf, z, last);
        return {
          output: a,
          backward(da, { inputGrad, throughActivation }) {
            const g = throughActivation ? act.backward(tf, da, z, a, last) : da;
            const d = denseBackward(tf, g, x, kernel, bias !== null, inputGrad, ctx.transposeFlags);
            return { input: d.input, variables: d.bias ? [d.kernel, d.bias] : [d.kernel] };
          },
        };
      },
    };
  },
  activation: (layer, _input, output, { tf }) => {
    const act = ACTIVATION_OPS[layer.activation];
    const last = lastAxis(output);
    return {
      layer,
      outputShape: output,
      variables: [],
      activation: layer.activation,
      forward(x) {
        const a = act.forward(tf, x, last);
        return {
          output: a,
          backward: (da, { throughActivation }) => ({ input: throughActivation ? act.backward(tf, da, x, a, last) : da, variables: NO_VARIABLES }),
        };
      },
    };
  },
  dropout: (layer, _input, output, { tf }) => ({
    layer,
    outputShape: output,
    variables: [],
    forward(x, c) {
      if (!c.training || layer.rate <= 0) return { output: x, backward: (dy) => ({ input: dy, variables: NO_VARIABLES }) };
      // Inverted dropout with a seeded mask: kept values scaled by 1/keep, so inference needs no change.
      const keep = 1 - layer.rate;
      // Each layer draws from its own seed: with the step's alone, equal-width layers would drop the same units.
      const seed = deriveSeed(c.dropoutSeed, layer.id);
      const mask = tf.div(tf.floor(tf.add(tf.randomUniform(x.shape, 0, 1, 'float32', seed), keep)), keep);
      return { output: tf.mul(x, mask) as Tensor2D, backward: (dy) => ({ input: tf.mul(dy, mask) as Tensor2D, variables: NO_VARIABLES }) };
    },
  }),
};
