/** `densely draw` as a person runs it: the files it writes, their sizes as their headers state them, and its one-line errors. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { documentDiagram } from '../src-shared/diagram/svg';
import { textWidth } from '../src-shared/diagram/text-width';
import { MONO_FONTS, SANS_FONTS } from '../src-shared/diagram/theme';
import { TEMPLATES } from '../src-shared/graph/templates';
import { densely } from '../e2e/fixtures/cli';

/** Width and height from a PNG's IHDR chunk: bytes 16-23, big-endian, after the 8-byte signature and the chunk's length and type. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

function svgSize(text: string): [number, number] {
  const tag = /<svg[^>]*>/.exec(text)![0];
  return [Number(/ width="(\d+)"/.exec(tag)![1]), Number(/ height="(\d+)"/.exec(tag)![1])];
}

const DIGITS = 'assets/samples/lecture-digits.densely.json';
const fonts = { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans', monospaceFamily: 'DejaVu Sans Mono' };

describe('densely draw', () => {
  it('writes the digit template as an SVG and as PNGs of 1, 2 and 4 times its size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'densely-draw-'));
    const svgPath = join(dir, 'digits.svg');
    const runs = await Promise.all([
      densely('draw', DIGITS, '-o', svgPath),
      densely('draw', DIGITS, '-o', join(dir, 'digits-1x.png')),
      densely('draw', DIGITS, '-o', join(dir, 'digits-2x.png'), '--scale', '2'),
      densely('draw', DIGITS, '-o', join(dir, 'digits-4x.png'), '--scale', '4', '--theme', 'dark'),
    ]);
    for (const r of runs) expect(r.stderr).toBe('');
    const svg = readFileSync(svgPath, 'utf8');
    const [w, h] = svgSize(svg);
    expect(runs[0]!.stdout).toBe(`${svgPath}: SVG, ${w} x ${h} px\n`);
    expect(svg).toContain('784 x 600 + 600');
    expect(svg).toContain('= 471,000');
    expect(pngSize(readFileSync(join(dir, 'digits-1x.png')))).toEqual([w, h]);
    expect(pngSize(readFileSync(join(dir, 'digits-2x.png')))).toEqual([2 * w, 2 * h]);
    expect(pngSize(readFileSync(join(dir, 'digits-4x.png')))).toEqual([4 * w, 4 * h]);
    // write-file-atomic renames its temp file over the target: nothing else is left in the folder.
    expect(readdirSync(dir).sort()).toEqual(['digits-1x.png', 'digits-2x.png', 'digits-4x.png', 'digits.svg']);
  });

  it('draws a batch into a folder, one file per project named after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'densely-draw-'));
    const out = join(dir, 'drawings') + '/';
    const r = await densely('draw', DIGITS, 'assets/samples/lecture-3-4-1.densely.json', '-o', out, '--format', 'png', '--no-counts');
    expect(r.stderr).toBe('');
    expect(readdirSync(out).sort()).toEqual(['lecture-3-4-1.png', 'lecture-digits.png']);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    const [w, h] = pngSize(readFileSync(join(out, 'lecture-3-4-1.png')));
    const expected = documentDiagram(JSON.parse(readFileSync('assets/samples/lecture-3-4-1.densely.json', 'utf8')), { counts: false });
    expect([w, h]).toEqual([expected.width, expected.height]);
  });

  it.each([
    [['draw', '--layers', '3,4,1', '-o', 'out.jpg'], 'error: -o must name a .svg or .png file (or a folder); got out.jpg.'],
    [['draw', 'no-such-file.json', '-o', 'out.svg'], 'error: There is no project file at no-such-file.json; check the path.'],
    [['draw', '--layers', '3,4,1', '-o', '/no-such-folder/out.svg'], 'error: There is no folder /no-such-folder to write out.svg into; create it or check the path.'],
    [['draw', '--layers', '3,4,1', '-o', 'out.png', '--scale', '3'], "error: option '--scale <factor>' argument '3' is invalid. Allowed choices are 1, 2, 4."],
    [['draw', '--layers', '3,4,1', '-o', 'out.svg', '--theme', 'blue'], "error: option '--theme <theme>' argument 'blue' is invalid. Allowed choices are light, dark."],
    [['draw', '--layers', '3,,x', '-o', 'out.svg'], 'error: --layers takes whole numbers separated by commas, such as 3,4,1; item 2 is "".'],
  ])('%j fails with one error line and writes nothing', async (args, message) => {
    const r = await densely(...args);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(message + '\n');
  });

  it.each(TEMPLATES.map((t) => t.id))('%s: every glyph, rendered in the real fonts, lies inside the viewBox', (id) => {
    const doc = TEMPLATES.find((t) => t.id === id)!.doc;
    for (const theme of ['light', 'dark'] as const) {
      const d = documentDiagram(doc, { theme, background: false, unfolded: new Set(doc.layers.map((l) => l.id)) });
      const [x0, y0, w, h] = /viewBox="([^"]+)"/.exec(d.svg)![1]!.split(' ').map(Number) as [number, number, number, number];
      // resvg lays the text out in DejaVu and measures what it drew: a measure independent of the generator's width table.
      const box = new Resvg(d.svg, { font: fonts }).getBBox()!;
      expect(box.x).toBeGreaterThanOrEqual(x0);
      expect(box.y).toBeGreaterThanOrEqual(y0);
      expect(box.x + box.width).toBeLessThanOrEqual(x0 + w);
      expect(box.y + box.height).toBeLessThanOrEqual(y0 + h);
    }
  });

  it.each([
    ['= 784 values', 14, false, false],
    ['max_pooling2d_1', 14, false, false],
    ['MaxPool2D', 14, false, true],
    ['GlobalAvgPool2D', 14, false, true],
    ['Next lecture: CNN digits', 14, false, false],
    ['WMQ wmq (TAVY) 0.25%', 13, false, false],
    ['784 x 600 + 600 = 471,000', 14, true, true],
    ['26x26x16 -> 13x13x16', 12, true, false],
  ] as const)('measures %j no narrower than DejaVu draws it, and at most a fifth wider', (text, size, mono, bold) => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="40"><text x="10" y="25" font-size="${size}" font-weight="${bold ? 700 : 400}" font-family="${mono ? MONO_FONTS : SANS_FONTS}">${text.replace(/&/g, '&amp;').replace(/>/g, '&gt;')}</text></svg>`;
    const drawn = new Resvg(svg, { font: fonts }).getBBox()!.width;
    const estimate = textWidth(text, { size, mono, bold });
    expect(estimate).toBeGreaterThanOrEqual(drawn);
    expect(estimate).toBeLessThanOrEqual(drawn * 1.2);
  });

  it("rasterises the arithmetic in the monospace font the SVG names, as a browser does", () => {
    // Ten i's: 10 x 0.602 em = 84 px wide in DejaVu Sans Mono at 14 px, but 39 px in a proportional font.
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="0" y="20" font-size="14" font-family="${MONO_FONTS}">iiiiiiiiii</text></svg>`;
    expect(new Resvg(svg, { font: fonts }).getBBox()!.width).toBeGreaterThan(75);
  });

  it('paints the dark ground and the light one in the canvas colours', () => {
    const doc = TEMPLATES.find((t) => t.id === 'lecture-3-4-1')!.doc;
    for (const [theme, rgb] of [
      ['dark', [0x0f, 0x15, 0x20]],
      ['light', [0xff, 0xff, 0xff]],
    ] as const) {
      const pixels = new Resvg(documentDiagram(doc, { theme }).svg, { font: fonts }).render().pixels;
      expect([...pixels.subarray(0, 4)]).toEqual([...rgb, 255]);
    }
  });
});
