/**
 * The trainer's trained network as a TensorFlow.js layers model: model.json
 * plus one weights.bin, the format `tf.loadLayersModel` reads (and Keras's
 * tfjs converter writes).
 *
 * The JSON is not written by hand: an equivalent `tf.sequential` is built
 * with tfjs-layers, its weights are set from the trainer's variables
 * (converted from the trainer's feature-major storage to Keras's layouts),
 * and tfjs-layers serialises it, so what it writes is what it reads back.
 *
 * Reading the weights (`readTrainedWeights`) is synchronous, so it takes a
 * consistent copy between two batches, even during a run; the rest works on
 * that copy.
 */
import type * as TfUmbrella from '@tensorflow/tfjs';
import type { Variable } from '@tensorflow/tfjs-core';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { LEAKY_RELU_ALPHA, type Activation } from '../../src-shared/layers/activations';
import type { Shape } from '../../src-shared/layers/layer-kind';
import type { Layer, LayerKind, LayerOf } from '../../src-shared/layers/registry';
import writeFileAtomic from 'write-file-atomic';
import { saveTextAtomic } from '../atomic-save';
import { transposeValues } from './dense-kernel';
import { BATCH_NORM_EPSILON, BATCH_NORM_MOMENTUM } from './ops/batch-norm';
import type { Model } from './model';

type Tfl = typeof TfUmbrella;
type TflLayer = TfUmbrella.layers.Layer;

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/** One layer's trained values, copied out of the trainer in Keras's layouts (the order tfjs-layers' getWeights uses). */
export interface TrainedLayer {
  readonly layer: Layer;
  /** The shape a sample has on entering the layer (the network's input shape for the first). */
  readonly inputShape: Shape;
  readonly weights: readonly { readonly values: Float32Array; readonly shape: readonly number[] }[];
}

export interface ModelFiles {
  /** model.json's text; its weights manifest names weights.bin. */
  readonly modelJson: string;
  readonly weights: Uint8Array;
  /** Parameters in the file (trainable and moving statistics), what tfjs's countParams() says. */
  readonly params: number;
}

const raw = (v: Variable): Float32Array => (v.dataSync() as Float32Array).slice();

/**
 * How each kind's variables become Keras's weights: the trainer keeps dense
 * and recurrent kernels transposed ([units, inputs], see dense-kernel.ts) and
 * biases as columns; Keras wants [inputs, units] and flat biases.
 */
type ReadWeights = (model: Model, opIndex: number) => TrainedLayer['weights'];

const none: ReadWeights = () => [];

const kernelAndBias: ReadWeights = (model, i) => {
  const op = model.ops[i]!;
  const w = op.weights!;
  const kernel = { values: w.readKernel(), shape: w.shape ? [...w.shape] : [w.rows, w.cols] };
  return w.bias ? [kernel, { values: raw(w.bias), shape: [w.bias.size] }] : [kernel];
};

const recurrent: ReadWeights = (model, i) => {
  const op = model.ops[i]!;
  const w = op.weights!;
  const [, recurrentKernel, bias] = op.variables as Variable[];
  const [rows, units] = recurrentKernel!.shape as [number, number];
  return [
    { values: w.readKernel(), shape: [w.rows, w.cols] },
    { values: transposeValues(raw(recurrentKernel!), rows, units), shape: [units, rows] },
    // A layer without biases (its own switch, or the project's biases left out) has no bias variable.
    ...(bias ? [{ values: raw(bias), shape: [rows] }] : []),
  ];
};

const batchNorm: ReadWeights = (model, i) => {
  const op = model.ops[i]!;
  return [...op.variables, ...(op.state ?? [])].map((v) => ({ values: raw(v), shape: [...v.shape] }));
};

/**
 * How each kind becomes tfjs-layers layers (a leaky ReLU is a layer of its
 * own there, since tfjs has no such activation name), or why it can't.
 */
interface KindExport<L> {
  readonly read: ReadWeights;
  /** The layers, the first of which carries `first` (the input shape) when it begins the model. */
  build(tfl: Tfl, layer: L, first: { inputShape?: number[] }): TflLayer[];
  /** Why this layer cannot be written as tfjs-layers, or null. */
  refusal?(layer: L): string | null;
}

