/** Dense: Z = V . H + b in the feature-major layout, arithmetic in ../dense-kernel.ts. */
import type { DenseLayer } from '../../../src-shared/layers/registry';
import { ACTIVATION_OPS, HE_INIT } from '../activations';
import { denseBackward, denseForward, transposeValues } from '../dense-kernel';
import { glorotLimit, lastAxis, ownedVariable, uniformValues, type OpBuilder } from './op';

export const denseOp: OpBuilder<DenseLayer> = (layer, input, output, ctx) => {
  const { tf } = ctx;
  const rows = input![0]!;
  const cols = layer.units;
  // He for the ReLU family, Glorot otherwise; both uniform, drawn from the run's seed
  // in the conventional [rows, cols] order, so a seed gives the same weights in any layout.
  const limit = HE_INIT.has(layer.activation) ? Math.sqrt(6 / rows) : glorotLimit(rows, cols);
  const initial = uniformValues(ctx.random, rows * cols, limit);
  const kernel = ownedVariable(tf, tf.tensor2d(transposeValues(initial, rows, cols), [cols, rows]), true, `${ctx.name}/${layer.id}/kernel`);
  const bias = layer.useBias ? ownedVariable(tf, tf.zeros([cols, 1]), true, `${ctx.name}/${layer.id}/bias`) : null;
  const act = ACTIVATION_OPS[layer.activation];
  const last = lastAxis(output);
  return {
    layer,
    outputShape: output,
    variables: bias ? [kernel, bias] : [kernel],
    activation: layer.activation,
    weights: {
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
        z,
        backward(da, { inputGrad, throughActivation }) {
          const g = throughActivation ? act.backward(tf, da, z, a, last) : da;
          const d = denseBackward(tf, g, x, kernel, bias !== null, inputGrad, ctx.transposeFlags);
          return { input: d.input, variables: d.bias ? [d.kernel, d.bias] : [d.kernel], dz: g };
        },
      };
    },
  };
};
