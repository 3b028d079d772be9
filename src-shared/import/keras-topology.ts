/**
 * A TensorFlow.js layers model (`model.json`, as Densely's export, tfjs's
 * `model.save` or Keras's tfjs converter write it) as a Densely document:
 * the chain of layers Densely draws, with their counts, and one sentence
 * naming what it doesn't draw.
 *
 * What varies between writers, and is accepted here:
 * - the topology at `modelTopology` (tfjs) or nested under
 *   `modelTopology.model_config` (the converter, with `keras_version`), or a
 *   bare `model.to_json()` ({class_name, config});
 * - a Sequential whose config is its list of layers (Keras before 2.2.3) or
 *   `{name, layers}`; a Functional/Model chain, read in layer order;
 * - Keras 2 and tfjs's `batch_input_shape` and Keras 3's `batch_shape`, on
 *   an InputLayer, or on the first layer, or Keras 3's `build_input_shape`;
 * - Keras 3's class names and its activations as `{class_name, config}`.
 * Pure: the layers it returns are checked by the project-file schema when
 * the document loads (src-shared/graph/project-file.ts).
 */
import { z } from 'zod';
import type { Activation } from '../layers/activations';
import { MAX_LAYERS } from '../layers/limits';

/** A layer as a project file writes it; project-file.ts validates it. */
export type ImportedLayer = { readonly kind: string; readonly id: string } & Readonly<Record<string, unknown>>;

export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly quantization?: { readonly dtype: string; readonly scale?: number; readonly min?: number };
}

export interface ImportedModel {
  readonly name: string;
  readonly layers: ImportedLayer[];
  /** Class names (or activations) Densely doesn't draw, in order, with repeats. */
  readonly unknown: string[];
  /** The one sentence that names them; null when everything is drawn. */
  readonly note: string | null;
  /** The weight files the model names, in order, and what they hold, in order. */
  readonly weightPaths: string[];
  readonly weightSpecs: WeightSpec[];
  /** Which weights (by index into weightSpecs) are each layer's kernel and bias, by layer id. */
  readonly weightsOf: ReadonlyMap<string, { kernel?: number; bias?: number }>;
}

export type ImportResult = { ok: true; model: ImportedModel } | { ok: false; error: string };

const shape = z.array(z.number().int().nonnegative().nullable()).max(8);
const layerEntry = z
  .object({
    class_name: z.string().max(200),
    config: z.record(z.string(), z.unknown()).nullable().optional(),
    name: z.string().max(200).optional(),
  })
  .passthrough();
const layerList = z.array(layerEntry).max(MAX_LAYERS);
const topology = z
  .object({
    class_name: z.string().max(200),
    config: z.union([layerList, z.object({ name: z.string().max(200).optional(), layers: layerList, build_input_shape: shape.nullable().optional() }).passthrough()]),
  })
  .passthrough();
const weightSpec = z
  .object({
    name: z.string().max(500),
    shape: z.array(z.number().int().nonnegative()).max(8),
    dtype: z.string().max(20),
    quantization: z.object({ dtype: z.string().max(20), scale: z.number().optional(), min: z.number().optional() }).passthrough().optional(),
  })
  .passthrough();
const modelJson = z
  .object({
    modelTopology: z.union([z.object({ model_config: topology }).passthrough(), topology]),
    format: z.string().max(100).optional(),
    weightsManifest: z.array(z.object({ paths: z.array(z.string().max(500)).max(1000), weights: z.array(weightSpec).max(100_000) }).passthrough()).max(1000).optional(),
  })
  .passthrough();

/** Whether parsed JSON is a model.json (or a bare Keras topology) rather than a Densely project. */
export function isLayersModelJson(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const r = raw as Record<string, unknown>;
  return 'modelTopology' in r || (typeof r.class_name === 'string' && 'config' in r && !('format' in r && r.format === 'densely-project'));
}

const ACTIVATIONS: Readonly<Record<string, Activation>> = {
  linear: 'linear',
  relu: 'relu',
  elu: 'elu',
  gelu: 'gelu',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
  leaky_relu: 'leakyRelu',
  leakyRelu: 'leakyRelu',
};

type Config = Readonly<Record<string, unknown>>;

interface Context {
  /** Names Densely doesn't draw, as the sentence will say them. */
  readonly unknown: string[];
}

