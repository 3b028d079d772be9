import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvDataset } from './csv';

const dir = mkdtempSync(join(tmpdir(), 'densely-csv-'));
let n = 0;
function file(text: string): string {
  const p = join(dir, `f${++n}.csv`);
  writeFileSync(p, text);
  return p;
}
const read = (text: string, labelColumn = 'y', extra: { maxBytes?: number; maxRows?: number } = {}) =>
  readCsvDataset({ path: file(text), name: 'test', labelColumn, ...extra });

describe('CSV import', () => {
  it('reads numeric features and integer labels as classes', async () => {
    const d = await read('a,b,y\n1,2,0\n3,4,1\n5,6,2\n');
    expect(d.info).toMatchObject({ task: 'classification', classes: 3, featureShape: [2], samples: 3, image: false, source: 'imported' });
    expect(Array.from(d.features)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(d.labels)).toEqual([0, 1, 2]);
  });

  it('treats non-integer labels as regression, and the label may be any column', async () => {
    const d = await read('y,a\n0.5,1\n1.25,2\n', 'y');
    expect(d.info.task).toBe('regression');
    expect(Array.from(d.labels)).toEqual([0.5, 1.25]);
    expect(Array.from(d.features)).toEqual([1, 2]);
  });

  it('maps text and other integer labels to classes in sorted order', async () => {
    const t = await read('a,y\n1,cat\n2,dog\n3,cat\n');
    expect(t.info.classNames).toEqual(['cat', 'dog']);
    expect(Array.from(t.labels)).toEqual([0, 1, 0]);
    const neg = await read('a,y\n1,-1\n2,1\n');
    expect(neg.info.classes).toBe(2);
    expect(Array.from(neg.labels)).toEqual([0, 1]);
  });

  it("recognises the lecture's label,pixel0..pixel783 format as 28x28 images scaled to 0..1", async () => {
    const header = ['label', ...Array.from({ length: 784 }, (_, i) => `pixel${i}`)].join(',');
    const row = (label: number, v: number) => [label, ...new Array(784).fill(v)].join(',');
    const d = await read(`${header}\n${row(3, 255)}\n${row(7, 0)}\n`, 'label');
    expect(d.info).toMatchObject({ image: true, featureShape: [28, 28], classes: 8 });
    expect(d.features[0]).toBe(1);
    expect(d.features[784]).toBe(0);
  });

  it('reports progress', async () => {
    const seen: number[] = [];
    const rows = ['a,y', ...Array.from({ length: 2000 }, (_, i) => `${i},${i % 2}`)].join('\n');
    await readCsvDataset({ path: file(rows), name: 't', labelColumn: 'y', onProgress: (p) => seen.push(p.rows) });
    expect(seen.at(-1)).toBe(2000);
  });

  const errors: [string, string, string, RegExp][] = [
    ['an empty file', '', 'y', /The file is empty/],
    ['a header without rows', 'a,y\n', 'y', /header row but no rows of data/],
    ['a missing label column, listing the columns', 'a,b\n1,2\n', 'y', /no column named "y"; its columns are "a", "b"/],
    ['a ragged row, naming the row', 'a,y\n1,0\n2,1,5\n', 'y', /Row 2 after the header has 3 values, but the header names 2 columns/],
    ['text in a numeric column, naming row and column', 'a,b,y\n1,2,0\n3,oops,1\n', 'y', /Row 2 after the header, column "b" holds "oops", which is not a number/],
    ['an empty cell', 'a,b,y\n1,,0\n', 'y', /Row 1 after the header, column "b" is empty/],
    ['a single class', 'a,y\n1,0\n2,0\n', 'y', /only one value/],
  ];
  for (const [what, text, label, message] of errors)
    it(`rejects ${what}`, async () => {
      await expect(read(text, label)).rejects.toThrow(message);
    });

  it('rejects a file too large and too many rows', async () => {
    await expect(read('a,y\n1,0\n2,1\n', 'y', { maxBytes: 5 })).rejects.toThrow(/more than the 5 an import may have/);
    await expect(read('a,y\n1,0\n2,1\n3,0\n', 'y', { maxRows: 2 })).rejects.toThrow(/more than 2 rows/);
  });

  it('rejects a path that is not there', async () => {
    await expect(readCsvDataset({ path: join(dir, 'none.csv'), name: 'x', labelColumn: 'y' })).rejects.toThrow(/There is no CSV file at .*none\.csv; check the path\./);
  });
});
