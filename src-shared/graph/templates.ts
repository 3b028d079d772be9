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
];

export function findTemplate(id: string): Template | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
