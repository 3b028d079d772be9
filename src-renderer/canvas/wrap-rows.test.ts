import { describe, expect, it } from 'vitest';
import { countsBiases } from '../../src-shared/graph/document';
import { summarize } from '../../src-shared/graph/summary';
import { findTemplate } from '../../src-shared/graph/templates';
import { layoutCanvas } from '../../src-shared/diagram/layout';
import { dropIndexWrapped, ROW_BAND, wrapRows } from './wrap-rows';

// The CNN template's 8 columns, 140 wide each, in rows 300 tall.
const cnn = () => {
  const t = findTemplate('lecture-cnn')!;
  return layoutCanvas(t.doc.layers, summarize(t.doc.layers, { countBiases: countsBiases(t.doc) }), 8 * 140, 300);
};

describe('wrapping the canvas into rows', () => {
  it('puts four columns in each of two rows, the second row moved left by four slots and down by a row and a band', () => {
    const one = cnn();
    const two = wrapRows(one, 2);
    // A row is the one-row layout's height: 300, or a little more where a map's label had to go below the rows' bottom.
    const h = one.height;
    expect(h).toBeGreaterThanOrEqual(300);
    expect(h).toBeLessThan(330);
    expect(two.columns.map((c) => c.row)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(two.width).toBe(4 * 140);
    expect(two.height).toBeCloseTo(2 * h + ROW_BAND, 9);
    // Column 5 (flatten) sits where column 1 sits, one row and one band lower.
    expect(two.columns[5]!.x).toBeCloseTo(one.columns[1]!.x);
    expect(two.columns[5]!.top - one.columns[5]!.top).toBeCloseTo(h + ROW_BAND, 9);
    expect(two.columns[5]!.captionY).toBeCloseTo(one.captionY + h + ROW_BAND, 9);
    expect(two.columns[1]!.rowBottom).toBeCloseTo(h, 9);
    expect(two.columns[5]!.rowBottom).toBeCloseTo(2 * h + ROW_BAND, 9);
  });

  it('writes a crossing bundle between the rows, mid-width, its links running from one row to the next', () => {
    const two = wrapRows(cnn(), 2);
    const crossing = two.bundles.find((b) => b.toLayer === 4)!;
    expect(crossing.labelX).toBe(two.width / 2);
    expect(crossing.labelY).toBeGreaterThan(300);
    expect(crossing.labelY).toBeLessThan(300 + ROW_BAND);
    // Inside a row, a label stays between its two columns.
    const inRow = two.bundles.find((b) => b.toLayer === 7)!;
    expect(inRow.labelX).toBeCloseTo((two.columns[6]!.x + two.columns[7]!.x) / 2);
    expect(inRow.label.join(' ')).toBe('32 x 10 + 10 = 330');
  });

  it('drops into the row under the pointer, after the columns left of it', () => {
    const two = wrapRows(cnn(), 2);
    const secondRowY = 300 + ROW_BAND + 100;
    expect(dropIndexWrapped(two, 0, 100)).toBe(0);
    expect(dropIndexWrapped(two, two.columns[1]!.x + 1, 100)).toBe(2);
    expect(dropIndexWrapped(two, 0, secondRowY)).toBe(4);
    expect(dropIndexWrapped(two, two.columns[5]!.x + 1, secondRowY)).toBe(6);
    expect(dropIndexWrapped(two, two.width, secondRowY)).toBe(8);
  });

  it('leaves a one-row drawing as it was', () => {
    const one = cnn();
    const same = wrapRows(one, 1);
    expect(same.width).toBe(one.width);
    expect(same.columns.map((c) => c.x)).toEqual(one.columns.map((c) => c.x));
  });
});
