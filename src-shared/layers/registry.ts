/**
 * The layer registry: one entry per kind. Everything that depends on a kind
 * (shape, count, schema, palette text) is looked up here.
 */
import { z } from 'zod';
import { activationKind, type ActivationLayer } from './activation';
import { denseKind, type DenseLayer } from './dense';
import { dropoutKind, type DropoutLayer } from './dropout';
import { flattenKind, type FlattenLayer } from './flatten';
import { inputKind, type InputLayer } from './input';
import type { LayerKindSpec } from './layer-kind';

export type Layer = InputLayer | DenseLayer | ActivationLayer | DropoutLayer | FlattenLayer;
export type LayerKind = Layer['kind'];
export type LayerOf<K extends LayerKind> = Extract<Layer, { kind: K }>;

export const LAYER_KINDS: { readonly [K in LayerKind]: LayerKindSpec<LayerOf<K>> } = {
  input: inputKind,
  dense: denseKind,
  activation: activationKind,
  dropout: dropoutKind,
  flatten: flattenKind,
};

/** Palette order. */
export const LAYER_KIND_ORDER: readonly LayerKind[] = ['input', 'dense', 'activation', 'dropout', 'flatten'];

export function kindSpec<K extends LayerKind>(kind: K): LayerKindSpec<LayerOf<K>> {
  return LAYER_KINDS[kind];
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

export type { ActivationLayer, DenseLayer, DropoutLayer, FlattenLayer, InputLayer };
