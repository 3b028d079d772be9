/**
 * The contract every layer kind fulfils. A kind is one spec file plus one line
 * in each registry list (see registry.ts and docs/layer-kinds.md): everything
 * the summary, inspector, canvas, file format and loss-fit check need is here,
 * so none of them ever switches on a kind.
 */
import type { z } from 'zod';
import type { Activation } from './activations';
import type { FieldSpec } from './fields';
import type { ParameterCount } from './parameters';

/** A tensor shape without the batch dimension, channels last: [784], [28, 28] (time x features) or [28, 28, 1]. */
export type Shape = readonly number[];

/** What shape inference says of one layer: its output shape, or why there is none. */
export type ShapeResult = { readonly shape: Shape } | { readonly error: string };

/**
 * How the canvas draws a kind. `body` is what its output looks like: 'values' follows the output shape (neurons for
 * vectors and sequences, a stack of feature maps for height x width x channels), 'cell' a recurrent cell with its loop.
 * `link` is how it joins the layer before: every value to every neuron ('dense'), each value straight across
 * ('elementwise'), a window sliding over the maps before ('window', with the receptive field drawn), or a rearrangement
 * of the same values ('reshape').
 */
export interface KindDrawing {
  readonly body: 'values' | 'cell';
  readonly link: 'dense' | 'elementwise' | 'window' | 'reshape';
  /** The palette's glyph: a neuron, a stack of maps, a cell with its loop, or a block for layers that rearrange. */
  readonly glyph: 'neuron' | 'maps' | 'cell' | 'block';
  /** The glyph's fill, any CSS background. */
  readonly tint: string;
}

/**
 * What the trainer's frames for this kind carry, and so how they are painted. Activations are the probe's values
 * (the full output with its `shape` for maps). Weights: 'links' colour the dense connections (rows = inputs,
 * cols = units), 'kernels' are small heatmaps, one per filter (rows = kh*kw*cin, cols = filters, shape
 * [kh, kw, cin, filters]), 'none' sends none.
 */
export interface KindFrames {
  readonly weights: 'links' | 'kernels' | 'none';
}

export interface LayerKindSpec<L extends { kind: string }> {
  readonly kind: L['kind'];
  /** Name shown in the palette. */
  readonly title: string;
  /** One sentence for the palette's tooltip and the inspector. */
  readonly description: string;
  /** Validates the layer's fields as they are saved (everything but the ranges, which shape inference explains). */
  readonly schema: z.ZodType<L>;
  /** The inspector's fields, in order; their defaults make a new layer (see `create`). */
  readonly fields: readonly FieldSpec<L>[];
  /** A new layer of this kind with its fields' defaults. */
  create(): Omit<L, 'id' | 'name'>;
  /**
   * The output shape, given the input shape (null for the first layer).
   * `label` names the layer in error sentences.
   */
  inferShape(input: Shape | null, layer: L, label: string): ShapeResult;
  /** The parameters as arithmetic terms, given a valid input shape. */
  countParameters(input: Shape, layer: L): ParameterCount;
  /** Two short caption lines for the canvas, e.g. ["600 units", "ReLU"], given the output shape when known. */
  caption(layer: L, output: Shape | null): readonly [string, string];
  /** The activation the layer applies last, or null when it passes its input's values through (dropout, pooling). */
  outputActivation(layer: L): Activation | null;
  /** For windowed kinds, the window on the input, for drawing the receptive field. */
  window?(layer: L, input: Shape): readonly [number, number];
  readonly drawing: KindDrawing;
  readonly frames: KindFrames;
}

export function shapeSize(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function formatShape(shape: Shape): string {
  return shape.join('x');
}
