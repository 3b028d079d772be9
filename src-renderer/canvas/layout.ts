/**
 * Where everything on the canvas goes: pure geometry from the summary, so it
 * can be tested without a DOM. Drawing cost is bounded by what is visible:
 * at most MAX_DRAWN_NEURONS per column, lines only between drawn neurons.
 */
import type { NetworkSummary } from '../../src-shared/graph/summary';
import { drawnNeurons } from '../../src-shared/graph/drawn-neurons';
import { ACTIVATION_INFO } from '../../src-shared/layers/activations';
import { formatShape, shapeSize } from '../../src-shared/layers/layer-kind';
import type { Layer } from '../../src-shared/layers/registry';
import { kindSpec } from '../../src-shared/layers/registry';
import { formatCount } from '../../src-shared/format';

export interface NeuronSpot {
  /** The neuron's index in its layer (0-based). */
  readonly index: number;
  readonly x: number;
  readonly y: number;
}

export interface Column {
  readonly id: string;
  readonly index: number;
  readonly kind: Layer['kind'];
  readonly x: number;
  /** Horizontal room this column owns. */
  readonly slot: number;
  readonly neurons: readonly NeuronSpot[];
  /** Where the "⋮" goes when neurons are left out. */
  readonly ellipsisY: number | null;
  readonly size: number;
  readonly top: number;
  readonly bottom: number;
  readonly caption: readonly string[];
  /** The error wrapped to lines that fit the column; empty without an error. */
  readonly errorLines: readonly string[];
}

export interface Link {
  readonly from: number;
  readonly to: number;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface Bundle {
  /** The index of the layer the bundle feeds. */
  readonly toLayer: number;
  readonly layerId: string;
  readonly dense: boolean;
  readonly links: readonly Link[];
  /** The arithmetic, on one or two lines; empty for bundles without weights. */
  readonly label: readonly string[];
  readonly labelX: number;
  readonly labelY: number;
}

export interface CanvasLayout {
  readonly width: number;
  readonly height: number;
  readonly columns: readonly Column[];
  readonly bundles: readonly Bundle[];
  readonly radius: number;
  readonly fontSize: number;
  /** Where the first caption line of every column sits. */
  readonly captionY: number;
  readonly lineHeight: number;
}

export const LABEL_FONT = 14;
const CAPTION_LINE = 18;
/** A rough width of one character of the label font, for fitting without measuring. */
const charWidth = (font: number) => font * 0.6;

/** Splits a sentence into lines of at most `max` characters, at spaces where it can. */
export function wrap(text: string, max: number, maxLines = 6): string[] {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const candidate = line ? `${line} ${w}` : w;
    if (candidate.length <= max || !line) line = candidate;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, Math.max(1, max - 1))}…`;
    return kept;
  }
  return lines.map((l) => (l.length > max ? `${l.slice(0, Math.max(1, max - 1))}…` : l));
}

function fit(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(1, maxChars - 1))}…`;
}

/** How many neurons a layer has for drawing, even while its shape is in error. */
function drawnSize(layer: Layer, shape: readonly number[] | null, previous: number): number {
  if (shape) return shapeSize(shape);
  if (layer.kind === 'dense') return Number.isInteger(layer.units) && layer.units >= 1 && layer.units <= 1e6 ? layer.units : 1;
  if (layer.kind === 'input') {
    const n = shapeSize(layer.shape);
    return Number.isFinite(n) && n >= 1 ? Math.floor(n) : 1;
  }
  return previous || 1;
}

/** Caption lines under a column: kind, size, what it does, output shape. Always four, so captions line up. */
function captionOf(layer: Layer, shape: readonly number[] | null, size: number): string[] {
  const title = kindSpec(layer.kind).title;
  let what: [string, string];
  if (layer.kind === 'dense') what = [`${formatCount(size)} unit${size === 1 ? '' : 's'}`, ACTIVATION_INFO[layer.activation].title];
  else if (layer.kind === 'input') what = layer.shape.length > 1 ? [formatShape(layer.shape), `= ${formatCount(size)} values`] : [`${formatCount(size)} unit${size === 1 ? '' : 's'}`, ''];
  else if (layer.kind === 'activation') what = [ACTIVATION_INFO[layer.activation].title, ''];
  else if (layer.kind === 'dropout') what = [`rate ${layer.rate}`, ''];
  else what = [`to ${formatCount(size)}`, 'values'];
  return [title, ...what, shape ? `out (${shape.join(', ')})` : 'out ?'];
}

