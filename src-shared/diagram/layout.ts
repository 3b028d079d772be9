/**
 * Where everything on the canvas goes: pure geometry from the summary, so it
 * can be tested without a DOM. Drawing cost is bounded by what is visible:
 * at most MAX_DRAWN_NEURONS per column, lines only between drawn neurons.
 */
import type { NetworkSummary } from '../graph/summary';
import { drawnNeurons } from '../graph/drawn-neurons';
import { formatShape, shapeSize, type Shape } from '../layers/layer-kind';
import type { Layer } from '../layers/registry';
import { specOf } from '../layers/registry';

export interface NeuronSpot {
  /** The neuron's index in its layer (0-based). */
  readonly index: number;
  readonly x: number;
  readonly y: number;
}

/** A stack of feature maps, NN-SVG's LeNet style: the front map (channel 0) lowest left, the others offset behind it. */
export interface MapStack {
  /** Top-left of the front map. */
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** The offset from one map to the next one behind it. */
  readonly dx: number;
  readonly dy: number;
  /** The channels drawn, front first. */
  readonly channels: readonly number[];
  readonly shape: Shape;
  /** The shape written below the stack, e.g. "26x26x8", and where. */
  readonly label: string;
  readonly labelY: number;
}

/** A recurrent cell with its loop; unfolded, one box per time step drawn. */
export interface CellBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly steps: number;
  readonly unfolded: boolean;
  /** Unfolded: the time steps drawn (1-based) and the top of each box; an ellipsis sits where steps are left out. */
  readonly stepBoxes: readonly { readonly step: number; readonly y: number }[];
  readonly stepH: number;
  readonly ellipsisY: number | null;
  /** Where the fold/unfold toggle sits. */
  readonly toggleY: number;
}

/** Small heatmaps of a convolution's kernels, one per filter, laid out in a grid inside the column. */
export interface KernelGrid {
  readonly x: number;
  readonly y: number;
  readonly cell: number;
  readonly gap: number;
  readonly perRow: number;
  readonly filters: readonly number[];
}

/** Where values enter and leave a column drawn without neurons. */
export interface Port {
  readonly x: number;
  readonly y: number;
}

export interface Column {
  readonly id: string;
  readonly index: number;
  readonly kind: Layer['kind'];
  readonly body: 'neurons' | 'maps' | 'cell';
  readonly maps: MapStack | null;
  readonly cell: CellBox | null;
  readonly kernels: KernelGrid | null;
  readonly inPort: Port;
  readonly outPort: Port;
  /** The output shape when known. */
  readonly shape: Shape | null;
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
  /** Neuron indices; -1 where a link starts or ends at a port rather than a neuron. */
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
  /** A kernel's receptive field: a square on the map before, joined to a point on this layer's map. */
  readonly field: { readonly x: number; readonly y: number; readonly w: number; readonly h: number; readonly px: number; readonly py: number } | null;
  /** The shape change, e.g. "28x28x1 -> 26x26x8", and where; null when the shape stays. */
  readonly shapeLabel: string | null;
  readonly shapeY: number;
}

