/**
 * Conv2D, channels last: z = x * K + b, then the activation. The kernel is
 * stored as Keras and tf store it, [kh, kw, cin, filters]; read row-major it
 * is the weights stream's kh*kw*cin x filters matrix as it stands.
 * Forward is tf's conv2d; backward is conv2dTranspose for the input and, for
 * the kernel, a convolution of x by dz (images.ts) because the wasm backend
 * has no Conv2DBackpropFilter. The activation runs feature-major, so softmax
 * over channels and the fused loss gradients work as after a dense layer.
 */
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { ACTIVATION_OPS } from '../activations';
import { convFilterGradient, fromImages, toImages } from './images';
import { glorotLimit, ownedVariable, uniformValues, type OpBuilder } from './op';
import type { Conv2DLayer } from '../../../src-shared/layers/conv2d';

export const conv2dOp: OpBuilder<Conv2DLayer> = (layer, input, output, ctx) => {
  const { tf } = ctx;
  const [kh, kw] = layer.kernelSize as [number, number];
  const strides = layer.strides as [number, number];
  const cin = input![2]!;
  const filters = layer.filters;
  const rows = kh * kw * cin;
  // Keras's glorot_uniform: fan in kh*kw*cin, fan out kh*kw*filters.
  const initial = uniformValues(ctx.random, rows * filters, glorotLimit(rows, kh * kw * filters));
  const kernel = ownedVariable(tf, tf.tensor4d(initial, [kh, kw, cin, filters]), true, `${ctx.name}/${layer.id}/kernel`);
  const bias = layer.useBias ? ownedVariable(tf, tf.zeros([filters]), true, `${ctx.name}/${layer.id}/bias`) : null;
  const act = ACTIVATION_OPS[layer.activation];
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
      cols: filters,
      shape: [kh, kw, cin, filters],
      readKernel: () => (kernel.dataSync() as Float32Array<ArrayBuffer>).slice(),
    },
    forward(x) {
      const xi = toImages(tf, x, input!);
      const conv = tf.conv2d(xi, kernel as Tensor as Tensor4D, strides, layer.padding);
      const z = fromImages(tf, bias ? tf.add(conv, bias) : conv);
      const a = act.forward(tf, z, filters);
      return {
        output: a,
        backward(da, { inputGrad, throughActivation }) {
          const g = throughActivation ? act.backward(tf, da, z, a, filters) : da;
          const gi = toImages(tf, g, output);
          const dk = convFilterGradient(tf, xi, gi, [kh, kw], strides, layer.padding);
          const grads: Tensor[] = bias ? [dk, tf.sum(gi, [0, 1, 2])] : [dk];
          const dx = inputGrad ? fromImages(tf, tf.conv2dTranspose(gi, kernel as Tensor as Tensor4D, xi.shape, strides, layer.padding)) : null;
          return { input: dx, variables: grads };
        },
      };
    },
  };
};