/** Keras 2 and tfjs write an activation's name; Keras 3 may write {class_name: 'function', config: 'relu'}. */
function activationOf(value: unknown, ctx: Context): Activation {
  const name = typeof value === 'string' ? value : typeof value === 'object' && value !== null ? ((value as Config).config ?? (value as Config).class_name) : 'linear';
  const known = typeof name === 'string' ? ACTIVATIONS[name] : undefined;
  if (known) return known;
  ctx.unknown.push(`${typeof name === 'string' ? name : 'an unnamed'} activation`);
  return 'linear';
}

/** 3 or [3, 3] (Keras writes either) as a pair. */
function pairOf(value: unknown, fallback: [number, number]): [number, number] {
  if (typeof value === 'number') return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')) return [value[0] as number, value[1] as number];
  return fallback;
}

const paddingOf = (value: unknown): 'valid' | 'same' => (value === 'same' ? 'same' : 'valid');
const bool = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);

/** One Keras layer as Densely layers ([] when it has no Densely counterpart). */
type Converter = (c: Config, id: string, ctx: Context) => Omit<ImportedLayer, 'id'>[] | null;

const pooling =
  (kind: 'maxPool2d' | 'avgPool2d'): Converter =>
  (c) => {
    const poolSize = pairOf(c.pool_size, [2, 2]);
    return [{ kind, poolSize, strides: c.strides == null ? poolSize : pairOf(c.strides, poolSize), padding: paddingOf(c.padding) }];
  };

const recurrent =
  (kind: 'simpleRnn' | 'lstm' | 'gru'): Converter =>
  (c) => [{ kind, units: c.units, returnSequences: bool(c.return_sequences, false), useBias: bool(c.use_bias, true) }];

/** Keras class names (and Keras 3's aliases) Densely draws; anything else is named in the sentence. */
const CONVERTERS: Readonly<Record<string, Converter>> = {
  Dense: (c, _id, ctx) => [{ kind: 'dense', units: c.units, activation: activationOf(c.activation, ctx), useBias: bool(c.use_bias, true) }],
  Activation: (c, _id, ctx) => [{ kind: 'activation', activation: activationOf(c.activation, ctx) }],
  ReLU: () => [{ kind: 'activation', activation: 'relu' }],
  Softmax: () => [{ kind: 'activation', activation: 'softmax' }],
  ELU: () => [{ kind: 'activation', activation: 'elu' }],
  LeakyReLU: () => [{ kind: 'activation', activation: 'leakyRelu' }],
  Dropout: (c) => [{ kind: 'dropout', rate: c.rate }],
  Flatten: () => [{ kind: 'flatten' }],
  Reshape: (c) => [{ kind: 'reshape', targetShape: c.target_shape }],
  Conv2D: (c, _id, ctx) =>
    c.data_format === 'channels_first'
      ? null
      : [
          {
            kind: 'conv2d',
            filters: c.filters,
            kernelSize: pairOf(c.kernel_size, [3, 3]),
            strides: pairOf(c.strides, [1, 1]),
            padding: paddingOf(c.padding),
            activation: activationOf(c.activation, ctx),
            useBias: bool(c.use_bias, true),
          },
        ],
  MaxPooling2D: pooling('maxPool2d'),
  MaxPool2D: pooling('maxPool2d'),
  AveragePooling2D: pooling('avgPool2d'),
  AvgPool2D: pooling('avgPool2d'),
  GlobalAveragePooling2D: () => [{ kind: 'globalAvgPool2d' }],
  GlobalAvgPool2D: () => [{ kind: 'globalAvgPool2d' }],
  BatchNormalization: () => [{ kind: 'batchNorm' }],
  SimpleRNN: recurrent('simpleRnn'),
  LSTM: recurrent('lstm'),
  // Densely's GRU is Keras's default, reset_after (two biases); tfjs's and Keras 1's is not, and counts differently.
  GRU: (c, id, ctx) => (c.reset_after === false ? null : recurrent('gru')(c, id, ctx)),
  CuDNNGRU: (c, id, ctx) => recurrent('gru')(c, id, ctx),
  CuDNNLSTM: (c, id, ctx) => recurrent('lstm')(c, id, ctx),
};

/** The input shape a layer's config gives, batch dimension dropped: Keras 2 and tfjs's batch_input_shape, Keras 3's batch_shape. */
function declaredInput(c: Config | null | undefined): (number | null)[] | null {
  const s = c?.batch_input_shape ?? c?.batch_shape;
  if (Array.isArray(s)) return (s as (number | null)[]).slice(1);
  if (Array.isArray(c?.input_shape)) return c.input_shape as (number | null)[];
  return null;
}

/** A Keras layer name as a Densely id: at most 64 characters, unique in the document. */
function uniqueId(name: string, taken: Set<string>): string {
  const base = (name.trim() || 'layer').slice(0, 60);
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  taken.add(id);
  return id;
}

