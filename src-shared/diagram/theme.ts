/**
 * The canvas's colours as data, for drawings made without a page to read them from (the diagram export, the CLI).
 * The theme's values are global.css's `--canvas-*` custom properties; the rest are the fixed colours of
 * canvas/draw.ts (neurons, maps, cells) and the neuron/weight scale, which no theme changes. A test reads global.css
 * and checks that these agree, so a colour changed there cannot silently drift from the exported diagrams.
 */
export type DiagramTheme = 'light' | 'dark';

export interface DiagramPalette {
  /** --canvas-bg */
  readonly background: string;
  /** --canvas-ink: captions, labels. */
  readonly ink: string;
  /** --canvas-muted: layer names, shape changes. */
  readonly muted: string;
  /** --canvas-link: connections without weights. */
  readonly link: string;
  /** --canvas-stroke: neuron, map and cell outlines. */
  readonly stroke: string;
  /** --canvas-selected-stroke: the receptive field. */
  readonly accent: string;
  /** --canvas-error */
  readonly error: string;
  readonly neuron: string;
  readonly mapFill: string;
  readonly kernelFill: string;
  readonly cellFill: string;
  /** The diverging scale's ends: orange above zero, blue below, white at zero. */
  readonly positive: string;
  readonly negative: string;
}

const FIXED = {
  neuron: '#ffffff',
  mapFill: '#f9fafb',
  kernelFill: '#f3f4f6',
  cellFill: '#fef3c7',
  positive: '#c2410c',
  negative: '#1d4ed8',
} as const;

export const PALETTES: Readonly<Record<DiagramTheme, DiagramPalette>> = {
  light: {
    background: '#ffffff',
    ink: '#111827',
    muted: '#4b5563',
    link: '#9ca3af',
    stroke: '#1f2937',
    accent: '#1d4ed8',
    error: '#b91c1c',
    ...FIXED,
  },
  dark: {
    background: '#0f1520',
    ink: '#f3f4f6',
    muted: '#c4cad4',
    link: '#6b7280',
    stroke: '#e5e7eb',
    accent: '#93c5fd',
    error: '#f87171',
    ...FIXED,
  },
};

/** Which custom property of global.css each themed colour is; the drift test reads them. */
export const CSS_PROPERTIES: Readonly<Partial<Record<keyof DiagramPalette, string>>> = {
  background: '--canvas-bg',
  ink: '--canvas-ink',
  muted: '--canvas-muted',
  link: '--canvas-link',
  stroke: '--canvas-stroke',
  accent: '--canvas-selected-stroke',
  error: '--canvas-error',
};

/**
 * The canvas's type: captions in a sans-serif, arithmetic in a monospace, each with a fallback stack every system has.
 * DejaVu comes first, unlike in the page's own stack: it is the font text-width.ts measures (so a label fits wherever it
 * is installed, and the others are narrower), and resvg, which rasterises the CLI's PNGs, tries only the first family
 * a list names before its default.
 */
export const SANS_FONTS = "'DejaVu Sans', system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
export const MONO_FONTS = "'DejaVu Sans Mono', ui-monospace, Menlo, Consolas, monospace";

function hexRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * A value's colour on the canvas's diverging scale: white at 0, `positive` at t = 1, `negative` at t = -1, mixed
 * linearly in RGB as d3.interpolateRgb does (so the export and the canvas give the same colour for the same value).
 */
export function divergingHex(t: number, palette: Pick<DiagramPalette, 'positive' | 'negative'>): string {
  if (!Number.isFinite(t)) return '#000000';
  const c = Math.max(-1, Math.min(1, t));
  const end = hexRgb(c >= 0 ? palette.positive : palette.negative);
  const a = Math.abs(c);
  return `#${end.map((e) => Math.round(255 + (e - 255) * a).toString(16).padStart(2, '0')).join('')}`;
}
