/** A standalone activation: elementwise (softmax along the sample's last axis). */
import type { ActivationLayer } from '../../../src-shared/layers/registry';
import { ACTIVATION_OPS } from '../activations';
import { lastAxis, NO_GRADIENTS, type OpBuilder } from './op';

export const activationOp: OpBuilder<ActivationLayer> = (layer, _input, output, { tf }) => {
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
        backward: (da, { throughActivation }) => ({ input: throughActivation ? act.backward(tf, da, x, a, last) : da, variables: NO_GRADIENTS }),
      };
    },
  };
};
