/**
 * What SimpleRNN, LSTM and GRU share: variables laid out as Keras's but
 * feature-major, the input projection of every time step as one matMul, the
 * loop over time steps, back-propagation through time, and the weight
 * gradients as one matMul each. A cell (one file per kind) supplies only
 * the arithmetic of one step and its derivative.
 *
 * Feature-major suits recurrence: a sample's [time, features] is T blocks of
 * F rows, so step t's input is rows t*F..(t+1)*F of [T*F, batch] and a step
 * is V . x_t with no transposes. The kernel is stored transposed,
 * [gates*units, features] (Keras: [features, gates*units], gate blocks in its
 * order), the recurrent kernel [gates*units, units].
 *
 * With useBias false (a project that leaves biases out) there is no bias
 * variable at all, not a zero one, so the trainer's count is the table's.
 */
import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs-core';
import type { Shape } from '../../../src-shared/layers/layer-kind';
import type { Tf } from '../backend';
import { transposeValues } from '../dense-kernel';
import { glorotLimit, matMulAT, matMulBT, orthogonalValues, ownedVariable, uniformValues, type BuildContext, type LayerOp } from './op';

/** What one step leaves for the next step and for the backward pass. */
export interface CellState {
  /** The hidden state (the step's output), [units, batch]. */
  readonly h: Tensor2D;
  /** LSTM's cell state, carried besides h. */
  readonly c?: Tensor2D;
  /** Whatever the step's derivative needs (gate values). */
  readonly cache: Readonly<Record<string, Tensor2D>>;
}

export interface CellGradients {
  /** dL/d(input projection + bias) of the step, [gates*units, batch]. */
  readonly dzx: Tensor2D;
  /** dL/d(recurrent product V_h . h_prev, plus its bias where there is one), [gates*units, batch]. */
  readonly dr: Tensor2D;
  /** dL/dc_prev, for cells that carry c. */
  readonly dcPrev?: Tensor2D;
  /** dL/dh_prev through paths other than the recurrent product (GRU's h_t = z * h_{t-1} + ...). */
  readonly dhPrev?: Tensor2D;
}

export interface RecurrentCell {
  /** Gate blocks in the kernels' rows: SimpleRNN 1, LSTM 4 (i, f, c, o), GRU 3 (z, r, h). */
  readonly gates: number;
  /** Whether the recurrent product has a bias of its own (GRU with reset_after). */
  readonly recurrentBias: boolean;
  /** The input bias's initial values, [gates*units] (LSTM's forget gate starts at 1). */
  initialBias(units: number): Float32Array<ArrayBuffer>;
  /** One step from zx (input projection + bias), r (recurrent product + its bias) and the previous state. */
  step(tf: Tf, zx: Tensor2D, r: Tensor2D, prev: CellState): CellState;
  /** The step's derivative, given dL/dh (and dL/dc for LSTM) of its output. */
  back(tf: Tf, dh: Tensor2D, dc: Tensor2D | null, state: CellState, prev: CellState): CellGradients;
}

export interface RecurrentLayerFields {
  readonly kind: string;
  readonly id: string;
  readonly units: number;
  readonly returnSequences: boolean;
  readonly useBias: boolean;
}

/** [T*F, batch] to [F, T*batch]: step t's samples are columns t*batch..(t+1)*batch. */
function stepColumns(tf: Tf, x: Tensor2D, steps: number, features: number): Tensor2D {
  const batch = x.shape[1];
  return tf.reshape(tf.transpose(tf.reshape(x, [steps, features, batch]), [1, 0, 2]), [features, steps * batch]);
}

/** The inverse of stepColumns. */
function fromStepColumns(tf: Tf, x: Tensor2D, steps: number, features: number, batch: number): Tensor2D {
  return tf.reshape(tf.transpose(tf.reshape(x, [features, steps, batch]), [1, 0, 2]), [steps * features, batch]);
}

/** [G, T*batch] to T tensors [G, batch]. */
function splitSteps(tf: Tf, z: Tensor2D, steps: number): Tensor2D[] {
  const [g, cols] = z.shape;
  const batch = cols / steps;
  return tf.unstack(tf.transpose(tf.reshape(z, [g, steps, batch]), [1, 0, 2])) as Tensor2D[];
}

/** T tensors [G, batch] to [G, T*batch]. */
function joinSteps(tf: Tf, parts: readonly Tensor2D[]): Tensor2D {
  const [g, batch] = parts[0]!.shape;
  return tf.reshape(tf.stack(parts as Tensor2D[], 1), [g, parts.length * batch]);
}

