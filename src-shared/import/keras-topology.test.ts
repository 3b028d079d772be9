/**
 * Opening model.json files as Keras's tfjs converter writes them (the
 * fixtures are written in its format: Keras 2 without an InputLayer, a
 * Keras 3 Sequential, a Keras 2 Functional chain). Expected counts are
 * Keras's own model.summary() figures for those networks, worked by hand.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProject, serializeProject } from '../graph/project-file';
import { summarize } from '../graph/summary';
import type { Layer } from '../layers/registry';
import { convertLayersModel, isLayersModelJson, unknownSentence } from './keras-topology';
import { decodeLayerWeights, MAX_WEIGHT_BYTES } from './layers-weights';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8'));

/** Converts, then loads as Densely loads any project: through the project-file schema. */
function open(raw: unknown) {
  const r = convertLayersModel(raw);
  if (!r.ok) throw new Error(r.error);
  const loaded = parseProject(serializeProject({ name: r.model.name, layers: r.model.layers as unknown as Layer[] }));
  if (!loaded.ok) throw new Error(loaded.error);
  const summary = summarize(loaded.doc.layers);
  return { model: r.model, doc: loaded.doc, summary, kinds: loaded.doc.layers.map((l) => l.kind) };
}

describe('model.json from the Keras tfjs converter', () => {
  it('Keras 2.2 MLP, no InputLayer (batch_input_shape on Flatten), nested under model_config: 101,770 parameters', () => {
    const { doc, summary, kinds, model } = open(fixture('keras2-mlp-no-input-layer.model.json'));
    expect(kinds).toEqual(['input', 'flatten', 'dense', 'dropout', 'dense']);
    expect(doc.layers[0]).toEqual({ kind: 'input', id: 'input_1', shape: [28, 28] });
    expect(doc.layers[4]).toMatchObject({ id: 'dense_1', units: 10, activation: 'softmax', useBias: true });
    expect(doc.layers[3]).toMatchObject({ rate: 0.2 });
    // 784 x 128 + 128 = 100,480; 128 x 10 + 10 = 1,290.
    expect(summary.errors).toEqual([]);
    expect(summary.totals.params).toBe(101_770);
    expect(model.note).toBeNull();
    expect(model.name).toBe('sequential');
  });

  it('Keras 3 convnet (batch_shape, module/registered_name, an activation as {class_name, config}): 34,826, and Rescaling named', () => {
    const { doc, summary, kinds, model } = open(fixture('keras3-convnet.model.json'));
    expect(kinds).toEqual(['input', 'conv2d', 'maxPool2d', 'conv2d', 'maxPool2d', 'flatten', 'dropout', 'dense']);
    expect(doc.layers[0]).toMatchObject({ id: 'input_layer', shape: [28, 28, 1] });
    expect(doc.layers[3]).toMatchObject({ id: 'conv2d_1', filters: 64, kernelSize: [3, 3], activation: 'relu' });
    // Keras's "simple MNIST convnet": 320 + 18,496 + 16,010.
    expect(summary.layers.map((l) => l.params)).toEqual([0, 320, 0, 18_496, 0, 0, 0, 16_010]);
    expect(summary.totals.params).toBe(34_826);
    expect(model.note).toBe("This model has a layer Densely doesn't draw: Rescaling; the rest is shown.");
  });

  it('Keras 2 Functional chain with an LSTM: the LSTM and Dense counted, Lambda and LayerNormalization named in one sentence', () => {
    const { summary, kinds, model } = open(fixture('keras2-functional-lstm.model.json'));
    expect(kinds).toEqual(['input', 'lstm', 'dense']);
    // 4 x (128 x (28 + 128) + 128) = 80,384; 128 x 10 + 10 = 1,290.
    expect(summary.totals.params).toBe(81_674);
    expect(model.note).toBe("This model has 2 layers Densely doesn't draw: Lambda and LayerNormalization; the rest is shown.");
    expect(model.weightsOf.get('lstm')).toEqual({ kernel: 4, bias: 6 });
    expect(model.weightPaths).toEqual(['group1-shard1of2.bin', 'group1-shard2of2.bin']);
  });

  it('tells a model.json from a Densely project', () => {
    expect(isLayersModelJson(fixture('keras3-convnet.model.json'))).toBe(true);
    expect(isLayersModelJson({ class_name: 'Sequential', config: { layers: [] } })).toBe(true);
    expect(isLayersModelJson({ format: 'densely-project', version: 1, name: 'x', layers: [] })).toBe(false);
    expect(isLayersModelJson([1, 2])).toBe(false);
  });
});

/** A small topology in tfjs's own layout (what tfjs's model.save and Densely write). */
const tfjs = (layers: unknown[], extra: object = {}) => ({ modelTopology: { class_name: 'Sequential', config: { name: 'm', layers }, ...extra }, format: 'layers-model' });

