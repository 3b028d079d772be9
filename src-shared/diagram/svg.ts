/**
 * The network as a standalone SVG file: the canvas's layout (layout.ts) drawn as the canvas draws it (canvas/draw.ts),
 * as a string, so the app's Export diagram and `densely draw` write the same file. Text stays text (<text>, in named
 * fonts with a fallback stack), and the viewBox is the bounds of everything drawn, text measured by text-width.ts's
 * table with a margin, so no label is clipped in any viewer. Pure: no DOM, no Node.
 */
import { countsBiases, type NetworkDocument } from '../graph/document';
import { summarize, type NetworkSummary } from '../graph/summary';
import type { Layer } from '../layers/registry';
import { layoutCanvas, type CanvasLayout, type Link } from './layout';
import { textWidth, type TextStyle } from './text-width';
import { divergingHex, MONO_FONTS, PALETTES, SANS_FONTS, type DiagramPalette, type DiagramTheme } from './theme';

/** One bundle's trained weights, as the trainer streams them (the `weights` event's layers). */
export interface DiagramWeights {
  readonly cols: number;
  /** [kh, kw, cin, filters] for a convolution's kernel. */
  readonly shape?: readonly number[];
  /** Row-major [rows x cols] (inputs x units), when it was small enough to send. */
  readonly kernel?: ArrayLike<number>;
  readonly summary: { readonly min: number; readonly max: number; readonly mean: number };
}

export interface DiagramOptions {
  readonly theme?: DiagramTheme;
  /** The arithmetic of each bundle (`784 x 600 + 600 = 471,000`); off leaves the drawing alone. */
  readonly counts?: boolean;
  /** Trained weights by layer id: links coloured by sign and drawn by size, kernels as heatmaps, with a key. */
  readonly weights?: ReadonlyMap<string, DiagramWeights> | null;
  /** Recurrent layers drawn unfolded over their time steps. */
  readonly unfolded?: ReadonlySet<string>;
  /** The size the network is laid out at, before the drawing is cropped to what it covers. */
  readonly layoutWidth?: number;
  readonly layoutHeight?: number;
  /** A filled ground in the theme's canvas colour (the default); off gives a transparent one. */
  readonly background?: boolean;
  /** The file's <title>. */
  readonly title?: string;
}

export interface Diagram {
  readonly svg: string;
  /** The drawing's size in CSS pixels: the SVG's width and height, and a 1x PNG's. */
  readonly width: number;
  readonly height: number;
}

/** Like the canvas's narrowest column (Canvas.svelte's MIN_SLOT), with a little more room for a figure. */
const SLOT = 150;
const MIN_WIDTH = 640;
const HEIGHT = 500;
/** Room around the drawing, beyond the estimated text widths. */
const MARGIN = 16;
const KEY_BAND = 44;

class Bounds {
  x0 = Infinity;
  y0 = Infinity;
  x1 = -Infinity;
  y1 = -Infinity;
  add(x0: number, y0: number, x1: number, y1: number): void {
    this.x0 = Math.min(this.x0, x0, x1);
    this.y0 = Math.min(this.y0, y0, y1);
    this.x1 = Math.max(this.x1, x0, x1);
    this.y1 = Math.max(this.y1, y0, y1);
  }
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Numbers to three decimals: exact enough for any print, and a file people can read. */
const n2 = (v: number) => String(Math.round(v * 1000) / 1000);

type Attrs = Record<string, string | number | null | undefined>;
function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? n2(v) : esc(v!)}"`)
    .join('');
}

class Writer {
  readonly parts: string[] = [];
  readonly bounds = new Bounds();
  el(name: string, a: Attrs, box?: [number, number, number, number]): void {
    this.parts.push(`<${name}${attrs(a)}/>`);
    if (box) this.bounds.add(...box);
  }
  open(name: string, a: Attrs = {}): void {
    this.parts.push(`<${name}${attrs(a)}>`);
  }
  close(name: string): void {
    this.parts.push(`</${name}>`);
  }
  /**
   * A line of text at its alphabetic baseline `y`; `middle` centres it on `y` instead (draw.ts's
   * dominant-baseline="central", written as an offset so every renderer places it alike).
   */
  text(content: string, x: number, y: number, style: TextStyle & { anchor?: 'start' | 'middle' | 'end'; fill: string; middle?: boolean; cls?: string; weight?: number }): void {
    if (!content) return;
    const size = style.size;
    const baseline = style.middle ? y + size * 0.35 : y;
    const w = textWidth(content, style);
    const anchor = style.anchor ?? 'middle';
    const left = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
    this.parts.push(
      `<text${attrs({ class: style.cls, x, y: baseline, 'text-anchor': anchor === 'start' ? null : anchor, 'font-size': size, 'font-weight': style.weight ?? (style.bold ? 700 : null), 'font-family': style.mono ? MONO_FONTS : null, fill: style.fill })}>${esc(content)}</text>`,
    );
    // Ascent and descent of DejaVu Sans (0.93 and 0.24 em), the tallest of the named fonts.
    this.bounds.add(left, baseline - size * 0.93, left + w, baseline + size * 0.24);
  }
}

