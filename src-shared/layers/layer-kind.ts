/**
 * The contract every layer kind fulfils. A kind is one entry in the registry
 * (see registry.ts); adding a kind is adding a file, never a new switch arm.
 */
import type { z } from 'zod';

/** A tensor shape without the batch dimension, e.g. [784] or [28, 28]. */
export type Shape = readonly number[];

export interface ParameterCount {
  readonly weights: number;
  readonly biases: number;
}

/** What shape inference says of one layer: its output shape, or why there is none. */
export type ShapeResult = { readonly shape: Shape } | { readonly error: string };

export interface LayerKindSpec<L extends { kind: string }> {
  readonly kind: L['kind'];
  /** Name shown in the palette. */
  readonly title: string;
  /** One sentence for the palette's tooltip and the inspector. */
  readonly description: string;
  /** Validates the layer's fields (everything but id and name). */
  readonly schema: z.ZodType<L>;
  /** A new layer of this kind with sensible defaults. */
  create(): Omit<L, 'id' | 'name'>;
  /**
   * The output shape, given the input shape (null for the first layer).
   * `label` names the layer in error sentences.
   */
  inferShape(input: Shape | null, layer: L, label: string): ShapeResult;
  /** Trainable parameters, given a valid input shape. */
  countParameters(input: Shape, layer: L): ParameterCount;
  /** A short description for canvas labels, e.g. "4, relu". */
  describe(layer: L): string;
}

export const NO_PARAMETERS: ParameterCount = Object.freeze({ weights: 0, biases: 0 });

export function shapeSize(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function formatShape(shape: Shape): string {
  return shape.join('x');
}