/** An activation tfjs-layers names, or 'linear' plus a LeakyReLU layer after it. */
function withActivation(tfl: Tfl, activation: Activation, id: string, make: (act: string) => TflLayer): TflLayer[] {
  if (activation !== 'leakyRelu') return [make(activation)];
  return [make('linear'), tfl.layers.leakyReLU({ alpha: LEAKY_RELU_ALPHA, name: `${id}_leaky_relu` })];
}

const pair = (v: readonly number[]) => [v[0]!, v[1]!] as [number, number];

const KIND_EXPORTS: { readonly [K in LayerKind]: KindExport<LayerOf<K>> } = {
  // The input's shape rides on the first layer after it (batch_input_shape), as tfjs's Sequential writes it.
  input: { read: none, build: () => [] },
  dense: {
    read: kernelAndBias,
    build: (tfl, l, first) =>
      withActivation(tfl, l.activation, l.id, (activation) => tfl.layers.dense({ ...first, name: l.id, units: l.units, useBias: l.useBias, activation: activation as 'linear' })),
  },
  activation: {
    read: none,
    build: (tfl, l, first) =>
      l.activation === 'leakyRelu'
        ? [tfl.layers.leakyReLU({ ...first, name: l.id, alpha: LEAKY_RELU_ALPHA })]
        : [tfl.layers.activation({ ...first, name: l.id, activation: l.activation as 'linear' })],
  },
  dropout: { read: none, build: (tfl, l, first) => [tfl.layers.dropout({ ...first, name: l.id, rate: l.rate })] },
  flatten: { read: none, build: (tfl, l, first) => [tfl.layers.flatten({ ...first, name: l.id })] },
  reshape: { read: none, build: (tfl, l, first) => [tfl.layers.reshape({ ...first, name: l.id, targetShape: [...l.targetShape] })] },
  conv2d: {
    read: kernelAndBias,
    build: (tfl, l, first) =>
      withActivation(tfl, l.activation, l.id, (activation) =>
        tfl.layers.conv2d({
          ...first,
          name: l.id,
          filters: l.filters,
          kernelSize: pair(l.kernelSize),
          strides: pair(l.strides),
          padding: l.padding,
          useBias: l.useBias,
          activation: activation as 'linear',
          dataFormat: 'channelsLast',
        }),
      ),
  },
  maxPool2d: {
    read: none,
    build: (tfl, l, first) => [tfl.layers.maxPooling2d({ ...first, name: l.id, poolSize: pair(l.poolSize), strides: pair(l.strides), padding: l.padding })],
  },
  avgPool2d: {
    read: none,
    build: (tfl, l, first) => [tfl.layers.averagePooling2d({ ...first, name: l.id, poolSize: pair(l.poolSize), strides: pair(l.strides), padding: l.padding })],
  },
  globalAvgPool2d: { read: none, build: (tfl, l, first) => [tfl.layers.globalAveragePooling2d({ ...first, name: l.id })] },
  batchNorm: {
    read: batchNorm,
    build: (tfl, l, first) => [tfl.layers.batchNormalization({ ...first, name: l.id, axis: -1, momentum: BATCH_NORM_MOMENTUM, epsilon: BATCH_NORM_EPSILON })],
  },
  simpleRnn: {
    read: recurrent,
    build: (tfl, l, first) => [tfl.layers.simpleRNN({ ...first, name: l.id, units: l.units, returnSequences: l.returnSequences, useBias: l.useBias, activation: 'tanh' })],
  },
  // tfjs's default recurrent activation is hard sigmoid; Densely's (and Keras 2.3+'s) is the sigmoid.
  lstm: {
    read: recurrent,
    build: (tfl, l, first) => [
      tfl.layers.lstm({ ...first, name: l.id, units: l.units, returnSequences: l.returnSequences, useBias: l.useBias, activation: 'tanh', recurrentActivation: 'sigmoid' }),
    ],
  },
  gru: {
    read: none,
    build: () => [],
    refusal: (l) =>
      `${l.id} is a GRU, which Densely trains as Keras does (reset_after, a second bias), and TensorFlow.js's layers have no such GRU; a network with a GRU can't be saved as a TensorFlow.js model yet.`,
  },
};