export function layoutCanvas(layers: readonly Layer[], summary: NetworkSummary, width: number, height: number): CanvasLayout {
  const n = layers.length;
  const fontSize = LABEL_FONT;
  const slot = n > 0 ? width / n : width;
  const maxChars = Math.max(6, Math.floor((slot - 8) / charWidth(fontSize)));
  const anyError = summary.layers.some((l) => l.error);
  const errorChars = Math.max(8, Math.floor((slot - 6) / charWidth(13)));

  // Arithmetic labels: one line between columns when they fit, else two lines, else two staggered rows, else the total alone.
  const texts = layers.map((_l, i) => (i > 0 ? (summary.layers[i]?.arithmetic ?? null) : null));
  const split = (t: string) => {
    const k = t.lastIndexOf(' = ');
    return [t.slice(0, k), t.slice(k + 1)];
  };
  const widthOf = (lines: string[]) => Math.max(0, ...lines.map((l) => l.length * charWidth(fontSize)));
  const all = texts.filter((t): t is string => !!t);
  const fits = (room: number, f: (t: string) => string[]) => all.every((t) => widthOf(f(t)) <= room);
  const one = (t: string) => [t];
  const compactOf = (t: string) => [fit(`= ${t.split(' = ').at(-1)}`, Math.floor((2 * slot - 16) / charWidth(fontSize)))];
  let form: (t: string) => string[] = one;
  let stagger = false;
  if (fits(slot - 16, one)) form = one;
  else if (fits(slot - 16, split)) form = split;
  else if (fits(2 * slot - 24, one)) [form, stagger] = [one, true];
  else if (fits(2 * slot - 24, split)) [form, stagger] = [split, true];
  else [form, stagger] = [compactOf, true];
  const labelLines = Math.max(0, ...all.map((t) => form(t).length));
  const LABEL_LINE = 17;
  const rowHeight = labelLines * LABEL_LINE + 4;
  const top = 14 + (all.length ? rowHeight * (stagger ? 2 : 1) : 0) + 14;

  const captionLines = 5;
  const errorH = anyError ? 6 * 16 + 4 : 0;
  const captionH = captionLines * CAPTION_LINE + 12 + errorH;
  const bottom = Math.max(top + 40, height - captionH);

  let previous = 0;
  const sizes = layers.map((layer, i) => (previous = drawnSize(layer, summary.layers[i]?.outputShape ?? null, previous)));
  const picks = sizes.map((s) => drawnNeurons(s));
  const maxSlots = Math.max(1, ...picks.map((p) => p.indices.length + (p.elided ? 1 : 0)));
  const spacing = Math.min(72, (bottom - top) / maxSlots);
  const radius = Math.max(5, Math.min(22, spacing * 0.36, slot * 0.12));
  const mid = (top + bottom) / 2;

  const columns: Column[] = layers.map((layer, i) => {
    const x = slot * (i + 0.5);
    const { indices, elided } = picks[i]!;
    const slots = indices.length + (elided ? 1 : 0);
    const y0 = mid - ((slots - 1) * spacing) / 2;
    const half = elided ? indices.length / 2 : Infinity;
    const neurons = indices.map((index, k) => ({ index, x, y: y0 + (k < half ? k : k + 1) * spacing }));
    const s = summary.layers[i];
    const caption = captionOf(layer, s?.outputShape ?? null, sizes[i]!).map((c) => fit(c, maxChars));
    return {
      id: layer.id,
      index: i,
      kind: layer.kind,
      x,
      slot,
      neurons,
      ellipsisY: elided ? y0 + half * spacing : null,
      size: sizes[i]!,
      top: y0 - radius,
      bottom: y0 + (slots - 1) * spacing + radius,
      caption: [fit(s?.label ?? layer.id, maxChars), ...caption],
      errorLines: s?.error ? wrap(s.error, errorChars) : [],
    };
  });

  const bundles: Bundle[] = [];
  for (let i = 1; i < n; i++) {
    const a = columns[i - 1]!;
    const b = columns[i]!;
    const dense = layers[i]!.kind === 'dense';
    const links: Link[] = [];
    if (dense) {
      for (const p of a.neurons) for (const q of b.neurons) links.push({ from: p.index, to: q.index, x1: p.x, y1: p.y, x2: q.x, y2: q.y });
    } else {
      // Elementwise layers (and flatten's reshape) carry each value straight across.
      const byIndex = new Map(b.neurons.map((q) => [q.index, q]));
      for (const p of a.neurons) {
        const q = byIndex.get(p.index);
        if (q) links.push({ from: p.index, to: q.index, x1: p.x, y1: p.y, x2: q.x, y2: q.y });
      }
    }
    const text = texts[i];
    const k = bundles.length;
    bundles.push({
      toLayer: i,
      layerId: b.id,
      dense,
      links,
      label: text ? form(text) : [],
      labelX: (a.x + b.x) / 2,
      labelY: 14 + fontSize + (stagger && k % 2 === 1 ? rowHeight : 0),
    });
  }

  return { width, height, columns, bundles, radius, fontSize, captionY: bottom + 24, lineHeight: CAPTION_LINE };
}

/** Where in the chain something dropped at `x` goes: after every column whose centre is left of it. */
export function dropIndex(columns: readonly Pick<Column, 'x' | 'id'>[], x: number, excludeId?: string): number {
  let at = 0;
  for (const c of columns) if (c.id !== excludeId && c.x < x) at++;
  return at;
}
