/** The lecture's networks, ready to drop onto the canvas. */
import type { Activation } from '../layers/activations';
import type { Layer } from '../layers/registry';
import type { TrainingSettings } from '../training/settings';
import type { NetworkDocument } from './document';

export interface Template {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly doc: NetworkDocument;
}

/** A chain from widths: an input, then dense layers (hidden ones `hidden`). */
export function chainFromWidths(widths: readonly number[], hidden: Activation = 'relu', output: Activation = 'linear', useBias = true): Layer[] {
  const [first, ...rest] = widths;
  const layers: Layer[] = [{ kind: 'input', id: 'input_1', shape: [first ?? 1] }];
  rest.forEach((units, i) =>
    layers.push({ kind: 'dense', id: `dense_${i + 1}`, units, activation: i === rest.length - 1 ? output : hidden, useBias }),
  );
  return layers;
}

const spheresTraining = (lr: number): Partial<TrainingSettings> => ({ dataset: 'spheres', optimizer: 'adam', learningRate: lr, batchSize: 16, epochs: 40 });

export const TEMPLATES: readonly Template[] = [
  {
    id: 'lecture-3-4-1',
    title: 'Lecture: 3-4-1',
    description: '3 inputs, 4 hidden, 1 output: 3 x 4 + 4 x 1 = 16 weights, biases left out.',
    doc: { name: 'Lecture: 3-4-1', countBiases: false, layers: chainFromWidths([3, 4, 1], 'relu', 'sigmoid'), training: { ...spheresTraining(0.05), loss: 'bce' } },
  },
  {
    id: 'lecture-3-4-3-2',
    title: 'Lecture: 3-4-3-2',
    description: 'With biases: (12 + 4) + (12 + 3) + (6 + 2) = 39 parameters.',
    doc: { name: 'Lecture: 3-4-3-2', countBiases: true, layers: chainFromWidths([3, 4, 3, 2], 'relu', 'softmax'), training: { ...spheresTraining(0.05), loss: 'cce' } },
  },
  {
    id: 'lecture-digits',
    title: 'Lecture: digits',
    description: 'The digit recognizer: 28x28 pixels, flattened, 600-500-250 ReLU, 10 softmax: 899,260 parameters.',
    doc: {
      name: 'Lecture: digits',
      countBiases: true,
      layers: [
        { kind: 'input', id: 'input_1', shape: [28, 28] },
        { kind: 'flatten', id: 'flatten_1' },
        { kind: 'dense', id: 'dense_1', units: 600, activation: 'relu', useBias: true },
        { kind: 'dense', id: 'dense_2', units: 500, activation: 'relu', useBias: true },
        { kind: 'dense', id: 'dense_3', units: 250, activation: 'relu', useBias: true },
        { kind: 'dense', id: 'dense_4', units: 10, activation: 'softmax', useBias: true },
      ],
      training: { dataset: 'digits', loss: 'cce', optimizer: 'adam', learningRate: 0.001, batchSize: 128, epochs: 10, validationSplit: 0.2, seed: 42 },
    },
  },
  {
    id: 'lecture-cnn',
    title: 'Next lecture: CNN digits',
    description:
      'Two 3x3 convolutions (16 and 32 filters, ReLU), each max-pooled, then 32 ReLU and 10 softmax: 30,762 parameters, a 29th of the MLP\'s 899,260, ' +
      'and after 3 epochs here 0.964 validation accuracy against the MLP\'s 0.946, because a kernel\'s weights are shared across the whole image.',
    doc: {
      name: 'Next lecture: CNN digits',
      countBiases: true,
      layers: [
        { kind: 'input', id: 'input_1', shape: [28, 28, 1] },
        { kind: 'conv2d', id: 'conv2d_1', filters: 16, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', activation: 'relu', useBias: true },
        { kind: 'maxPool2d', id: 'max_pooling2d_1', poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
        { kind: 'conv2d', id: 'conv2d_2', filters: 32, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', activation: 'relu', useBias: true },
        { kind: 'maxPool2d', id: 'max_pooling2d_2', poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
        { kind: 'flatten', id: 'flatten_1' },
        { kind: 'dense', id: 'dense_1', units: 32, activation: 'relu', useBias: true },
        { kind: 'dense', id: 'dense_2', units: 10, activation: 'softmax', useBias: true },
      ],
      training: { dataset: 'digits', loss: 'cce', optimizer: 'adam', learningRate: 0.002, batchSize: 64, epochs: 3, validationSplit: 0.2, seed: 42 },
    },
  },
  {
    id: 'lecture-lstm',
    title: 'Next lecture: LSTM digits',
    description:
      'Reads each digit row by row, 28 steps of 28 pixels, with a 64-unit LSTM, then 10 softmax: 24,458 parameters, a 37th of the MLP\'s 899,260, ' +
      'and after 3 epochs here 0.943 validation accuracy against the MLP\'s 0.946, with the same weights at every step.',
    doc: {
      name: 'Next lecture: LSTM digits',
      countBiases: true,
      layers: [
        { kind: 'input', id: 'input_1', shape: [28, 28] },
        { kind: 'lstm', id: 'lstm_1', units: 64, returnSequences: false, useBias: true },
        { kind: 'dense', id: 'dense_1', units: 10, activation: 'softmax', useBias: true },
      ],
      training: { dataset: 'digits', loss: 'cce', optimizer: 'adam', learningRate: 0.005, batchSize: 64, epochs: 3, validationSplit: 0.2, seed: 42 },
    },
  },
];

export function findTemplate(id: string): Template | undefined {
  return TEMPLATES.find((t) => t.id === id);
}

/**
 * The note shown for a loaded template: its description while the network is still the template's, and
 * "edited from" once it is not, so a note never states counts the network on screen no longer has.
 */
export function templateNote(t: Template, doc: Pick<NetworkDocument, 'layers' | 'countBiases'>): string {
  const same = JSON.stringify(doc.layers) === JSON.stringify(t.doc.layers) && (doc.countBiases ?? true) === (t.doc.countBiases ?? true);
  return same ? `${t.title}: ${t.description}` : `Edited from the ${t.title.replace(/^Lecture:\s*/, '')} template.`;
}