/** The weight a link stands for: its own entry of the kernel when it was sent, else the bundle's mean. */
function linkWeight(l: Link, w: DiagramWeights): number | undefined {
  return w.kernel && l.from >= 0 && l.to >= 0 ? w.kernel[l.from * w.cols + l.to] : w.summary.mean;
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i]!);
    if (Number.isFinite(v) && v > m) m = v;
  }
  return m || 1;
}

/** Draws `layers` (with their summary) as an SVG document. */
export function diagramSvg(layers: readonly Layer[], summary: NetworkSummary, options: DiagramOptions = {}): Diagram {
  const palette: DiagramPalette = PALETTES[options.theme ?? 'light'];
  const counts = options.counts ?? true;
  const weights = options.weights ?? null;
  // Without counts the layout is made as if no bundle had arithmetic, so no empty band is left where it was.
  const shown: NetworkSummary = counts ? summary : { ...summary, layers: summary.layers.map((l) => ({ ...l, arithmetic: null })) };
  const layout = layoutCanvas(layers, shown, options.layoutWidth ?? Math.max(MIN_WIDTH, layers.length * SLOT), options.layoutHeight ?? HEIGHT, { unfolded: options.unfolded ?? new Set() });
  const drawnWeights = weights && layout.bundles.some((b) => weights.has(b.layerId)) ? weights : null;
  const w = new Writer();
  drawBody(w, layout, palette, drawnWeights);
  const keyParts = drawnWeights ? drawWeightKey(palette, w.bounds) : null;

  const b = w.bounds;
  if (!Number.isFinite(b.x0)) b.add(0, 0, 200, 100);
  const x0 = Math.floor(b.x0 - MARGIN);
  const y0 = Math.floor(b.y0 - MARGIN);
  const width = Math.ceil(b.x1 + MARGIN) - x0;
  const height = Math.ceil(b.y1 + MARGIN) - y0;
  const title = options.title ?? 'Network diagram';
  const head = [
    `<svg xmlns="http://www.w3.org/2000/svg"${attrs({ width, height, viewBox: `${x0} ${y0} ${width} ${height}`, 'font-family': SANS_FONTS, 'font-size': layout.fontSize, 'data-theme': options.theme ?? 'light' })}>`,
    `<title>${esc(title)}</title>`,
    `<defs><marker id="densely-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${palette.stroke}"/></marker>${keyParts?.defs ?? ''}</defs>`,
    options.background === false ? '' : `<rect class="background" x="${x0}" y="${y0}" width="${width}" height="${height}" fill="${palette.background}"/>`,
  ];
  return { svg: [...head, ...w.parts, ...(keyParts?.parts ?? []), '</svg>', ''].join('\n'), width, height };
}

/** A project document drawn with its own bias switch, as the canvas shows it. */
export function documentDiagram(doc: Pick<NetworkDocument, 'name' | 'layers' | 'countBiases'>, options: DiagramOptions = {}): Diagram {
  const summary = summarize(doc.layers, { countBiases: countsBiases(doc) });
  return diagramSvg(doc.layers, summary, { title: doc.name, ...options });
}

