import { readFileSync } from 'node:fs';
import { interpolateRgb, rgb } from 'd3';
import { describe, expect, it } from 'vitest';
import { countsBiases } from '../graph/document';
import { summarize } from '../graph/summary';
import { findTemplate, TEMPLATES } from '../graph/templates';
import { layoutCanvas } from './layout';
import { diagramSvg, documentDiagram, type DiagramWeights } from './svg';
import { CSS_PROPERTIES, divergingHex, PALETTES } from './theme';

interface Text {
  x: number;
  y: number;
  anchor: string;
  size: number;
  fill: string;
  content: string;
  cls: string | null;
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

function texts(svg: string): Text[] {
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map(([, a, content]) => ({
    x: Number(attr(a!, 'x')),
    y: Number(attr(a!, 'y')),
    anchor: attr(a!, 'text-anchor') ?? 'start',
    size: Number(attr(a!, 'font-size')),
    fill: attr(a!, 'fill')!,
    content: unescape(content!),
    cls: attr(a!, 'class'),
  }));
}

const viewBox = (svg: string) => attr(/<svg[^>]*>/.exec(svg)![0], 'viewBox')!.split(' ').map(Number) as [number, number, number, number];
const lines = (svg: string, layer: string) => [...new RegExp(`<g class="bundle" data-layer="${layer}"[^>]*>([\\s\\S]*?)</g>`).exec(svg)![1]!.matchAll(/<line[^>]*\/>/g)].map((m) => m[0]);

describe('diagram SVG', () => {
  it.each(TEMPLATES.map((t) => t.id))('%s: every label of the canvas is a <text> inside the viewBox', (id) => {
    const t = findTemplate(id)!;
    const summary = summarize(t.doc.layers, { countBiases: countsBiases(t.doc) });
    for (const unfolded of [new Set<string>(), new Set(t.doc.layers.map((l) => l.id))]) {
      const { svg, width, height } = diagramSvg(t.doc.layers, summary, { unfolded });
      const [x0, y0, w, h] = viewBox(svg);
      expect([w, h]).toEqual([width, height]);
      expect(attr(/<svg[^>]*>/.exec(svg)![0], 'width')).toBe(String(width));
      const all = texts(svg);
      // The canvas's own layout says which labels there are: each is drawn as text, whole.
      const layout = layoutCanvas(t.doc.layers, summary, Math.max(640, t.doc.layers.length * 150), 500, { unfolded });
      const expected = [...layout.columns.flatMap((c) => c.caption), ...layout.bundles.flatMap((b) => [...b.label, ...(b.shapeLabel ? [b.shapeLabel] : [])])];
      for (const label of expected.filter(Boolean)) expect(all.map((x) => x.content)).toContain(label);
      // Bounds from a crude measure independent of text-width.ts: 0.6 em a character, the page font's average.
      for (const x of all) {
        const half = (x.content.length * x.size * 0.6) / 2;
        const [left, right] = x.anchor === 'middle' ? [x.x - half, x.x + half] : x.anchor === 'end' ? [x.x - 2 * half, x.x] : [x.x, x.x + 2 * half];
        expect(left, x.content).toBeGreaterThanOrEqual(x0);
        expect(right, x.content).toBeLessThanOrEqual(x0 + w);
        expect(x.y - x.size, x.content).toBeGreaterThanOrEqual(y0);
        expect(x.y + x.size * 0.3, x.content).toBeLessThanOrEqual(y0 + h);
      }
    }
  });

  it('keeps the text as text in named fonts with a fallback, and names no image', () => {
    const { svg } = documentDiagram(findTemplate('lecture-digits')!.doc);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(attr(/<svg[^>]*>/.exec(svg)![0], 'font-family')).toBe("'DejaVu Sans', system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif");
    expect(texts(svg).filter((t) => t.cls === 'arithmetic').map((t) => t.content).join(' ')).toContain('784 x 600 + 600 = 471,000');
    expect(svg).toContain(`font-family="'DejaVu Sans Mono', ui-monospace, Menlo, Consolas, monospace"`);
    expect(svg).not.toMatch(/<image|<foreignObject|<path d="M[^"]*" fill="#111827"/);
    expect(svg).toContain('<title>Lecture digit recognizer</title>'.replace('Lecture digit recognizer', findTemplate('lecture-digits')!.doc.name));
  });

  it('draws the light and the dark theme in the canvas colours of each', () => {
    const doc = findTemplate('lecture-3-4-1')!.doc;
    const light = documentDiagram(doc, { theme: 'light' }).svg;
    const dark = documentDiagram(doc, { theme: 'dark' }).svg;
    expect(light).toContain('<rect class="background"');
    expect(attr(/<rect class="background"[^>]*>/.exec(light)![0], 'fill')).toBe('#ffffff');
    expect(attr(/<rect class="background"[^>]*>/.exec(dark)![0], 'fill')).toBe('#0f1520');
    const fills = (svg: string) => new Set(texts(svg).map((t) => t.fill));
    expect(fills(light)).toEqual(new Set(['#111827', '#4b5563']));
    expect(fills(dark)).toEqual(new Set(['#f3f4f6', '#c4cad4']));
    expect(lines(light, 'dense_1').every((l) => l.includes('stroke="#9ca3af"'))).toBe(true);
    expect(lines(dark, 'dense_1').every((l) => l.includes('stroke="#6b7280"'))).toBe(true);
    expect(dark).toContain('<circle cx=');
    expect([...dark.matchAll(/<circle[^>]*>/g)].every(([c]) => c.includes('stroke="#e5e7eb"'))).toBe(true);
    expect(documentDiagram(doc, { background: false }).svg).not.toContain('class="background"');
  });

  it('has the same theme colours as global.css, so an export matches the canvas', () => {
    const css = readFileSync(new URL('../../src-renderer/global.css', import.meta.url), 'utf8');
    const block = (selector: string) => css.slice(css.indexOf(`${selector} {`), css.indexOf('}', css.indexOf(`${selector} {`)));
    const value = (text: string, prop: string) => new RegExp(`${prop}:\\s*([^;]+);`).exec(text)?.[1]?.trim();
    for (const [theme, selector] of [['light', ':root'], ['dark', ":root[data-theme='dark']"]] as const)
      for (const [key, prop] of Object.entries(CSS_PROPERTIES)) expect(PALETTES[theme][key as keyof (typeof PALETTES)['light']], `${theme} ${prop}`).toBe(value(block(selector), prop!));
  });

  it('leaves the arithmetic out without counts, and the band it took', () => {
    const doc = findTemplate('lecture-3-4-3-2')!.doc;
    const on = documentDiagram(doc);
    const off = documentDiagram(doc, { counts: false });
    expect(texts(on.svg).filter((t) => t.cls === 'arithmetic').map((t) => t.content)).toEqual(['3 x 4 + 4 = 16', '4 x 3 + 3 = 15', '3 x 2 + 2 = 8']);
    expect(texts(off.svg).filter((t) => t.cls === 'arithmetic')).toEqual([]);
    expect(off.svg).not.toMatch(/ = \d/);
    // The captions stay: counts off removes the sums, not the network.
    expect(texts(off.svg).map((t) => t.content)).toContain('4 units');
    expect(off.height).toBeLessThan(on.height);
  });

  it('draws trained weights on the canvas scale: sign as colour, size as opacity and width, with a key', () => {
    const doc = findTemplate('lecture-3-4-1')!.doc;
    // dense_1 is 3 x 4, row-major inputs x units; its largest magnitude is 2.
    const kernel = new Float32Array([2, -1, 0, 0.5, 0, 0, 0, 0, 0, 0, 0, -2]);
    const weights = new Map<string, DiagramWeights>([['dense_1', { cols: 4, kernel, summary: { min: -2, max: 2, mean: 0 } }]]);
    const { svg } = documentDiagram(doc, { weights });
    const ls = lines(svg, 'dense_1');
    expect(ls).toHaveLength(12);
    const find = (x: number) => ls[x]!;
    // Links are drawn in the layout's order, from neuron i to neuron j at i * 4 + j, like the kernel.
    expect(find(0)).toContain('stroke="#c2410c"');
    expect(find(0)).toContain('stroke-opacity="1"');
    expect(find(0)).toContain('stroke-width="3"');
    // -1 of 2: half the way, 0.15 + 0.85 x 0.5 = 0.575 opaque, 0.8 + 2.2 x 0.5 = 1.9 wide, blue.
    expect(find(1)).toContain('stroke="#1d4ed8"');
    expect(Number(attr(find(1), 'stroke-opacity'))).toBeCloseTo(0.575, 3);
    expect(find(1)).toContain('stroke-width="1.9"');
    // 0: the faintest and thinnest.
    expect(find(2)).toContain('stroke-opacity="0.15"');
    expect(find(2)).toContain('stroke-width="0.8"');
    expect(find(11)).toContain('stroke="#1d4ed8"');
    // Bundles without weights keep the plain grey.
    expect(lines(svg, 'dense_2').every((l) => l.includes('stroke="#9ca3af"'))).toBe(true);
    expect(svg).toContain('class="weight-key"');
    expect(texts(svg).map((t) => t.content)).toEqual(expect.arrayContaining(['\u2212max', '0', '+max']));
    expect(documentDiagram(doc).svg).not.toContain('weight-key');
  });

  it("draws a convolution's kernels as heatmaps averaged over input channels", () => {
    const doc = findTemplate('lecture-cnn')!.doc;
    // conv2d_1: [3, 3, 1, 16]; filter 0 is +1 at its top-left weight and -1 at its centre, every other weight 0.
    const kernel = new Float32Array(3 * 3 * 16);
    kernel[0 * 16 + 0] = 1;
    kernel[4 * 16 + 0] = -1;
    const weights = new Map<string, DiagramWeights>([['conv2d_1', { cols: 16, shape: [3, 3, 1, 16], kernel, summary: { min: -1, max: 1, mean: 0 } }]]);
    const { svg } = documentDiagram(doc, { weights });
    const cells = [...svg.matchAll(/<rect[^>]*fill="(#[0-9a-f]{6})"\/>/g)].map((m) => m[0]).filter((r) => !r.includes('stroke') && !r.includes('background'));
    // Filter 0's nine cells come first: orange, white, ..., blue at the centre.
    expect(cells.slice(0, 9).map((r) => attr(r, 'fill'))).toEqual(['#c2410c', '#ffffff', '#ffffff', '#ffffff', '#1d4ed8', '#ffffff', '#ffffff', '#ffffff', '#ffffff']);
  });

  it('mixes the diverging scale as d3 does for the canvas', () => {
    for (const t of [-1, -0.5, -0.1, 0, 0.25, 0.5, 1]) {
      const d3Colour = rgb((t >= 0 ? interpolateRgb('#ffffff', '#c2410c') : interpolateRgb('#ffffff', '#1d4ed8'))(Math.abs(t))).formatHex();
      expect(divergingHex(t, PALETTES.light)).toBe(d3Colour);
    }
  });
});
