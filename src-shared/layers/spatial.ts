/**
 * What convolution and pooling share: images are height x width x channels
 * (channels last, as Keras), and a window of k with stride s over n values
 * gives ceil((n - k + 1) / s) outputs with 'valid' padding, ceil(n / s) with 'same'.
 */
import type { FieldSpec } from './fields';
import { formatShape, type Shape, type ShapeResult } from './layer-kind';
import { MAX_UNITS } from './limits';

export const PADDINGS = ['valid', 'same'] as const;
export type Padding = (typeof PADDINGS)[number];

export interface Image {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** The input as an image, or a sentence saying why it is not one and what to do. `what` is "a convolution". */
export function asImage(input: Shape | null, label: string, what: string): Image | { error: string } {
  if (input === null) return { error: `${label}: ${what} needs a layer before it; add an Input layer such as 28x28x1 first.` };
  if (input.length === 1)
    return {
      error: `${label}: ${what} needs an image (height x width x channels), but gets a flat vector of ${input[0]}; remove the Flatten or Dense before it, or add a Reshape such as 28x28x1.`,
    };
  if (input.length === 2)
    return {
      error: `${label}: ${what} needs an image with channels (height x width x channels), but gets ${formatShape(input)}; make the input ${formatShape(input)}x1, or add a Reshape to ${formatShape(input)}x1.`,
    };
  return { height: input[0]!, width: input[1]!, channels: input[2]! };
}

export function windowOutput(n: number, k: number, s: number, padding: Padding): number {
  return padding === 'same' ? Math.ceil(n / s) : Math.ceil((n - k + 1) / s);
}

/** Height and width after sliding a `window` with `strides`; an error sentence when the window does not fit. */
export function slide(image: Image, window: readonly number[], strides: readonly number[], padding: Padding, label: string, what: string): { height: number; width: number } | { error: string } {
  const [kh, kw] = window as [number, number];
  if (padding === 'valid' && (kh > image.height || kw > image.width))
    return {
      error: `${label}: a ${kh}x${kw} ${what} does not fit in a ${image.height}x${image.width} input with 'valid' padding; use a smaller ${what}, or 'same' padding.`,
    };
  return { height: windowOutput(image.height, kh, strides[0]!, padding), width: windowOutput(image.width, kw, strides[1]!, padding) };
}

export const isError = (r: object): r is { error: string } => 'error' in r;

export function pairField<L>(key: string, label: string, fallback: readonly [number, number], help: string): FieldSpec<L> {
  return { key: key as never, label, type: 'pair', min: 1, max: MAX_UNITS, default: fallback, help };
}

export function paddingField<L>(): FieldSpec<L> {
  return {
    key: 'padding' as never,
    label: 'Padding',
    type: 'choice',
    options: [
      { value: 'valid', label: 'valid', help: 'valid: the window stays inside the input, so the output shrinks by the window less one.' },
      { value: 'same', label: 'same', help: 'same: zeros pad the border, so with stride 1 the output keeps the input size.' },
    ],
    default: 'valid',
    help: 'What happens at the border.',
  };
}

export type { ShapeResult };
