/**
 * Code export, run for real: every template and the networks of networks.ts, in each target.
 * - TensorFlow.js: the module is imported in Node (cpu backend); countParams() and the output shape equal Densely's.
 * - PyTorch: Debian's python3-torch runs every file in one process (harness.py): sum(p.numel()) equals Densely's
 *   total apart from the differences the file's comment names, which are worked out here by hand; the forward pass
 *   gives Densely's output shape; the training loop runs one epoch on a tiny batch.
 * - Keras (not installed here): the file parses, and its layers and arguments are the ones written out below.
 * Expected counts come from the summary (itself checked against tf.layers in trainer/layer-counts.test.ts) and
 * from the arithmetic in the comments, never from the generators.
 */
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { countsBiases } from '../../src-shared/graph/document';
import { summarize } from '../../src-shared/graph/summary';
import { exportCode, type ExportTarget } from '../../src-shared/export/index';
import { EXPORT_NETWORKS } from './networks';

const dir = mkdtempSync(join(tmpdir(), 'densely-export-'));
// The exported module imports '@tensorflow/tfjs' as any app would: give its folder this project's packages.
symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));

function write(id: string, target: ExportTarget): { path: string; text: string } {
  const doc = EXPORT_NETWORKS.find((n) => n.id === id)!.doc;
  const result = exportCode(doc, target);
  if (!result.ok) throw new Error(result.error);
  const path = join(dir, `${id.replace(/-/g, '_')}_${target}.${target === 'tfjs' ? 'mjs' : 'py'}`);
  writeFileSync(path, result.text);
  return { path, text: result.text };
}

function densely(id: string) {
  const doc = EXPORT_NETWORKS.find((n) => n.id === id)!.doc;
  const s = summarize(doc.layers, { countBiases: countsBiases(doc) });
  expect(s.errors).toEqual([]);
  return { doc, total: s.totals.params, output: s.layers.at(-1)!.outputShape! };
}

/**
 * PyTorch's count minus Densely's, layer by layer, by hand: an RNN or LSTM with biases has two bias vectors where Keras has one
 * (units more per gate), a GRU has two as Keras's reset_after does (no difference), and batch norm's moving mean and
 * variance are buffers, not parameters (2 x channels fewer).
 */
const TORCH_DIFFERENCES: Record<string, number[]> = {
  'lecture-3-4-1': [],
  'lecture-3-4-3-2': [],
  'lecture-digits': [],
  'lecture-cnn': [],
  'lecture-lstm': [4 * 64],
  'every-kind': [-2 * 4, 5, 4 * 3, -2 * 3],
  'every-kind-no-biases': [-2 * 4, -2 * 3],
  pooling: [-2 * 5],
  'recurrent-last': [4 * 5],
};

const pythonEnv = (): NodeJS.ProcessEnv => {
  // The machine's OpenBLAS tuning variables make Debian's torch abort on this CPU; the exported code runs without them.
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
};

describe('TensorFlow.js export, imported in Node', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const { id } of EXPORT_NETWORKS) {
    it(`${id}: countParams() and the output shape are Densely's`, async () => {
      const { doc, total, output } = densely(id);
      const { path } = write(id, 'tfjs');
      const module = (await import(/* @vite-ignore */ pathToFileURL(path).href)) as {
        buildModel: () => tf.LayersModel;
        compileModel: (m: tf.LayersModel) => tf.LayersModel;
        NAME: string;
      };
      expect(module.NAME).toBe(doc.name);
      const model = module.buildModel();
      try {
        expect(model.countParams()).toBe(total);
        expect(model.outputs[0]!.shape).toEqual([null, ...output]);
        // tf.sequential accepts two layers of one name, but saving and loading the model (model.json) does not.
        const names = model.layers.map((l) => l.name);
        expect(new Set(names).size).toBe(names.length);
        module.compileModel(model);
      } finally {
        model.dispose();
      }
    });
  }

  it('every-kind: one epoch of fit() through the GRU written into the module changes its weights', async () => {
    const module = (await import(/* @vite-ignore */ pathToFileURL(write('every-kind', 'tfjs').path).href)) as {
      buildModel: () => tf.LayersModel;
      compileModel: (m: tf.LayersModel) => tf.LayersModel;
    };
    const model = module.compileModel(module.buildModel());
    const gruBefore = model.getLayer('gru_1').getWeights().map((w) => w.arraySync());
    const xs = tf.randomNormal([4, 12, 12, 2], 0, 1, 'float32', 1);
    const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 0], 'int32'), 3);
    const history = await model.fit(xs, ys, { epochs: 1, batchSize: 4 });
    expect(Number.isFinite(history.history.loss![0] as number)).toBe(true);
    const gruAfter = model.getLayer('gru_1').getWeights();
    // 5 features in from the SimpleRNN, 3 gates x 4 units: kernel 5 x 12, recurrent kernel 4 x 12, two bias vectors 2 x 12.
    expect(gruAfter.map((w) => w.shape)).toEqual([[5, 12], [4, 12], [2, 12]]);
    expect(gruAfter[0]!.arraySync()).not.toEqual(gruBefore[0]);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});