function drawBody(w: Writer, layout: CanvasLayout, p: DiagramPalette, weights: ReadonlyMap<string, DiagramWeights> | null): void {
  // Captions under each column: its name (muted), kind (bold), what it does, its output shape.
  w.open('g', { class: 'captions' });
  for (const c of layout.columns) {
    c.caption.forEach((line, i) => w.text(line, c.x, layout.captionY + i * layout.lineHeight, { size: layout.fontSize, bold: i === 1, fill: i === 0 ? p.muted : p.ink }));
    const errorTop = layout.captionY + c.caption.length * layout.lineHeight + 2;
    c.errorLines.forEach((line, i) => w.text(line, c.x, errorTop + i * 16, { size: 13, fill: p.error }));
  }
  w.close('g');

  // Links, as draw.ts's paintValues draws them: grey, or with weights by sign (colour) and size (opacity, width).
  w.open('g', { class: 'links', 'stroke-linecap': 'round' });
  for (const b of layout.bundles) {
    const bw = weights?.get(b.layerId);
    const scale = bw ? Math.max(Math.abs(bw.summary.min), Math.abs(bw.summary.max)) || 1 : 1;
    w.open('g', { class: 'bundle', 'data-layer': b.layerId, 'stroke-dasharray': b.dense ? null : '4 4' });
    for (const l of b.links) {
      let stroke = p.link;
      let opacity = b.links.length > 60 ? 0.45 : 0.75;
      let width = 1.2;
      if (bw) {
        const v = linkWeight(l, bw);
        if (v === undefined || !Number.isFinite(v)) opacity = 0.3;
        else {
          const t = Math.min(1, Math.abs(v) / scale);
          stroke = v >= 0 ? p.positive : p.negative;
          opacity = 0.15 + 0.85 * t;
          if (bw.kernel && l.from >= 0 && l.to >= 0) width = 0.8 + 2.2 * t;
        }
      }
      w.el('line', { x1: l.x1, y1: l.y1, x2: l.x2, y2: l.y2, stroke, 'stroke-width': width, 'stroke-opacity': opacity }, [l.x1, l.y1, l.x2, l.y2]);
    }
    w.close('g');
  }
  w.close('g');

  // Feature maps, back to front; a convolution's kernels below its maps, as heatmaps once trained.
  w.open('g', { class: 'maps' });
  for (const c of layout.columns) {
    const m = c.maps;
    if (!m) continue;
    for (let k = m.channels.length - 1; k >= 0; k--) {
      const x = m.x + k * m.dx;
      const y = m.y - k * m.dy;
      w.el('rect', { x, y, width: m.w, height: m.h, fill: p.mapFill, stroke: p.stroke, 'stroke-width': 1.2 }, [x, y, x + m.w, y + m.h]);
    }
  }
  for (const c of layout.columns) {
    const g = c.kernels;
    if (!g) continue;
    const kw = weights?.get(c.id);
    const shape = kw?.kernel && kw.shape?.length === 4 ? kw.shape : null;
    const scale = shape ? maxAbs(kw!.kernel!) : 1;
    for (const f of g.filters) {
      const x = g.x + (f % g.perRow) * (g.cell + g.gap);
      const y = g.y + Math.floor(f / g.perRow) * (g.cell + g.gap);
      w.el('rect', { x, y, width: g.cell, height: g.cell, fill: p.kernelFill, stroke: p.muted, 'stroke-width': 0.8 }, [x, y, x + g.cell, y + g.cell]);
      if (shape && f < shape[3]!) drawKernel(w, kw!.kernel!, shape, f, scale, x, y, g.cell, p);
    }
  }
  w.close('g');

  w.open('g', { class: 'fields' });
  for (const b of layout.bundles) {
    const f = b.field;
    if (!f) continue;
    w.el('rect', { x: f.x, y: f.y, width: f.w, height: f.h, fill: p.accent, 'fill-opacity': 0.18, stroke: p.accent, 'stroke-width': 1.4 }, [f.x, f.y, f.x + f.w, f.y + f.h]);
    for (const [cx, cy] of [
      [f.x, f.y],
      [f.x + f.w, f.y],
      [f.x, f.y + f.h],
      [f.x + f.w, f.y + f.h],
    ] as const)
      w.el('line', { x1: cx, y1: cy, x2: f.px, y2: f.py, stroke: p.accent, 'stroke-width': 1, 'stroke-opacity': 0.8 }, [cx, cy, f.px, f.py]);
  }
  w.close('g');

  w.open('g', { class: 'cells' });
  for (const c of layout.columns) {
    const cell = c.cell;
    if (!cell) continue;
    const boxes = cell.unfolded ? cell.stepBoxes.map((s) => ({ y: s.y, h: cell.stepH, text: `t=${s.step}` })) : [{ y: cell.y, h: cell.h, text: 'state h' }];
    for (const d of boxes) {
      w.el('rect', { x: cell.x, y: d.y, width: cell.w, height: d.h, rx: 8, fill: p.cellFill, stroke: p.stroke, 'stroke-width': 1.6 }, [cell.x, d.y, cell.x + cell.w, d.y + d.h]);
      // The cell's fill is light in both themes, so its text is the light theme's ink.
      w.text(d.text, c.x, d.y + d.h / 2, { size: 12, fill: PALETTES.light.ink, middle: true });
    }
    const loops = cell.unfolded
      ? boxes.slice(0, -1).map((d, k) => `M${n2(c.x)},${n2(d.y + d.h)} L${n2(c.x)},${n2(boxes[k + 1]!.y - 3)}`)
      : [`M${n2(cell.x + cell.w * 0.75)},${n2(cell.y)} C${n2(cell.x + cell.w * 0.8)},${n2(cell.y - 26)} ${n2(cell.x + cell.w * 0.2)},${n2(cell.y - 26)} ${n2(cell.x + cell.w * 0.25)},${n2(cell.y - 3)}`];
    for (const d of loops) w.el('path', { d, fill: 'none', stroke: p.stroke, 'stroke-width': 1.6, 'marker-end': 'url(#densely-arrow)' }, [cell.x, cell.y - 26, cell.x + cell.w, cell.y]);
    if (cell.ellipsisY !== null) w.text('⋮', c.x, cell.ellipsisY, { size: 20, bold: true, fill: p.ink, middle: true });
    // The canvas's fold/unfold control, as the fact it states.
    if (cell.steps > 1) w.text(cell.unfolded ? `${cell.steps} steps` : `over ${cell.steps} steps`, c.x, cell.toggleY, { size: 12, fill: p.muted });
  }
  w.close('g');

  w.open('g', { class: 'neurons' });
  for (const c of layout.columns)
    for (const q of c.neurons) w.el('circle', { cx: q.x, cy: q.y, r: layout.radius, fill: p.neuron, stroke: p.stroke, 'stroke-width': 1.6 }, [q.x - layout.radius, q.y - layout.radius, q.x + layout.radius, q.y + layout.radius]);
  w.close('g');

  w.open('g', { class: 'labels' });
  for (const c of layout.columns) if (c.ellipsisY !== null) w.text('⋮', c.x, c.ellipsisY, { size: 22, bold: true, fill: p.ink, middle: true });
  for (const b of layout.bundles) b.label.forEach((line, i) => w.text(line, b.labelX, b.labelY + i * 17, { size: layout.fontSize, mono: true, weight: 600, bold: true, fill: p.ink, cls: 'arithmetic' }));
  for (const b of layout.bundles) if (b.shapeLabel) w.text(b.shapeLabel, b.labelX, b.shapeY, { size: layout.shapeFont, mono: true, fill: p.muted, cls: 'shape-change' });
  for (const c of layout.columns) if (c.maps) w.text(c.maps.label, c.maps.x + c.maps.w / 2, c.maps.labelY, { size: 12, mono: true, fill: p.ink });
  w.close('g');
}

