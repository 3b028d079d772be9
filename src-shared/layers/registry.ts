/**
 * The layer registry: one entry per kind. Everything that depends on a kind
 * (shape, count, schema, fields, drawing) is looked up here; adding a kind is
 * its spec file plus one line in each list below (docs/layer-kinds.md).
 */
import { z } from 'zod';
import { activationKind, type ActivationLayer } from './activation';
import { avgPool2dKind, type AvgPool2DLayer } from './avg-pool2d';
import { batchNormKind, type BatchNormLayer } from './batch-norm';
import { conv2dKind, type Conv2DLayer } from './conv2d';
import { denseKind, type DenseLayer } from './dense';
import { dropoutKind, type DropoutLayer } from './dropout';
import { flattenKind, type FlattenLayer } from './flatten';
import { globalAvgPool2dKind, type GlobalAvgPool2DLayer } from './global-avg-pool2d';
import { inputKind, type InputLayer } from './input';
import type { LayerKindSpec } from './layer-kind';
import { gruKind, type GruLayer } from './gru';
import { lstmKind, type LstmLayer } from './lstm';
import { maxPool2dKind, type MaxPool2DLayer } from './max-pool2d';
import { reshapeKind, type ReshapeLayer } from './reshape';
import { simpleRnnKind, type SimpleRnnLayer } from './simple-rnn';

export type Layer =
  | InputLayer
  | DenseLayer
  | ActivationLayer
  | DropoutLayer
  | FlattenLayer
  | Conv2DLayer
  | MaxPool2DLayer
  | AvgPool2DLayer
  | GlobalAvgPool2DLayer
  | BatchNormLayer
  | ReshapeLayer
  | SimpleRnnLayer
  | LstmLayer
  | GruLayer;
export type LayerKind = Layer['kind'];
export type LayerOf<K extends LayerKind> = Extract<Layer, { kind: K }>;

export const LAYER_KINDS: { readonly [K in LayerKind]: LayerKindSpec<LayerOf<K>> } = {
  input: inputKind,
  dense: denseKind,
  activation: activationKind,
  dropout: dropoutKind,
  flatten: flattenKind,
  conv2d: conv2dKind,
  maxPool2d: maxPool2dKind,
  avgPool2d: avgPool2dKind,
  globalAvgPool2d: globalAvgPool2dKind,
  batchNorm: batchNormKind,
  reshape: reshapeKind,
  simpleRnn: simpleRnnKind,
  lstm: lstmKind,
  gru: gruKind,
};

/** Palette order. */
export const LAYER_KIND_ORDER: readonly LayerKind[] = [
  'input',
  'dense',
  'activation',
  'dropout',
  'flatten',
  'conv2d',
  'maxPool2d',
  'avgPool2d',
  'globalAvgPool2d',
  'batchNorm',
  'reshape',
  'simpleRnn',
  'lstm',
  'gru',
];

export function kindSpec<K extends LayerKind>(kind: K): LayerKindSpec<LayerOf<K>> {
  return LAYER_KINDS[kind];
}

/** Any layer's spec, for code that handles every kind alike (the summary, the inspector, the canvas). */
export function specOf(layer: Layer): LayerKindSpec<Layer> {
  return LAYER_KINDS[layer.kind] as unknown as LayerKindSpec<Layer>;
}

const kindNames = Object.keys(LAYER_KINDS) as LayerKind[];

/** Parses one layer in two steps, so that a failure names the real problem: first the kind, then that kind's own fields. */
export function parseLayer(raw: unknown): z.ZodSafeParseResult<Layer> {
  const head = z.object({ kind: z.enum(kindNames as [LayerKind, ...LayerKind[]]) }).loose().safeParse(raw);
  if (!head.success) return head as unknown as z.ZodSafeParseResult<Layer>;
  return (LAYER_KINDS[head.data.kind].schema as z.ZodType<Layer>).safeParse(raw);
}

/** The same check as a schema, for use inside other schemas (the protocol). */
export const layerSchema = z.unknown().transform((raw, ctx): Layer => {
  const r = parseLayer(raw);
  if (r.success) return r.data;
  for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [...issue.path] });
  return z.NEVER;
});

/** Every whole-number size a layer's fields hold (units, filters, kernel sizes, shapes), for the file's size limit. */
export function layerSizes(layer: Layer): number[] {
  const out: number[] = [];
  for (const f of specOf(layer).fields) {
    const v = (layer as unknown as Record<string, unknown>)[f.key];
    if (f.type === 'integer' && typeof v === 'number') out.push(v);
    if ((f.type === 'pair' || f.type === 'shape') && Array.isArray(v)) out.push(...v.filter((d): d is number => typeof d === 'number'));
  }
  return out;
}

export type { ActivationLayer, DenseLayer, DropoutLayer, FlattenLayer, InputLayer };
