/**
 * The networks the code-export tests build in every target: each template, and networks that between them hold
 * every layer kind, each padding case (TensorFlow's 'same' symmetric and lopsided), every activation and both bias
 * switches, so a generator that mishandles any of them fails on a count or a shape.
 */
import type { NetworkDocument } from '../../src-shared/graph/document';
import { TEMPLATES } from '../../src-shared/graph/templates';
import type { Layer } from '../../src-shared/layers/registry';

const sequenceAndImage: Layer[] = [
  { kind: 'input', id: 'input_1', shape: [12, 12, 2] },
  { kind: 'conv2d', id: 'conv2d_1', filters: 4, kernelSize: [3, 3], strides: [1, 1], padding: 'same', activation: 'leakyRelu', useBias: true },
  { kind: 'batchNorm', id: 'batchNorm_1' },
  { kind: 'maxPool2d', id: 'maxPool2d_1', poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
  // 6 -> 3 with a 3x3 window at stride 2: TensorFlow pads one row and column, at the bottom and right.
  { kind: 'conv2d', id: 'conv2d_2', filters: 6, kernelSize: [3, 3], strides: [2, 2], padding: 'same', activation: 'elu', useBias: false },
  { kind: 'avgPool2d', id: 'avgPool2d_1', poolSize: [2, 2], strides: [1, 1], padding: 'same' },
  { kind: 'activation', id: 'activation_1', activation: 'gelu' },
  { kind: 'dropout', id: 'dropout_1', rate: 0.25 },
  { kind: 'reshape', id: 'reshape_1', targetShape: [9, 6] },
  { kind: 'simpleRnn', id: 'simpleRnn_1', units: 5, returnSequences: true, useBias: true },
  { kind: 'gru', id: 'gru_1', units: 4, returnSequences: true, useBias: true },
  { kind: 'lstm', id: 'lstm_1', units: 3, returnSequences: true, useBias: true },
  { kind: 'batchNorm', id: 'batchNorm_2' },
  { kind: 'flatten', id: 'flatten_1' },
  { kind: 'dense', id: 'dense_1', units: 8, activation: 'tanh', useBias: true },
  { kind: 'activation', id: 'activation_2', activation: 'leakyRelu' },
  { kind: 'dense', id: 'dense_2', units: 3, activation: 'softmax', useBias: true },
];

const pooling: Layer[] = [
  { kind: 'input', id: 'input_1', shape: [7, 7, 3] },
  // 7 -> 4 with a 2x2 window at stride 2: one row and column of padding, at the bottom and right.
  { kind: 'maxPool2d', id: 'maxPool2d_1', poolSize: [2, 2], strides: [2, 2], padding: 'same' },
  { kind: 'conv2d', id: 'conv2d_1', filters: 5, kernelSize: [3, 3], strides: [1, 1], padding: 'same', activation: 'leakyRelu', useBias: true },
  { kind: 'avgPool2d', id: 'avgPool2d_1', poolSize: [3, 3], strides: [1, 1], padding: 'same' },
  { kind: 'avgPool2d', id: 'avgPool2d_2', poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
  { kind: 'globalAvgPool2d', id: 'globalAvgPool2d_1' },
  // The name tfjs's extra leaky ReLU layer after conv2d_1 would take: the export must pick another.
  { kind: 'activation', id: 'conv2d_1_leaky_relu', activation: 'relu' },
  { kind: 'batchNorm', id: 'batchNorm_1' },
  { kind: 'dense', id: 'dense_1', units: 1, activation: 'linear', useBias: false },
];

const recurrentLast: Layer[] = [
  { kind: 'input', id: 'input_1', shape: [6, 4] },
  { kind: 'lstm', id: 'lstm_1', units: 5, returnSequences: true, useBias: true },
  // A recurrent layer without biases in a project that counts them: each target must read the layer's own switch.
  { kind: 'simpleRnn', id: 'simpleRnn_1', units: 3, returnSequences: false, useBias: false },
  { kind: 'dense', id: 'dense_1', units: 2, activation: 'sigmoid', useBias: true },
];

/** Every network the export tests run, by a name for the test titles. */
export const EXPORT_NETWORKS: readonly { readonly id: string; readonly doc: NetworkDocument }[] = [
  ...TEMPLATES.map((t) => ({ id: t.id, doc: t.doc })),
  {
    id: 'every-kind',
    doc: { name: 'Every kind: a"b\n\\ \'c\' """ ${x} \u2028', layers: sequenceAndImage, training: { dataset: 'digits', loss: 'cce', optimizer: 'momentum', learningRate: 0.01, batchSize: 4, epochs: 2 } },
  },
  { id: 'every-kind-no-biases', doc: { name: 'Every kind, biases left out', countBiases: false, layers: sequenceAndImage, training: { loss: 'kld', optimizer: 'rmsprop' } } },
  { id: 'pooling', doc: { name: 'Pooling', layers: pooling, training: { dataset: 'reg-plane', loss: 'mae', optimizer: 'adagrad', learningRate: 0.1 } } },
  {
    id: 'recurrent-last',
    doc: {
      name: 'Recurrent, last step',
      layers: recurrentLast.map((l) => (l.id === 'lstm_1' ? { ...l, id: 'class' } : l.id === 'simpleRnn_1' ? { ...l, id: '2 rnn-layer' } : l)),
      training: { dataset: 'xor', loss: 'bce', optimizer: 'sgd' },
    },
  },
];