/** One filter's kernel averaged over its input channels, a rect per weight on the diverging scale. */
function drawKernel(w: Writer, kernel: ArrayLike<number>, shape: readonly number[], filter: number, scale: number, x: number, y: number, size: number, p: DiagramPalette): void {
  const [kh, kw, cin, filters] = shape as [number, number, number, number];
  const cw = size / kw;
  const ch = size / kh;
  for (let r = 0; r < kh; r++)
    for (let col = 0; col < kw; col++) {
      const pix = r * kw + col;
      let sum = 0;
      for (let ci = 0; ci < cin; ci++) sum += kernel[(pix * cin + ci) * filters + filter] ?? 0;
      w.el('rect', { x: x + col * cw, y: y + r * ch, width: cw, height: ch, fill: divergingHex(sum / cin / scale, p) });
    }
}

/** The key to the weight colours, above the drawing's top-left corner as the canvas keeps its key. */
function drawWeightKey(p: DiagramPalette, b: Bounds): { defs: string; parts: string[] } {
  const W = 84;
  const H = 9;
  const x = b.x0;
  const y = b.y0 - KEY_BAND + 6;
  const stops = Array.from({ length: 9 }, (_, i) => i / 8)
    .map((f) => `<stop offset="${n2(f * 100)}%" stop-color="${divergingHex(f * 2 - 1, p)}"/>`)
    .join('');
  const k = new Writer();
  k.open('g', { class: 'weight-key' });
  k.el('rect', { x, y, width: W, height: H, fill: 'url(#weight-scale)', stroke: p.muted, 'stroke-width': 0.8 }, [x, y, x + W, y + H]);
  k.text('weight, scaled per layer', x + W + 6, y + H / 2, { size: 11, fill: p.ink, middle: true, anchor: 'start' });
  k.text('\u2212max', x, y + H + 10 + 3, { size: 10, fill: p.muted, anchor: 'start' });
  k.text('0', x + W / 2, y + H + 13, { size: 10, fill: p.muted });
  k.text('+max', x + W, y + H + 13, { size: 10, fill: p.muted, anchor: 'end' });
  k.close('g');
  b.add(k.bounds.x0, k.bounds.y0, k.bounds.x1, k.bounds.y1);
  return { defs: `<linearGradient id="weight-scale">${stops}</linearGradient>`, parts: k.parts };
}
