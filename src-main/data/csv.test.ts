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

  it('says how 1,000 whole-number labels were read: as regression, past the class limit of 100', async () => {
    const many = await read(['a,y', ...Array.from({ length: 1000 }, (_, i) => `${i % 7},${i}`)].join('\n'));
    expect(many.info).toMatchObject({ task: 'regression', classes: 1, samples: 1000 });
    expect(many.info.note).toBe(
      'The label column "y" holds more than 100 different whole numbers, more than the 100 classes a classifier may have, so it was read as regression (one value to predict); to classify, use at most 100 classes.',
    );
    // 100 different whole numbers are still classes, and say nothing.
    const hundred = await read(['a,y', ...Array.from({ length: 100 }, (_, i) => `1,${i}`)].join('\n'));
    expect(hundred.info).toMatchObject({ task: 'classification', classes: 100 });
    expect(hundred.info.note).toBeUndefined();
  });

  it('never merges classes: café and cafè are two, and "1" and "1.0" are the one number', async () => {
    const text = await read('a,y\n1,café\n2,cafè\n3,café\n');
    // Sorted by code point: è (U+00E8) before é (U+00E9).
    expect(text.info.classNames).toEqual(['cafè', 'café']);
    expect(Array.from(text.labels)).toEqual([1, 0, 1]);
    const numbers = await read('a,y\n1,-1\n2,1\n3,1.0\n');
    expect(numbers.info.classNames).toEqual(['-1', '1']);
    expect(Array.from(numbers.labels)).toEqual([0, 1, 1]);
  });

  describe('decoding across the 256 KiB chunks the file is streamed in', () => {
    const CHUNK = 256 * 1024;
    /** Rows of good data past `minBytes`, then `tail` on the line after them; returns the bytes and that line. */
    function padded(minBytes: number, tail: Buffer): { data: Buffer; line: number } {
      const rows = ['a,y'];
      for (let size = 4; size < minBytes; size += 6) rows.push(rows.length % 2 ? '1,tea' : '2,tee');
      return { data: Buffer.concat([Buffer.from(rows.join('\n') + '\n', 'utf8'), tail]), line: rows.length + 1 };
    }
    const write = (data: Buffer) => {
      const p = join(dir, `chunk${++n}.csv`);
      writeFileSync(p, data);
      return p;
    };

    it('reads a character split between two chunks', async () => {
      // "é" is c3 a9: put c3 as the last byte of the first chunk.
      const prefix = Buffer.from(`a,y\n${'1,tea\n'.repeat(Math.floor((CHUNK - 20) / 6))}`, 'utf8');
      const fill = Buffer.from(`2,caf`.padStart(CHUNK - prefix.length - 1, '0'), 'utf8');
      const data = Buffer.concat([prefix, fill, Buffer.from('é\n3,tea\n', 'utf8')]);
      expect(data[CHUNK - 1]).toBe(0xc3);
      const d = await readCsvDataset({ path: write(data), name: 't', labelColumn: 'y' });
      expect(d.info.classNames).toEqual(['café', 'tea']);
    });

    it('names the line of a Latin-1 byte in a later chunk, and right after a split character', async () => {
      for (const at of [CHUNK + 5000, CHUNK * 2 + 1]) {
        const { data, line } = padded(at, Buffer.from('4,caf\xe9\n', 'latin1'));
        expect(data.indexOf(0xe9)).toBeGreaterThan(CHUNK);
        await expect(readCsvDataset({ path: write(data), name: 't', labelColumn: 'y' })).rejects.toThrow(
          `The file is not UTF-8 text: line ${line} has bytes that are not UTF-8`,
        );
      }
      // c3 ends the first chunk and a Latin-1 e9 (not a continuation byte) begins the next: the bad line is the one they share.
      const prefix = Buffer.from(`a,y\n${'1,tea\n'.repeat(Math.floor((CHUNK - 20) / 6))}`, 'utf8');
      const fill = Buffer.from(`2,caf`.padStart(CHUNK - prefix.length - 1, '0'), 'utf8');
      const data = Buffer.concat([prefix, fill, Buffer.from([0xc3, 0xe9, 0x0a])]);
      const line = prefix.toString('utf8').split('\n').length;
      await expect(readCsvDataset({ path: write(data), name: 't', labelColumn: 'y' })).rejects.toThrow(`line ${line} has bytes that are not UTF-8`);
    });

    it('reads a CRLF split between two chunks as one line ending', async () => {
      const prefix = Buffer.from(`a,y\r\n${'1,0\r\n'.repeat(Math.floor((CHUNK - 20) / 5))}`, 'utf8');
      const fill = Buffer.from(`2,1`.padStart(CHUNK - prefix.length - 1, '0'), 'utf8');
      const data = Buffer.concat([prefix, fill, Buffer.from('\r\n3,0\r\n', 'utf8')]);
      expect(data[CHUNK - 1]).toBe(0x0d);
      const rows = data.toString('utf8').split('\r\n').filter(Boolean).length - 1;
      const d = await readCsvDataset({ path: write(data), name: 't', labelColumn: 'y' });
      expect(d.info.samples).toBe(rows);
      expect(d.info.classes).toBe(2);
    });
  });

  it('rejects a path that is not there', async () => {
    await expect(readCsvDataset({ path: join(dir, 'none.csv'), name: 'x', labelColumn: 'y' })).rejects.toThrow(/There is no CSV file at .*none\.csv; check the path\./);
  });
});
