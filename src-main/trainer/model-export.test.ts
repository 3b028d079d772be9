/**
 * Issue 11's "done when": a model trained in Densely, exported, loads with
 * tf.loadLayersModel and predicts what Densely predicted for the same inputs,
 * within 1e-5. The files are written to disk and read back through an
 * IOHandler of our own, as a person's script would load them.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as TfUmbrella from '@tensorflow/tfjs';
import type { Layer } from '../../src-shared/layers/registry';
import { summarize } from '../../src-shared/graph/summary';
import type { TrainingSettings } from '../../src-shared/training/settings';
import { createRandom } from '../data/random';
import { chain, harness, settings } from './test-harness';
import { exportModelFiles, exportRefusal, MODEL_JSON, readTrainedWeights, WEIGHTS_BIN, writeModelFiles } from './model-export';
import { TEMPLATES } from '../../src-shared/graph/templates';
import { convertLayersModel } from '../../src-shared/import/keras-topology';
import { decodeLayerWeights } from '../../src-shared/import/layers-weights';
import { trainedLayers } from '../../src-shared/graph/trained-network';
import { useBackend } from './backend';
import { buildModel } from './model';

let tfl: typeof TfUmbrella;
let dir: string;
beforeAll(async () => {
  tfl = await import('@tensorflow/tfjs');
  dir = await mkdtemp(join(tmpdir(), 'densely-model-export-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Reads model.json and weights.bin from a folder: the IOHandler a Node script without tfjs-node writes. */
function fromFolder(folder: string): TfUmbrella.io.IOHandler {
  return {
    async load() {
      const json = JSON.parse(await readFile(join(folder, MODEL_JSON), 'utf8')) as TfUmbrella.io.ModelJSON;
      return tfl.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const chunks = await Promise.all(manifest.flatMap((group) => group.paths.map((p) => readFile(join(folder, p)))));
        const bytes = Buffer.concat(chunks);
        return [specs, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)];
      });
    },
  };
}

interface Case {
  readonly what: string;
  readonly layers: Layer[];
  readonly settings: TrainingSettings;
  readonly backend: string;
}

/** Trains the network briefly in Densely, exports it, loads it with tfjs and compares the predictions of both. */
async function roundTrip(c: Case, inputs: number[][]) {
  const h = harness(c.backend);
  try {
    const { runId } = await h.service.handlers.train({ network: { name: c.what, layers: c.layers }, settings: c.settings, stream: false, startPaused: false });
    const done = await h.waitFor('done', (d) => d.runId === runId);
    expect(done.reason).toBe('completed');
    const densely = (await h.service.handlers.predict({ inputs })).outputs;
    const files = await h.service.trainedModelFiles();
    const folder = join(dir, c.what.replace(/\W+/g, '-'));
    await writeModelFiles(folder, files);

    const model = await tfl.loadLayersModel(fromFolder(folder));
    const inputShape = summarize(c.layers).layers[0]!.outputShape!;
    const x = tfl.tensor(inputs.flat(), [inputs.length, ...inputShape]);
    const y = model.predict(x) as TfUmbrella.Tensor;
    const theirs = (await y.array()) as number[][];
    x.dispose();
    y.dispose();
    // Keras's count, from the file, equals Densely's.
    expect(model.countParams()).toBe(summarize(c.layers).totals.params);
    expect(files.params).toBe(summarize(c.layers).totals.params);
    model.dispose();
    return { densely, theirs: theirs.map((row) => row.flat()) };
  } finally {
    h.service.dispose();
  }
}

function expectClose(a: number[][], b: number[][]) {
  expect(b.length).toBe(a.length);
  let worst = 0;
  a.forEach((row, i) => row.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - b[i]![k]!)))));
  expect(worst).toBeLessThan(1e-5);
}

const rows = (count: number, size: number, seed: number, scale = 1) => {
  const r = createRandom(seed);
  return Array.from({ length: count }, () => Array.from({ length: size }, () => r.uniform(0, scale)));
};

