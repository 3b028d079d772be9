/**
 * The decision boundary's colours, as pure functions from the trainer's frame
 * to RGBA pixels: Playground's scheme in the canvas's colours. Two classes
 * share one diverging scale (class 0 blue, class 1 orange, an undecided 0.5
 * near white), a regression's value the neurons' scale (blue below zero,
 * orange above), and three classes or more each their own colour, paler
 * where the network is less sure. The background stops short of the full
 * colour so that the points, drawn at full colour on top, stand out.
 */
import type { EventPayload } from '../../src-shared/protocol/contract';
import { divergingRgb } from '../canvas/feature-maps';

export type BoundaryFrame = Omit<EventPayload<'boundary'>, 'runId'>;
export type BoundaryPoints = Omit<EventPayload<'boundaryPoints'>, 'runId'>;
type Rgb = [number, number, number];

/** How far towards its class colour the background goes where the network is certain. */
export const BACKGROUND_STRENGTH = 0.55;

/** Class colours: the canvas's blue and orange first (class 0 and 1, as the neurons' negative and positive), then distinct hues. */
export const CLASS_COLORS = ['#1d4ed8', '#c2410c', '#15803d', '#7e22ce', '#be185d', '#0e7490', '#a16207', '#4d7c0f', '#b91c1c', '#374151'] as const;

export function classColor(k: number): string {
  return CLASS_COLORS[((Math.round(k) % CLASS_COLORS.length) + CLASS_COLORS.length) % CLASS_COLORS.length]!;
}

function hexRgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function mixWhite(c: Rgb, share: number): Rgb {
  const s = Math.max(0, Math.min(1, share));
  return c.map((v) => Math.round(255 + (v - 255) * s)) as Rgb;
}

/**
 * The background's colour at one grid cell. `limit` is where a regression's
 * value saturates; `classes` how many classes an arg-max map has.
 */
export function boundaryRgb(kind: BoundaryFrame['kind'], v: number, confidence: number, limit: number, classes: number): Rgb {
  if (!Number.isFinite(v)) return [0, 0, 0];
  if (kind === 'probability') return divergingRgb((Math.max(0, Math.min(1, v)) - 0.5) * 2 * BACKGROUND_STRENGTH, 1);
  if (kind === 'value') return divergingRgb(Math.max(-1, Math.min(1, v / (limit || 1))) * BACKGROUND_STRENGTH, 1);
  // Certainty from chance (1/classes) to sure (1).
  const chance = 1 / Math.max(2, classes);
  return mixWhite(hexRgb(classColor(v)), (BACKGROUND_STRENGTH * (confidence - chance)) / (1 - chance));
}

/** A point's colour: its class's, or for a regression its target's on the value scale, at full strength. */
export function pointColor(kind: BoundaryFrame['kind'], label: number, limit: number): string {
  if (kind !== 'value') return classColor(label);
  const [r, g, b] = divergingRgb(label, limit || 1);
  return `rgb(${r}, ${g}, ${b})`;
}

/** Where a regression's colours saturate: the largest target among the points, so the background and points share one scale. */
export function valueLimit(labels: ArrayLike<number> | undefined, output: ArrayLike<number>): number {
  let m = 0;
  const take = (a: ArrayLike<number>) => {
    for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i]!) && Math.abs(a[i]!) > m) m = Math.abs(a[i]!);
  };
  if (labels && labels.length) take(labels);
  else take(output);
  return m || 1;
}

/** The frame as size x size RGBA pixels, row 0 at the top, as the trainer lays the grid out. */
export function heatmapPixels(frame: Pick<BoundaryFrame, 'kind' | 'size' | 'output' | 'confidence'>, limit: number, classes: number): Uint8ClampedArray<ArrayBuffer> {
  const n = frame.size * frame.size;
  const px = new Uint8ClampedArray(n * 4);
  for (let k = 0; k < n; k++) {
    const [r, g, b] = boundaryRgb(frame.kind, frame.output[k] ?? Number.NaN, frame.confidence?.[k] ?? 1, limit, classes);
    px[4 * k] = r;
    px[4 * k + 1] = g;
    px[4 * k + 2] = b;
    px[4 * k + 3] = 255;
  }
  return px;
}

/** A short fingerprint of the map's values, so a test (or a person in devtools) can see it change between frames. */
export function outputChecksum(output: ArrayLike<number>): string {
  let s = 0;
  for (let i = 0; i < output.length; i++) s += (output[i]! || 0) * ((i % 97) + 1);
  return s.toFixed(3);
}