const list = (names: readonly string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

/** The one sentence about what isn't drawn, e.g. "This model has 2 layers Densely doesn't draw: Lambda and MultiHeadAttention; the rest is shown." */
export function unknownSentence(unknown: readonly string[]): string | null {
  if (unknown.length === 0) return null;
  const distinct = [...new Set(unknown)];
  const n = unknown.length;
  return `This model has ${n === 1 ? 'a layer' : `${n} layers`} Densely doesn't draw: ${list(distinct)}; the rest is shown.`;
}

/** Converts a parsed model.json (or bare Keras topology) to Densely layers. */
export function convertLayersModel(raw: unknown, fallbackName = 'Imported model'): ImportResult {
  const wrapped = typeof raw === 'object' && raw !== null && !('modelTopology' in raw) ? { modelTopology: raw } : raw;
  const parsed = modelJson.safeParse(wrapped);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: `The model.json is not one TensorFlow.js or Keras writes (${issue.path.join('.') || 'the whole file'}: ${issue.message}); open a model.json saved by Densely, tfjs or the Keras converter.` };
  }
  const top = 'model_config' in parsed.data.modelTopology ? (parsed.data.modelTopology.model_config as z.output<typeof topology>) : (parsed.data.modelTopology as z.output<typeof topology>);
  const config = top.config;
  const entries = Array.isArray(config) ? config : config.layers;
  const name = (!Array.isArray(config) && config.name) || fallbackName;
  const ctx: Context = { unknown: [] };
  const taken = new Set<string>();
  const layers: ImportedLayer[] = [];
  const keptNames: { id: string; keras: string }[] = [];

  // The input: an InputLayer, else the first layer's declared shape, else Keras 3's build_input_shape.
  const inputEntry = entries.find((e) => e.class_name === 'InputLayer');
  let inputShape = inputEntry ? declaredInput(inputEntry.config) : null;
  inputShape ??= entries.map((e) => declaredInput(e.config)).find((s) => s !== null) ?? null;
  if (!inputShape && !Array.isArray(config) && Array.isArray(config.build_input_shape)) inputShape = config.build_input_shape.slice(1);
  if (!inputShape)
    return { ok: false, error: "The model doesn't say the shape of its input (no InputLayer and no batch_input_shape), so Densely can't count it; save it from a model that has been built." };
  if (inputShape.some((d) => d === null))
    return { ok: false, error: `The model's input shape [${inputShape.map((d) => d ?? 'None').join(', ')}] has a size left open; Densely draws and counts fixed shapes only.` };
  const inputName = (inputEntry?.config?.name as string | undefined) ?? inputEntry?.name ?? 'input_1';
  layers.push({ kind: 'input', id: uniqueId(inputName, taken), shape: inputShape as number[] });

  for (const entry of entries) {
    if (entry.class_name === 'InputLayer') continue;
    const c: Config = entry.config ?? {};
    const kerasName = typeof c.name === 'string' ? c.name : (entry.name ?? entry.class_name.toLowerCase());
    const convert = CONVERTERS[entry.class_name];
    const converted = convert ? convert(c, kerasName, ctx) : null;
    if (!converted) {
      ctx.unknown.push(entry.class_name);
      continue;
    }
    converted.forEach((l, k) => {
      const id = uniqueId(k === 0 ? kerasName : `${kerasName}_${l.kind}`, taken);
      layers.push({ ...l, id } as ImportedLayer);
      if (k === 0) keptNames.push({ id, keras: kerasName });
    });
  }

  const manifest = parsed.data.weightsManifest ?? [];
  const weightPaths = manifest.flatMap((g) => g.paths);
  const weightSpecs: WeightSpec[] = manifest.flatMap((g) => g.weights);
  const weightsOf = new Map<string, { kernel?: number; bias?: number }>();
  for (const { id, keras } of keptNames) {
    const found: { kernel?: number; bias?: number } = {};
    weightSpecs.forEach((spec, i) => {
      const parts = spec.name.replace(/:\d+$/, '').split('/');
      const what = parts.at(-1);
      if (!parts.slice(0, -1).includes(keras)) return;
      if (what === 'kernel' && found.kernel === undefined) found.kernel = i;
      else if (what === 'bias' && found.bias === undefined) found.bias = i;
    });
    if (found.kernel !== undefined) weightsOf.set(id, found);
  }
  return { ok: true, model: { name: String(name).slice(0, 200), layers, unknown: ctx.unknown, note: unknownSentence(ctx.unknown), weightPaths, weightSpecs, weightsOf } };
}