interface TorchResult {
  readonly name: string;
  readonly params: number;
  readonly outputShape: number[];
  readonly trained: string;
}

describe('PyTorch export, run by python3 with Debian\'s python3-torch', () => {
  let results: Record<string, TorchResult> = {};
  const files: Record<string, { path: string; text: string }> = {};

  beforeAll(() => {
    const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch, numpy'], { env: pythonEnv(), encoding: 'utf8' });
    if (probe.status !== 0)
      throw new Error('PyTorch is missing: these tests run the exported PyTorch code with Debian\'s python3-torch; run `apt-get install python3-torch` (as root) and run them again.');
    const jobs = EXPORT_NETWORKS.map(({ id }) => {
      files[id] = write(id, 'pytorch');
      return { path: files[id]!.path, target: 'pytorch' };
    });
    const run = spawnSync('/usr/bin/python3', [resolve('src-main/export/harness.py')], { input: JSON.stringify(jobs), env: pythonEnv(), encoding: 'utf8', timeout: 240_000 });
    if (run.status !== 0) throw new Error(`The PyTorch harness failed: ${run.stderr}`);
    results = JSON.parse(run.stdout) as Record<string, TorchResult>;
  }, 300_000);

  for (const { id } of EXPORT_NETWORKS) {
    it(`${id}: sum(p.numel()) is Densely's total plus the differences its comment states, and the shapes are Densely's`, () => {
      const { doc, total, output } = densely(id);
      const r = results[files[id]!.path]!;
      expect(r.name).toBe(doc.name);
      const differences = TORCH_DIFFERENCES[id]!;
      expect(r.params - total).toBe(differences.reduce((a, b) => a + b, 0));
      // The file says each difference, with its number, beside the layer it belongs to.
      const said = [...files[id]!.text.matchAll(/^# {3}\S+: .*\(([+-][\d,]+)\)\.$/gm)].map((m) => Number(m[1]!.replace(/,/g, '')));
      expect(said).toEqual(differences);
      if (differences.length === 0) expect(files[id]!.text).toContain(`gives ${total.toLocaleString('en-US')}, the same.`);
      else expect(files[id]!.text).toContain(`gives ${(total + differences.reduce((a, b) => a + b, 0)).toLocaleString('en-US')}, not ${total.toLocaleString('en-US')}`);
      expect(r.outputShape).toEqual([...output]);
      expect(r.trained).toMatch(/^epoch 1\/1: loss \d+\.\d{4}/);
    });
  }
});

describe('Keras export, as text', () => {
  /** The build_model() list, one entry a layer, without the comments. */
  const layerCalls = (text: string) =>
    text
      .slice(text.indexOf('return tf.keras.Sequential(['), text.indexOf('    ])'))
      .split('\n')
      .slice(1)
      .map((l) => l.trim().replace(/\),\s+#.*$/, ')'))
      .filter((l) => l !== '');

  const expected: Record<string, string[]> = {
    'lecture-3-4-1': [
      'tf.keras.Input(shape=(3,), name="input_1")',
      'layers.Dense(4, activation="relu", use_bias=False, name="dense_1")',
      'layers.Dense(1, activation="sigmoid", use_bias=False, name="dense_2")',
    ],
    'lecture-cnn': [
      'tf.keras.Input(shape=(28, 28, 1), name="input_1")',
      'layers.Conv2D(16, (3, 3), strides=(1, 1), padding="valid", activation="relu", use_bias=True, name="conv2d_1")',
      'layers.MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding="valid", name="max_pooling2d_1")',
      'layers.Conv2D(32, (3, 3), strides=(1, 1), padding="valid", activation="relu", use_bias=True, name="conv2d_2")',
      'layers.MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding="valid", name="max_pooling2d_2")',
      'layers.Flatten(name="flatten_1")',
      'layers.Dense(32, activation="relu", use_bias=True, name="dense_1")',
      'layers.Dense(10, activation="softmax", use_bias=True, name="dense_2")',
    ],
    'lecture-lstm': [
      'tf.keras.Input(shape=(28, 28), name="input_1")',
      'layers.LSTM(64, return_sequences=False, use_bias=True, name="lstm_1")',
      'layers.Dense(10, activation="softmax", use_bias=True, name="dense_1")',
    ],
    'every-kind': [
      'tf.keras.Input(shape=(12, 12, 2), name="input_1")',
      'layers.Conv2D(4, (3, 3), strides=(1, 1), padding="same", activation=tf.nn.leaky_relu, use_bias=True, name="conv2d_1")',
      'layers.BatchNormalization(momentum=0.99, epsilon=0.001, name="batchNorm_1")',
      'layers.MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding="valid", name="maxPool2d_1")',
      'layers.Conv2D(6, (3, 3), strides=(2, 2), padding="same", activation="elu", use_bias=False, name="conv2d_2")',
      'layers.AveragePooling2D(pool_size=(2, 2), strides=(1, 1), padding="same", name="avgPool2d_1")',
      'layers.Activation("gelu", name="activation_1")',
      'layers.Dropout(0.25, name="dropout_1")',
      'layers.Reshape((9, 6), name="reshape_1")',
      'layers.SimpleRNN(5, return_sequences=True, use_bias=True, name="simpleRnn_1")',
      'layers.GRU(4, return_sequences=True, use_bias=True, reset_after=True, name="gru_1")',
      'layers.LSTM(3, return_sequences=True, use_bias=True, name="lstm_1")',
      'layers.BatchNormalization(momentum=0.99, epsilon=0.001, name="batchNorm_2")',
      'layers.Flatten(name="flatten_1")',
      'layers.Dense(8, activation="tanh", use_bias=True, name="dense_1")',
      'layers.Activation(tf.nn.leaky_relu, name="activation_2")',
      'layers.Dense(3, activation="softmax", use_bias=True, name="dense_2")',
    ],
    'recurrent-last': [
      'tf.keras.Input(shape=(6, 4), name="input_1")',
      'layers.LSTM(5, return_sequences=True, use_bias=True, name="class_layer")',
      'layers.SimpleRNN(3, return_sequences=False, use_bias=False, name="layer_2_rnn_layer")',
      'layers.Dense(2, activation="sigmoid", use_bias=True, name="dense_1")',
    ],
  };

  for (const [id, calls] of Object.entries(expected)) {
    it(`${id}: build_model() lists these layers with these arguments`, () => {
      expect(layerCalls(write(id, 'keras').text)).toEqual(calls);
    });
  }

  it('biases left out: every layer that has biases is built without them, the recurrent ones too', () => {
    const calls = layerCalls(write('every-kind-no-biases', 'keras').text);
    const withBiasArgument = calls.filter((c) => c.includes('use_bias='));
    expect(withBiasArgument.map((c) => c.split('(')[0])).toEqual([
      'layers.Conv2D',
      'layers.Conv2D',
      'layers.SimpleRNN',
      'layers.GRU',
      'layers.LSTM',
      'layers.Dense',
      'layers.Dense',
    ]);
    for (const c of withBiasArgument) expect(c).toContain('use_bias=False');
  });

  it('the digits template compiles and fits as the lecture did: Adam 0.001, cross entropy, batch 128, 10 epochs, 20% held out', () => {
    const { text } = write('lecture-digits', 'keras');
    expect(text).toContain('model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.001), loss="categorical_crossentropy", metrics=["accuracy"])');
    expect(text).toContain('BATCH_SIZE = 128\nEPOCHS = 10\nVALIDATION_SPLIT = 0.2\nSEED = 42');
    expect(text).toContain('model.fit(x, y, batch_size=BATCH_SIZE, epochs=epochs, validation_split=VALIDATION_SPLIT, shuffle=True)');
    expect(text).toContain('# model.count_params() gives 899,260, the same.');
  });

  it('every file parses as Python, and NAME holds the network\'s name whatever characters it has', () => {
    const jobs = EXPORT_NETWORKS.map(({ id }) => ({ id, path: write(id, 'keras').path, target: 'keras' }));
    const run = spawnSync('/usr/bin/python3', [resolve('src-main/export/harness.py')], { input: JSON.stringify(jobs), env: pythonEnv(), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as Record<string, { name: string }>;
    for (const j of jobs) expect(out[j.path]!.name).toBe(EXPORT_NETWORKS.find((n) => n.id === j.id)!.doc.name);
  });
});