describe('real-looking topologies, one row each', () => {
  const rows: [string, unknown, string[], number, string | null][] = [
    [
      'a bare model.to_json() of Keras 2.1, config as the list of layers',
      { class_name: 'Sequential', keras_version: '2.1.6', backend: 'tensorflow', config: [{ class_name: 'Dense', config: { name: 'd', units: 4, activation: 'tanh', use_bias: true, batch_input_shape: [null, 3] } }, { class_name: 'Dense', config: { name: 'out', units: 1, activation: 'sigmoid', use_bias: true } }] },
      ['input', 'dense', 'dense'],
      3 * 4 + 4 + 4 + 1,
      null,
    ],
    [
      "Keras 3 leaky_relu activation and a LeakyReLU layer; selu is not Densely's",
      tfjs([{ class_name: 'InputLayer', config: { batch_shape: [null, 5], name: 'in' } }, { class_name: 'Dense', config: { name: 'a', units: 3, activation: 'leaky_relu' } }, { class_name: 'LeakyReLU', config: { name: 'lr', negative_slope: 0.2 } }, { class_name: 'Dense', config: { name: 'b', units: 2, activation: 'selu', use_bias: false } }]),
      ['input', 'dense', 'activation', 'dense'],
      5 * 3 + 3 + 3 * 2,
      "This model has a layer Densely doesn't draw: selu activation; the rest is shown.",
    ],
    [
      "tfjs's GRU (reset_after off, one bias) is not Densely's GRU; a channels-first Conv2D neither",
      tfjs([{ class_name: 'GRU', config: { name: 'g', units: 4, reset_after: false, batch_input_shape: [null, 6, 2] } }, { class_name: 'Conv2D', config: { name: 'c', filters: 2, kernel_size: 3, data_format: 'channels_first' } }, { class_name: 'Dense', config: { name: 'd', units: 2 } }]),
      ['input', 'dense'],
      // The Dense after the dropped layers reads the input: 6 x 2 is not a vector, so its count is 0 until edited.
      0,
      "This model has 2 layers Densely doesn't draw: GRU and Conv2D; the rest is shown.",
    ],
    [
      'pooling with strides null (Keras: the pool size), kernel_size as one number, a Softmax layer',
      tfjs([{ class_name: 'Conv2D', config: { name: 'c', filters: 4, kernel_size: 5, strides: 1, padding: 'same', activation: 'linear', batch_input_shape: [null, 8, 8, 3] } }, { class_name: 'AveragePooling2D', config: { name: 'p', pool_size: [2, 2], strides: null } }, { class_name: 'GlobalAveragePooling2D', config: { name: 'gap' } }, { class_name: 'Softmax', config: { name: 's' } }]),
      ['input', 'conv2d', 'avgPool2d', 'globalAvgPool2d', 'activation'],
      5 * 5 * 3 * 4 + 4,
      null,
    ],
  ];
  it.each(rows)('%s', (_what, raw, kinds, params, note) => {
    const r = open(raw);
    expect(r.kinds).toEqual(kinds);
    expect(r.summary.totals.params).toBe(params);
    expect(r.model.note).toBe(note);
  });

  it('refuses, in one sentence each, a model without an input shape, an open input size, and a file that is no model', () => {
    const noShape = convertLayersModel(tfjs([{ class_name: 'Dense', config: { name: 'd', units: 2 } }]));
    expect(noShape).toEqual({ ok: false, error: expect.stringMatching(/^The model doesn't say the shape of its input .*\.$/) });
    const open = convertLayersModel(tfjs([{ class_name: 'InputLayer', config: { batch_shape: [null, null, 3] } }]));
    expect(open).toEqual({ ok: false, error: "The model's input shape [None, 3] has a size left open; Densely draws and counts fixed shapes only." });
    const junk = convertLayersModel({ modelTopology: { nope: 1 } });
    expect(junk.ok).toBe(false);
    expect((junk as { error: string }).error).toMatch(/^The model\.json is not one TensorFlow\.js or Keras writes \(.*\); open a model\.json/);
  });
});

describe('the one sentence', () => {
  it('counts every unknown layer and names each kind once, in order', () => {
    expect(unknownSentence([])).toBeNull();
    expect(unknownSentence(['Lambda', 'MultiHeadAttention'])).toBe("This model has 2 layers Densely doesn't draw: Lambda and MultiHeadAttention; the rest is shown.");
    expect(unknownSentence(['Lambda', 'Add', 'Lambda'])).toBe("This model has 3 layers Densely doesn't draw: Lambda and Add; the rest is shown.");
    expect(unknownSentence(['A', 'B', 'C'])).toBe("This model has 3 layers Densely doesn't draw: A, B and C; the rest is shown.");
  });

  it('property: any chain of known and unknown layers keeps the known ones in order and names exactly the unknown ones', () => {
    const known = fc.record({ class_name: fc.constant('Dense'), units: fc.integer({ min: 1, max: 50 }) });
    const unknown = fc.record({ class_name: fc.constantFrom('Lambda', 'Add', 'Embedding', 'TimeDistributed', 'Bidirectional'), units: fc.constant(0) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.oneof(known, unknown), { maxLength: 30 }), (width, chain) => {
        const layers = [{ class_name: 'InputLayer', config: { batch_input_shape: [null, width] } }, ...chain.map((l, i) => ({ class_name: l.class_name, config: { name: `l${i}`, units: l.units, activation: 'relu' } }))];
        const r = convertLayersModel(tfjs(layers));
        if (!r.ok) return false;
        const dense = chain.filter((l) => l.class_name === 'Dense');
        const dropped = chain.filter((l) => l.class_name !== 'Dense').map((l) => l.class_name);
        expect(r.model.layers.slice(1).map((l) => l.units)).toEqual(dense.map((l) => l.units));
        expect(r.model.unknown).toEqual(dropped);
        expect(r.model.note).toBe(unknownSentence(dropped));
        return true;
      }),
    );
  });
});

describe('weights picked with model.json', () => {
  const lstm = () => {
    const r = convertLayersModel(fixture('keras2-functional-lstm.model.json'));
    if (!r.ok) throw new Error(r.error);
    return r.model;
  };
  /** Each weight filled with its own index plus its position / 1000, float32, split across the two shards. */
  const shards = () => {
    const specs = lstm().weightSpecs;
    const values = specs.flatMap((s, i) => Array.from({ length: s.shape.reduce((a, b) => a * b, 1) }, (_, k) => i + k / 1000));
    const bytes = new Uint8Array(Float32Array.from(values).buffer);
    const cut = 4 * 1000;
    return [
      { name: 'group1-shard1of2.bin', bytes: bytes.slice(0, cut) },
      { name: 'group1-shard2of2.bin', bytes: bytes.slice(cut) },
    ];
  };

  it('reads each drawn layer kernel and bias across the shards, a large kernel as its summary', () => {
    const { byLayer, note } = decodeLayerWeights(lstm(), shards());
    expect(note).toBeNull();
    const dense = byLayer.get('dense')!;
    expect(dense.cols).toBe(10);
    expect(dense.kernel!.length).toBe(1280);
    expect(dense.kernel![0]).toBe(0);
    expect(dense.kernel![1279]).toBeCloseTo(1.279, 5);
    expect(Array.from(dense.bias!.slice(0, 2))).toEqual([1, Math.fround(1.001)]);
    const cell = byLayer.get('lstm')!;
    // 28 x 512 values: more than the canvas is sent, so only its summary, as the trainer would.
    expect(cell.kernel).toBeUndefined();
    expect(cell.cols).toBe(512);
    expect(cell.summary.min).toBe(4);
    expect(cell.summary.max).toBeCloseTo(4 + 14.335, 3);
    expect(cell.bias!.length).toBe(512);
  });

  it('says, in one sentence, why weights are not drawn: a shard missing, no weight files, too many bytes, the wrong file', () => {
    const [first, second] = shards();
    expect(decodeLayerWeights(lstm(), [first!]).note).toBe('The weights are not drawn: group1-shard2of2.bin was not picked with model.json; open them together.');
    expect(decodeLayerWeights(lstm(), []).note).toBe('The weights are not drawn: open model.json together with its weight files (group1-shard1of2.bin, group1-shard2of2.bin) to see them.');
    const huge = { name: 'group1-shard2of2.bin', bytes: new Uint8Array(MAX_WEIGHT_BYTES) };
    expect(decodeLayerWeights(lstm(), [first!, huge]).note).toMatch(/^The weights are not drawn: the weight files hold 67,\d{3},\d{3} bytes, more than the 67,108,864 Densely reads/);
    const short = { name: 'group1-shard2of2.bin', bytes: second!.bytes.slice(8) };
    expect(decodeLayerWeights(lstm(), [first!, short]).note).toMatch(/^The weights are not drawn: the weight files hold .* where model\.json describes .*; they may belong to another model\.$/);
  });

  it('dequantizes uint8 weights as the converter quantizes them (min + scale x q)', () => {
    const r = convertLayersModel({
      ...tfjs([{ class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, 2] } }]),
      weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'd/kernel', shape: [2, 2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } }] }],
    });
    if (!r.ok) throw new Error(r.error);
    const { byLayer } = decodeLayerWeights(r.model, [{ name: 'w.bin', bytes: Uint8Array.from([0, 1, 2, 4]) }]);
    expect(Array.from(byLayer.get('d')!.kernel!)).toEqual([-1, -0.5, 0, 1]);
  });
});