export interface LayoutOptions {
  /** Recurrent layers shown unfolded over their time steps. */
  readonly unfolded?: ReadonlySet<string>;
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
  readonly shapeFont: number;
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

/** How many values a layer has for drawing, even while its shape is in error. */
function drawnSize(shape: Shape | null, previous: number): number {
  return shape ? shapeSize(shape) : previous || 1;
}

/** Caption lines under a column: kind, what it does (two lines), output shape. Always four, so captions line up. */
function captionOf(layer: Layer, shape: Shape | null): string[] {
  const spec = specOf(layer);
  return [spec.title, ...spec.caption(layer, shape), shape ? `out ${formatShape(shape)}` : 'out ?'];
}

const MAX_MAPS = 6;
const MAX_KERNELS = 16;
const MAX_STEPS = 5;
const SHAPE_ROW = 15;
const SHAPE_FONT = 12;

export function layoutCanvas(layers: readonly Layer[], summary: NetworkSummary, width: number, height: number, options: LayoutOptions = {}): CanvasLayout {
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

  // Shape changes between layers, e.g. "28x28x1 -> 26x26x8": one row when they fit between columns, else two staggered.
  const shapes = layers.map((_l, i) => summary.layers[i]?.outputShape ?? null);
  const shapeTexts = layers.map((_l, i) => {
    const a = i > 0 ? shapes[i - 1] : null;
    const b = shapes[i];
    return a && b && formatShape(a) !== formatShape(b) ? `${formatShape(a)} -> ${formatShape(b)}` : null;
  });
  const shapeMax = Math.max(0, ...shapeTexts.map((t) => (t ? t.length * charWidth(SHAPE_FONT) : 0)));
  const shapeStagger = shapeMax > slot - 8;
  const shapeRows = shapeMax === 0 ? 0 : shapeStagger ? 2 : 1;

  const captionLines = 5;
  const errorH = anyError ? 6 * 16 + 4 : 0;
  const captionH = captionLines * CAPTION_LINE + 12 + errorH + shapeRows * SHAPE_ROW;
  const bottom = Math.max(top + 40, height - captionH);

  let previous = 0;
  const bodies = layers.map((layer, i) => {
    const spec = specOf(layer);
    if (spec.drawing.body === 'cell') return 'cell' as const;
    return shapes[i]?.length === 3 ? ('maps' as const) : ('neurons' as const);
  });
  const sizes = layers.map((_layer, i) => (previous = drawnSize(shapes[i] ?? null, previous)));
  const picks = sizes.map((s, i) => (bodies[i] === 'neurons' ? drawnNeurons(s) : { indices: [], elided: false }));
  const maxSlots = Math.max(1, ...picks.map((p) => p.indices.length + (p.elided ? 1 : 0)));
  const spacing = Math.min(72, (bottom - top) / maxSlots);
  const radius = Math.max(5, Math.min(22, spacing * 0.36, slot * 0.12));
  const mid = (top + bottom) / 2;
  const room = bottom - top;
  // Map stacks scale with their height and width against the largest map, so pooling visibly shrinks them.
  const maxDim = Math.max(1, ...shapes.map((sh, i) => (bodies[i] === 'maps' && sh ? Math.max(sh[0]!, sh[1]!) : 0)));
  const baseSide = Math.max(16, Math.min(slot * 0.55, room * 0.42, 130));

  const columns: Column[] = layers.map((layer, i) => {
    const x = slot * (i + 0.5);
    const { indices, elided } = picks[i]!;
    const slots = indices.length + (elided ? 1 : 0);
    const y0 = mid - ((slots - 1) * spacing) / 2;
    const half = elided ? indices.length / 2 : Infinity;
    const neurons = indices.map((index, k) => ({ index, x, y: y0 + (k < half ? k : k + 1) * spacing }));
    const s = summary.layers[i];
    const shape = shapes[i] ?? null;
    const caption = captionOf(layer, shape).map((c) => fit(c, maxChars));
    const spec = specOf(layer);
    let maps: MapStack | null = null;
    let cell: CellBox | null = null;
    let kernels: KernelGrid | null = null;
    let colTop = y0 - radius;
    let colBottom = y0 + (slots - 1) * spacing + radius;
    let inPort: Port = { x: x - radius, y: mid };
    let outPort: Port = { x: x + radius, y: mid };
    if (bodies[i] === 'maps' && shape) {
      const [h, w, c] = shape as [number, number, number];
      const side = Math.max(14, baseSide * Math.pow(Math.max(h, w) / maxDim, 0.6));
      const mw = side * (w / Math.max(h, w));
      const mh = side * (h / Math.max(h, w));
      const count = Math.min(c, MAX_MAPS);
      const dx = count > 1 ? Math.min(8, Math.max(2, (slot * 0.85 - mw) / (count - 1))) : 0;
      const dy = dx * 0.8;
      const left = x - (mw + (count - 1) * dx) / 2;
      const frontY = mid - (mh - (count - 1) * dy) / 2;
      const channels = Array.from({ length: count }, (_, k) => (k === count - 1 && c > count ? c - 1 : k));
      maps = { x: left, y: frontY, w: mw, h: mh, dx, dy, channels, shape, label: formatShape(shape), labelY: frontY + mh + 16 };
      colTop = frontY - (count - 1) * dy;
      colBottom = frontY + mh + 20;
      inPort = { x: left, y: frontY + mh / 2 };
      outPort = { x: left + mw + (count - 1) * dx, y: frontY + mh / 2 - ((count - 1) * dy) / 2 };
      if (spec.frames.weights === 'kernels' && s?.inputShape) {
        const k = Math.max(...(spec.window?.(layer, s.inputShape) ?? [3]));
        const cellSize = Math.max(10, Math.min(18, k * 4));
        const gap = 3;
        const perRow = Math.max(1, Math.floor((slot - 16) / (cellSize + gap)));
        const rowsThatFit = Math.max(0, Math.floor((bottom - colBottom - 4) / (cellSize + gap)));
        const filters = Math.min(c, MAX_KERNELS, perRow * rowsThatFit);
        if (filters > 0) {
          const cols = Math.min(perRow, filters);
          kernels = { x: x - (cols * (cellSize + gap) - gap) / 2, y: colBottom + 2, cell: cellSize, gap, perRow, filters: Array.from({ length: filters }, (_, f) => f) };
          colBottom += 2 + Math.ceil(filters / perRow) * (cellSize + gap);
        }
      }
    } else if (bodies[i] === 'cell') {
      const steps = s?.inputShape?.length === 2 ? s.inputShape[0]! : 1;
      const unfolded = options.unfolded?.has(layer.id) ?? false;
      const w = Math.max(30, Math.min(slot * 0.5, 84));
      if (!unfolded) {
        const h = 48;
        cell = { x: x - w / 2, y: mid - h / 2, w, h, steps, unfolded, stepBoxes: [], stepH: 0, ellipsisY: null, toggleY: mid + h / 2 + 20 };
        colTop = mid - h / 2 - 22;
        colBottom = mid + h / 2 + 26;
      } else {
        const pick = steps <= MAX_STEPS ? Array.from({ length: steps }, (_, k) => k + 1) : [1, 2, 3, steps];
        const elide = steps > MAX_STEPS;
        const n = pick.length + (elide ? 1 : 0);
        const pitch = Math.min(56, (room - 40) / n);
        const stepH = Math.max(16, pitch * 0.6);
        const startY = mid - (n * pitch) / 2;
        const stepBoxes = pick.map((step, k) => ({ step, y: startY + (elide && k >= 3 ? k + 1 : k) * pitch }));
        cell = { x: x - w / 2, y: startY, w, h: n * pitch, steps, unfolded, stepBoxes, stepH, ellipsisY: elide ? startY + 3 * pitch + stepH / 2 : null, toggleY: startY + n * pitch + 14 };
        colTop = startY - 4;
        colBottom = startY + n * pitch + 20;
      }
      inPort = { x: x - w / 2, y: mid };
      outPort = { x: x + w / 2, y: mid };
    }
    return {
      id: layer.id,
      index: i,
      kind: layer.kind,
      body: bodies[i]!,
      maps,
      cell,
      kernels,
      inPort,
      outPort,
      shape,
      x,
      slot,
      neurons,
      ellipsisY: elided ? y0 + half * spacing : null,
      size: sizes[i]!,
      top: colTop,
      bottom: colBottom,
      caption: [fit(s?.label ?? layer.id, maxChars), ...caption],
      errorLines: s?.error ? wrap(s.error, errorChars) : [],
    };
  });

  // On a short canvas a map stack's label can reach below `bottom`: the shape-change labels and captions then start under
  // the lowest one, and the drawing grows by as much (a fit scales it down), rather than printing over it.
  const labelsBottom = Math.max(bottom, ...columns.flatMap((c) => (c.maps ? [c.maps.labelY + 6] : [])));
  const grown = labelsBottom - bottom;

  const bundles: Bundle[] = [];
  for (let i = 1; i < n; i++) {
    const a = columns[i - 1]!;
    const b = columns[i]!;
    const spec = specOf(layers[i]!);
    const dense = spec.drawing.link === 'dense';
    const links: Link[] = [];
    let field: Bundle['field'] = null;
    const window = spec.window && a.shape && a.maps ? spec.window(layers[i]!, a.shape) : null;
    if (window && a.maps) {
      // The receptive field: a window-sized square on the front map before, joined to the point it becomes.
      const m = a.maps;
      const fw = Math.max(4, (m.w * window[1]!) / m.shape[1]!);
      const fh = Math.max(4, (m.h * window[0]!) / m.shape[0]!);
      const fx = m.x + Math.min(m.w - fw, m.w * 0.3);
      const fy = m.y + Math.min(m.h - fh, m.h * 0.3);
      const target = b.maps ? { x: b.maps.x + b.maps.w * 0.3 + 2, y: b.maps.y + b.maps.h * 0.3 + 2 } : (b.neurons[0] ?? b.inPort);
      field = { x: fx, y: fy, w: fw, h: fh, px: target.x, py: target.y };
    } else if (a.body !== 'neurons' || b.body !== 'neurons') {
      // Maps or a cell on either side: every drawn neuron joins the other side's port.
      const from = a.body === 'neurons' ? a.neurons.map((p) => ({ i: p.index, x: p.x, y: p.y })) : [{ i: -1, ...a.outPort }];
      const to = b.body === 'neurons' ? b.neurons.map((q) => ({ i: q.index, x: q.x, y: q.y })) : [{ i: -1, ...b.inPort }];
      for (const p of from) for (const q of to) links.push({ from: p.i, to: q.i, x1: p.x, y1: p.y, x2: q.x, y2: q.y });
    } else if (dense) {
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
      field,
      shapeLabel: shapeTexts[i] ?? null,
      shapeY: labelsBottom + 10 + (shapeStagger && i % 2 === 0 ? SHAPE_ROW : 0),
    });
  }

  return { width, height: height + grown, columns, bundles, radius, fontSize, captionY: labelsBottom + 24 + shapeRows * SHAPE_ROW, lineHeight: CAPTION_LINE, shapeFont: SHAPE_FONT };
}

/** Where in the chain something dropped at `x` goes: after every column whose centre is left of it. */
export function dropIndex(columns: readonly Pick<Column, 'x' | 'id'>[], x: number, excludeId?: string): number {
  let at = 0;
  for (const c of columns) if (c.id !== excludeId && c.x < x) at++;
  return at;
}
