/**
 * The CSV reader on generated files: a well-formed CSV, in any encoding and
 * line ending Densely can tell, reads back its numbers and keeps every label
 * apart; anything else ends in one sentence, and nothing hangs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvImportError, readCsvDataset } from './csv';

const dir = mkdtempSync(join(tmpdir(), 'densely-csv-prop-'));
let n = 0;
function file(bytes: Uint8Array): string {
  const p = join(dir, `f${++n}.csv`);
  writeFileSync(p, bytes);
  return p;
}

/** Settles within `ms`, or says it hung. */
function within<T>(p: Promise<T>, ms: number): Promise<{ value: T } | { error: unknown } | 'hung'> {
  return Promise.race([
    p.then((value) => ({ value }), (error: unknown) => ({ error })),
    new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), ms)),
  ]);
}

const encodings = ['utf-8', 'utf-8 bom', 'utf-16le', 'utf-16be'] as const;
function encode(text: string, how: (typeof encodings)[number]): Uint8Array {
  if (how === 'utf-8') return new Uint8Array(Buffer.from(text, 'utf8'));
  if (how === 'utf-8 bom') return new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(text, 'utf8')]);
  const le = Buffer.from(text, 'utf16le');
  if (how === 'utf-16be') for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return new Uint8Array([...(how === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff]), ...le]);
}

/** Class names as people write them, accents and all: no separators, no edge spaces, never a number. */
const className = fc
  .oneof(fc.constantFrom('café', 'cafè', 'cafe', 'CAFÉ', 'Ünïcödé', '猫', '犬', 'a b'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }))
  .filter((s) => s === s.trim() && s !== '' && !/[,"\r\n\t;|\0\uFEFF]/.test(s) && Number.isNaN(Number(s)) && !/^[<[{]|^version /.test(s));

const feature = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -1e30, max: 1e30, noNaN: true }));

const table = fc.integer({ min: 1, max: 4 }).chain((features) =>
  fc.record({
    features: fc.constant(features),
    names: fc.uniqueArray(className, { minLength: 2, maxLength: 5 }),
    rows: fc.array(fc.tuple(fc.array(feature, { minLength: features, maxLength: features }), fc.nat()), { minLength: 2, maxLength: 30 }),
    crlf: fc.array(fc.boolean(), { minLength: 32, maxLength: 32 }),
    encoding: fc.constantFrom(...encodings),
  }),
);

describe('the CSV reader on generated files', () => {
  it('reads every number and keeps every class apart, in any encoding it can tell and any line ending', async () => {
    await fc.assert(
      fc.asyncProperty(table, async ({ features, names, rows, crlf, encoding }) => {
        const labels = rows.map(([, k]) => names[k % names.length]!);
        fc.pre(new Set(labels).size >= 2);
        const header = [...Array.from({ length: features }, (_, i) => `x${i}`), 'label'].join(',');
        const lines = [header, ...rows.map(([xs], i) => [...xs.map(String), labels[i]].join(','))];
        const text = lines.map((l, i) => l + (crlf[i % crlf.length] ? '\r\n' : '\n')).join('');
        const r = await within(readCsvDataset({ path: file(encode(text, encoding)), name: 't', labelColumn: 'label' }), 5_000);
        if (r === 'hung' || 'error' in r) throw new Error(`not read: ${r === 'hung' ? 'hung' : String(r.error)}`);
        const d = r.value;
        expect(d.info.samples).toBe(rows.length);
        // What the file says, as float32: String(-0) is "0", so a -0 reads as 0.
        expect(Array.from(d.features)).toEqual(rows.flatMap(([xs]) => xs.map((v) => Math.fround(Number(String(v))))));
        // Classes: one per distinct text, in sorted order, none merged.
        const sorted = [...new Set(labels)].sort();
        expect(d.info.classNames).toEqual(sorted);
        expect(Array.from(d.labels)).toEqual(labels.map((l) => sorted.indexOf(l)));
      }),
      { numRuns: 40 },
    );
  });

  it('answers anything else with one sentence, never a hang or a crash', async () => {
    const noise = fc.oneof(
      fc.uint8Array({ maxLength: 120 }),
      fc.string({ unit: 'binary', maxLength: 120 }).map((s) => new Uint8Array(Buffer.from(s, 'utf8'))),
      fc.array(fc.constantFrom('x', 'label', ',', '"', '\n', '\r', '1', '1e400', 'NaN', '-0', '\u00e9', ' ', '\0'), { maxLength: 60 }).map((parts) => new Uint8Array(Buffer.from(parts.join(''), 'utf8'))),
    );
    await fc.assert(
      fc.asyncProperty(noise, async (bytes) => {
        const r = await within(readCsvDataset({ path: file(bytes), name: 't', labelColumn: 'label' }), 2_000);
        expect(r).not.toBe('hung');
        if (r !== 'hung' && 'error' in r) {
          expect(r.error).toBeInstanceOf(CsvImportError);
          expect((r.error as Error).message).toMatch(/^[^\n]+[.)]$/);
        }
      }),
      { numRuns: 80 },
    );
  });
});