/** Why this network can't be written as a TensorFlow.js layers model, or null. */
export function exportRefusal(layers: readonly Layer[]): string | null {
  for (const layer of layers) {
    const refusal = (KIND_EXPORTS[layer.kind] as KindExport<Layer>).refusal?.(layer);
    if (refusal) return refusal;
  }
  if (layers.length < 2) return 'The network has no layer after its input, so there is no model to save.';
  return null;
}

/** Copies every layer's trained values out of the trainer, in Keras's layouts. Synchronous: call it between batches. */
export function readTrainedWeights(model: Model): TrainedLayer[] {
  let inputShape: Shape = model.ops[0]!.outputShape;
  return model.ops.map((op, i) => {
    const layer = op.layer;
    const trained = { layer, inputShape, weights: (KIND_EXPORTS[layer.kind] as KindExport<Layer>).read(model, i) };
    inputShape = op.outputShape;
    return trained;
  });
}

/** The equivalent tfjs-layers Sequential model, with the trained weights set. The caller disposes it. */
export function toLayersModel(tfl: Tfl, trained: readonly TrainedLayer[], name = 'densely'): TfUmbrella.Sequential {
  const refusal = exportRefusal(trained.map((t) => t.layer));
  if (refusal) throw new Error(refusal);
  // Keras allows letters, digits, '_', '-' and '.' in a model's name; a project's name may have anything.
  const model = tfl.sequential({ name: name.replace(/[^\w.-]+/g, '_').slice(0, 64) || 'densely' });
  const weighted: { layer: TflLayer; weights: TrainedLayer['weights'] }[] = [];
  for (const t of trained) {
    const first = model.layers.length === 0 ? { inputShape: [...t.inputShape] } : {};
    const built = (KIND_EXPORTS[t.layer.kind] as KindExport<Layer>).build(tfl, t.layer, first);
    built.forEach((l, k) => {
      model.add(l);
      // The kind's weights belong to its first layer (a LeakyReLU after it has none).
      if (k === 0 && t.weights.length > 0) weighted.push({ layer: l, weights: t.weights });
    });
  }
  for (const { layer, weights } of weighted) {
    const tensors = weights.map((w) => tfl.tensor(w.values, [...w.shape]));
    layer.setWeights(tensors);
    for (const t of tensors) t.dispose();
  }
  return model;
}

/** model.json and weights.bin of a layers model, as tfjs-layers serialises them. */
export async function modelFilesOf(tfl: Tfl, model: TfUmbrella.LayersModel): Promise<ModelFiles> {
  let files: ModelFiles | null = null;
  await model.save(
    tfl.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      const weights = new Uint8Array(data === undefined ? new ArrayBuffer(0) : new tfl.io.CompositeArrayBuffer(data).slice());
      const json: TfUmbrella.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? 'Densely',
        convertedBy: 'Densely',
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
      };
      files = { modelJson: JSON.stringify(json), weights, params: model.countParams() };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
    }),
  );
  return files!;
}

/** The trained network's files, from a copy of its weights. */
export async function exportModelFiles(trained: readonly TrainedLayer[], name?: string): Promise<ModelFiles> {
  const tfl = await import('@tensorflow/tfjs');
  const model = toLayersModel(tfl, trained, name);
  try {
    return await modelFilesOf(tfl, model);
  } finally {
    model.dispose();
  }
}

/** Writes model.json and weights.bin into `dir` (made if missing), each atomically; weights first, so a model.json never names missing weights. */
export async function writeModelFiles(dir: string, files: ModelFiles): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, WEIGHTS_BIN), Buffer.from(files.weights.buffer, files.weights.byteOffset, files.weights.byteLength), { fsync: true });
  await saveTextAtomic(join(dir, MODEL_JSON), files.modelJson);
}