export function recurrentOp<L extends RecurrentLayerFields>(layer: L, input: Shape, output: Shape, ctx: BuildContext, cell: RecurrentCell): LayerOp<L> {
  const { tf, transposeFlags } = ctx;
  const [steps, features] = input as [number, number];
  const units = layer.units;
  const rows = cell.gates * units;
  const variable = (what: string, t: Tensor, trainable = true): Variable => ownedVariable(tf, t, trainable, `${ctx.name}/${layer.id}/${what}`);
  // Drawn in Keras's [features, gates*units] and [units, gates*units] orders, then stored transposed.
  const kernelValues = uniformValues(ctx.random, features * rows, glorotLimit(features, rows));
  const recurrentValues = orthogonalValues(ctx.random, units, rows);
  const kernel = variable('kernel', tf.tensor2d(transposeValues(kernelValues, features, rows), [rows, features]));
  const recurrent = variable('recurrent_kernel', tf.tensor2d(transposeValues(recurrentValues, units, rows), [rows, units]));
  const bias = layer.useBias ? variable('bias', tf.tensor2d(cell.initialBias(units), [rows, 1])) : null;
  const recurrentBias = layer.useBias && cell.recurrentBias ? variable('recurrent_bias', tf.zeros([rows, 1])) : null;
  const variables = [kernel, recurrent, ...(bias ? [bias] : []), ...(recurrentBias ? [recurrentBias] : [])];
  return {
    layer,
    outputShape: output,
    variables,
    weights: {
      layerId: layer.id,
      kernel,
      bias,
      rows: features,
      cols: rows,
      readKernel: () => transposeValues(kernel.dataSync() as Float32Array, rows, features),
    },
    forward(x) {
      const batch = x.shape[1];
      const xs = stepColumns(tf, x, steps, features);
      const projected = tf.matMul(kernel as Tensor2D, xs) as Tensor2D;
      const zxs = splitSteps(tf, bias ? (tf.add(projected, bias) as Tensor2D) : projected, steps);
      const zero = tf.zeros([units, batch]) as Tensor2D;
      const states: CellState[] = [{ h: zero, c: zero, cache: {} }];
      for (let t = 0; t < steps; t++) {
        const prev = states[t]!;
        const product = tf.matMul(recurrent as Tensor2D, prev.h) as Tensor2D;
        states.push(cell.step(tf, zxs[t]!, recurrentBias ? (tf.add(product, recurrentBias) as Tensor2D) : product, prev));
      }
      const hs = states.slice(1).map((s) => s.h);
      const out = layer.returnSequences ? (tf.concat(hs, 0) as Tensor2D) : hs.at(-1)!;
      return {
        output: out,
        backward(dy, { inputGrad }) {
          const dys = layer.returnSequences ? (tf.split(dy, steps, 0) as Tensor2D[]) : null;
          const recurrentT = transposeFlags ? null : (tf.transpose(recurrent) as Tensor2D);
          const dzxs: Tensor2D[] = new Array<Tensor2D>(steps);
          const drs: Tensor2D[] = new Array<Tensor2D>(steps);
          let dhNext: Tensor2D | null = null;
          let dcNext: Tensor2D | null = null;
          for (let t = steps - 1; t >= 0; t--) {
            const own = dys ? dys[t]! : t === steps - 1 ? dy : null;
            const dh = own && dhNext ? (tf.add(own, dhNext) as Tensor2D) : (own ?? dhNext)!;
            const g = cell.back(tf, dh, dcNext, states[t + 1]!, states[t]!);
            dzxs[t] = g.dzx;
            drs[t] = g.dr;
            dcNext = g.dcPrev ?? null;
            if (t > 0) {
              const viaProduct = recurrentT ? (tf.matMul(recurrentT, g.dr) as Tensor2D) : matMulAT(tf, recurrent as Tensor2D, g.dr, true);
              dhNext = g.dhPrev ? (tf.add(viaProduct, g.dhPrev) as Tensor2D) : viaProduct;
            }
          }
          const dzx = joinSteps(tf, dzxs);
          const dr = joinSteps(tf, drs);
          const hPrev = joinSteps(tf, states.slice(0, steps).map((s) => s.h));
          const grads: Tensor[] = [matMulBT(tf, dzx, xs, transposeFlags), matMulBT(tf, dr, hPrev, transposeFlags)];
          if (bias) grads.push(tf.sum(dzx, 1, true));
          if (recurrentBias) grads.push(tf.sum(dr, 1, true));
          const dx = inputGrad ? fromStepColumns(tf, matMulAT(tf, kernel as Tensor2D, dzx, transposeFlags), steps, features, batch) : null;
          return { input: dx, variables: grads };
        },
      };
    },
  };
}
