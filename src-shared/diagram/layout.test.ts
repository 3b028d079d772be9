import { describe, expect, it } from 'vitest';
import { countsBiases } from '../graph/document';
import { summarize } from '../graph/summary';
import { findTemplate } from '../graph/templates';
import { dropIndex, layoutCanvas } from './layout';

const layoutOf = (id: string, width = 660, height = 480) => {
  const t = findTemplate(id)!;
  return layoutCanvas(t.doc.layers, summarize(t.doc.layers, { countBiases: countsBiases(t.doc) }), width, height);
};

describe('canvas layout', () => {
  it("keeps each map stack's label above the shape-change labels, however short the canvas", () => {
    // Presentation mode at 1280x800 leaves the CNN a short canvas: the labels used to print over each other there.
    for (const [w, h] of [[800, 260], [800, 300], [1000, 360], [660, 480]] as const) {
      const l = layoutOf('lecture-cnn', w, h);
      const mapLabelsBottom = Math.max(...l.columns.flatMap((c) => (c.maps ? [c.maps.labelY + 3] : [])));
      const shapeTop = Math.min(...l.bundles.flatMap((b) => (b.shapeLabel ? [b.shapeY - l.shapeFont] : [])));
      expect(mapLabelsBottom, `${w}x${h}`).toBeLessThanOrEqual(shapeTop);
    }
  });

  it('draws every neuron and every dense connection of the small lecture network', () => {
    const l = layoutOf('lecture-3-4-1');
    expect(l.columns.map((c) => c.neurons.length)).toEqual([3, 4, 1]);
    expect(l.bundles.map((b) => b.links.length)).toEqual([12, 4]);
    expect(l.bundles.map((b) => b.label)).toEqual([['3 x 4 = 12'], ['4 x 1 = 4']]);
  });

  it('bounds the drawing of the digit network by what is visible, and keeps the true sizes', () => {
    const l = layoutOf('lecture-digits');
    expect(l.columns.map((c) => c.size)).toEqual([784, 784, 600, 500, 250, 10]);
    expect(l.columns.map((c) => c.neurons.length)).toEqual([10, 10, 10, 10, 10, 10]);
    expect(l.columns.slice(0, 5).every((c) => c.ellipsisY !== null)).toBe(true);
    expect(l.columns[2]!.neurons.map((n) => n.index)).toEqual([0, 1, 2, 3, 4, 595, 596, 597, 598, 599]);
    expect(l.columns[2]!.caption).toContain('600 units');
    // flatten carries values straight across; dense bundles join drawn neurons only.
    expect(l.bundles.map((b) => b.links.length)).toEqual([10, 100, 100, 100, 100]);
    expect(l.bundles[1]!.label.join(' ')).toBe('784 x 600 + 600 = 471,000');
  });

  it('keeps labels and captions inside the canvas', () => {
    for (const id of ['lecture-3-4-1', 'lecture-3-4-3-2', 'lecture-digits']) {
      const l = layoutOf(id);
      for (const c of l.columns) {
        expect(c.top).toBeGreaterThan(0);
        expect(l.captionY + (c.caption.length - 1) * l.lineHeight).toBeLessThanOrEqual(l.height);
      }
    }
  });

  it('puts a drop between the columns it lands between', () => {
    const l = layoutOf('lecture-3-4-3-2', 800);
    const xs = l.columns.map((c) => c.x);
    expect(dropIndex(l.columns, 0)).toBe(0);
    expect(dropIndex(l.columns, (xs[1]! + xs[2]!) / 2)).toBe(2);
    expect(dropIndex(l.columns, 799)).toBe(4);
    // While dragging a layer, its own column does not count.
    expect(dropIndex(l.columns, (xs[1]! + xs[2]!) / 2, l.columns[3]!.id)).toBe(2);
    expect(dropIndex(l.columns, (xs[1]! + xs[2]!) / 2, l.columns[0]!.id)).toBe(1);
  });
});