describe('a trained model exported as TensorFlow.js layers', () => {
  it('xor, 2-8-8-1 sigmoid (the output activation in the file): tfjs predicts what Densely predicts', async () => {
    const inputs = rows(16, 2, 3, 6).map((r) => r.map((v) => v - 3));
    const { densely, theirs } = await roundTrip(
      { what: 'xor', layers: chain([2, 8, 8, 1], 'sigmoid').layers, settings: settings({ dataset: 'xor', loss: 'bce', epochs: 5, seed: 7 }), backend: 'cpu' },
      inputs,
    );
    // Outputs are probabilities, not logits: the sigmoid Densely fuses with the loss is in the model.
    expect(densely.every(([p]) => p! > 0 && p! < 1)).toBe(true);
    expect(new Set(densely.map(([p]) => p!.toFixed(3))).size).toBeGreaterThan(1);
    expectClose(densely, theirs);
  });

  it('circle, tanh hidden layers with a leaky ReLU, regression (mse, linear output)', async () => {
    const layers: Layer[] = [
      { kind: 'input', id: 'input_1', shape: [2] },
      { kind: 'dense', id: 'dense_1', units: 6, activation: 'tanh', useBias: true },
      { kind: 'dense', id: 'dense_2', units: 5, activation: 'leakyRelu', useBias: false },
      { kind: 'dense', id: 'dense_3', units: 1, activation: 'linear', useBias: true },
    ];
    const inputs = rows(12, 2, 4, 10).map((r) => r.map((v) => v - 5));
    const { densely, theirs } = await roundTrip({ what: 'circle', layers, settings: settings({ dataset: 'circle', loss: 'mse', epochs: 3, seed: 2 }), backend: 'cpu' }, inputs);
    expectClose(densely, theirs);
  });

  it('the digit MLP (28x28, flatten, ReLU, 10 softmax) on wasm: the same ten probabilities', async () => {
    const layers: Layer[] = [
      { kind: 'input', id: 'input_1', shape: [28, 28] },
      { kind: 'flatten', id: 'flatten_1' },
      { kind: 'dense', id: 'dense_1', units: 64, activation: 'relu', useBias: true },
      { kind: 'dropout', id: 'dropout_1', rate: 0.2 },
      { kind: 'dense', id: 'dense_2', units: 10, activation: 'softmax', useBias: true },
    ];
    const inputs = rows(8, 784, 5);
    const { densely, theirs } = await roundTrip(
      { what: 'digits MLP', layers, settings: settings({ dataset: 'digits', loss: 'cce', optimizer: 'adam', learningRate: 0.001, batchSize: 64, epochs: 1, validationSplit: 0.5, seed: 42 }), backend: 'wasm' },
      inputs,
    );
    densely.forEach((p) => expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5));
    expectClose(densely, theirs);
  }, 120_000);

  it('every kind tfjs-layers has: recurrent, convolution, batch norm (with its moving statistics), pools, reshape, activations', async () => {
    const layers: Layer[] = [
      { kind: 'input', id: 'input_1', shape: [28, 28] },
      { kind: 'simpleRnn', id: 'simple_rnn_1', units: 5, returnSequences: true, useBias: false },
      { kind: 'lstm', id: 'lstm_1', units: 6, returnSequences: true, useBias: true },
      { kind: 'reshape', id: 'reshape_1', targetShape: [28, 6, 1] },
      { kind: 'conv2d', id: 'conv2d_1', filters: 4, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', activation: 'leakyRelu', useBias: true },
      { kind: 'batchNorm', id: 'batch_norm_1' },
      { kind: 'activation', id: 'activation_1', activation: 'elu' },
      { kind: 'maxPool2d', id: 'max_pool_1', poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
      { kind: 'avgPool2d', id: 'avg_pool_1', poolSize: [2, 2], strides: [1, 1], padding: 'same' },
      { kind: 'conv2d', id: 'conv2d_2', filters: 3, kernelSize: [2, 2], strides: [2, 1], padding: 'same', activation: 'gelu', useBias: false },
      { kind: 'globalAvgPool2d', id: 'gap_1' },
      { kind: 'dense', id: 'dense_1', units: 12, activation: 'gelu', useBias: true },
      { kind: 'dropout', id: 'dropout_1', rate: 0.1 },
      { kind: 'dense', id: 'dense_2', units: 10, activation: 'linear', useBias: true },
      { kind: 'activation', id: 'softmax_1', activation: 'softmax' },
    ];
    const inputs = rows(4, 784, 6);
    const { densely, theirs } = await roundTrip(
      { what: 'every kind', layers, settings: settings({ dataset: 'digits', loss: 'cce', optimizer: 'adam', learningRate: 0.01, batchSize: 100, epochs: 1, validationSplit: 0.95, seed: 3 }), backend: 'cpu' },
      inputs,
    );
    expectClose(densely, theirs);
  }, 180_000);

  it('refuses a GRU, in a sentence that says why, and a network with nothing after its input', () => {
    expect(exportRefusal([{ kind: 'input', id: 'input_1', shape: [4, 3] }, { kind: 'gru', id: 'gru_1', units: 2, returnSequences: false, useBias: true }])).toMatch(
      /gru_1 is a GRU.*TensorFlow\.js's layers have no such GRU/,
    );
    expect(exportRefusal([{ kind: 'input', id: 'input_1', shape: [3] }])).toMatch(/no layer after its input/);
  });

  it('says there is nothing to export before a run, in a sentence', async () => {
    const h = harness('cpu');
    await expect(h.service.trainedModelFiles()).rejects.toThrow('There is no trained network to save as a model; train one first.');
    h.service.dispose();
  });
});

describe('the written files', () => {
  it('are model.json in tfjs layers format naming weights.bin, whose size is 4 bytes a parameter', async () => {
    const h = harness('cpu');
    try {
      const { runId } = await h.service.handlers.train({ network: chain([3, 4, 3, 2], 'softmax'), settings: settings({ dataset: 'spheres', loss: 'cce', epochs: 1 }), stream: false, startPaused: false });
      await h.waitFor('done', (d) => d.runId === runId);
      const files = await h.service.trainedModelFiles();
      const folder = join(dir, 'lecture');
      await writeModelFiles(folder, files);
      const json = JSON.parse(await readFile(join(folder, MODEL_JSON), 'utf8'));
      expect(json.format).toBe('layers-model');
      expect(json.modelTopology.class_name).toBe('Sequential');
      expect(json.modelTopology.config.layers.map((l: { class_name: string; config: { name: string; units?: number } }) => [l.class_name, l.config.name, l.config.units])).toEqual([
        ['Dense', 'dense_1', 4],
        ['Dense', 'dense_2', 3],
        ['Dense', 'dense_3', 2],
      ]);
      expect(json.modelTopology.config.layers.at(-1).config.activation).toBe('softmax');
      expect(json.weightsManifest[0].paths).toEqual([`./${WEIGHTS_BIN}`]);
      // The lecture's 39 parameters, float32.
      expect((await readFile(join(folder, WEIGHTS_BIN))).byteLength).toBe(39 * 4);
    } finally {
      h.service.dispose();
    }
  });
});

describe('opened again in Densely', () => {
  it('every template, written by tfjs-layers, opens as the same layers with the same counts, and its weights as the trainer streams them', async () => {
    const { tf } = await useBackend('cpu');
    for (const t of TEMPLATES.filter((t) => !t.doc.layers.some((l) => l.kind === 'gru'))) {
      const layers = trainedLayers(t.doc);
      const model = buildModel(tf, layers, 1);
      const trained = readTrainedWeights(model);
      const files = await exportModelFiles(trained, t.doc.name);
      const r = convertLayersModel(JSON.parse(files.modelJson));
      if (!r.ok) throw new Error(r.error);
      expect(r.model.note, t.id).toBeNull();
      expect(r.model.layers.map((l) => l.id), t.id).toEqual(layers.map((l) => l.id));
      expect(summarize(r.model.layers as unknown as Layer[]).totals, t.id).toEqual(summarize(layers).totals);
      const { byLayer, note } = decodeLayerWeights(r.model, [{ name: WEIGHTS_BIN, bytes: files.weights }]);
      expect(note).toBeNull();
      for (const w of model.weights) {
        const drawn = byLayer.get(w.layerId)!;
        expect(drawn.cols, `${t.id} ${w.layerId}`).toBe(w.cols);
        if (drawn.kernel) expect(Array.from(drawn.kernel)).toEqual(Array.from(w.readKernel()));
        if (w.bias) expect(Array.from(drawn.bias!)).toEqual(Array.from(w.bias.dataSync()));
      }
      model.dispose();
    }
  }, 120_000);
});
