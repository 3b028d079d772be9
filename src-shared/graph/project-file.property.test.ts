/**
 * Properties of the project file reader over generated input: it never
 * throws, it answers with a document or one sentence, and it gives back every
 * document it writes, in every encoding it can tell.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_UNITS } from '../layers/limits';
import { arbitraryChain } from './arbitrary-layers';
import type { NetworkDocument } from './document';
import { parseProject, parseProjectBytes, serializeProject, type LoadResult } from './project-file';

/** A load result is a document, or one sentence: one line, a capital, a full stop, no stack trace. */
function expectDocumentOrSentence(r: LoadResult) {
  if (r.ok) {
    expect(Array.isArray(r.doc.layers)).toBe(true);
    return;
  }
  expect(r.error).toMatch(/^[A-Za-z"`][^\n]*[.)]$/);
  expect(r.error).not.toMatch(/\n|\bat .+:\d+:\d+/);
}

const training = fc.record(
  {
    epochs: fc.integer({ min: 1, max: 1000 }),
    batchSize: fc.integer({ min: 1, max: 512 }),
    learningRate: fc.double({ min: 1e-6, max: 10, noNaN: true }),
    validationSplit: fc.double({ min: 0, max: 0.9, noNaN: true }),
    shuffle: fc.boolean(),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    loss: fc.constantFrom('mse', 'mae', 'bce', 'cce', 'kld'),
  },
  { requiredKeys: [] },
);

const documents: fc.Arbitrary<NetworkDocument> = fc
  .record({
    name: fc.string({ unit: 'grapheme', maxLength: 30 }),
    layers: arbitraryChain(6),
    training: fc.option(training, { nil: undefined }),
    countBiases: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map(({ training, countBiases, ...rest }) => ({ ...rest, ...(training ? { training } : {}), ...(countBiases !== undefined ? { countBiases } : {}) }) as NetworkDocument);

const utf16 = (text: string, bigEndian: boolean) => {
  const le = Buffer.from(text, 'utf16le');
  if (bigEndian) for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return new Uint8Array([...(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]), ...le]);
};

describe('the project file reader, on generated input', () => {
  it('never throws on any text, any bytes or any JSON value: a document or a sentence', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.json({ maxDepth: 4 })), (text) => {
        expectDocumentOrSentence(parseProject(text));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expectDocumentOrSentence(parseProjectBytes(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on a valid file damaged by cuts, insertions and stray bytes', () => {
    const damage = fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.string({ unit: 'binary', maxLength: 4 })), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(documents, damage, (doc, edits) => {
        let text = serializeProject(doc);
        for (const [at, cut, insert] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + insert + text.slice(i + cut);
        }
        expectDocumentOrSentence(parseProject(text));
        expectDocumentOrSentence(parseProjectBytes(new Uint8Array(Buffer.from(text, 'utf8'))));
      }),
      { numRuns: 120 },
    );
  });

  it('reads back every document it writes, as UTF-8, with a byte-order mark, and as UTF-16 LE and BE', () => {
    fc.assert(
      fc.property(documents, (doc) => {
        // Layers past the unit limit are refused on load by design (see the corpus); the rest must come back.
        fc.pre(!JSON.stringify(doc.layers, (_k, v: unknown) => (typeof v === 'number' && v > MAX_UNITS ? 'too big' : v)).includes('"too big"'));
        const text = serializeProject(doc);
        // JSON has one zero: a -0 rate is written as 0, the same rate.
        const expected = { ok: true, doc: JSON.parse(JSON.stringify(doc), (_k, v: unknown) => (Object.is(v, -0) ? 0 : v)) as NetworkDocument };
        expect(parseProject(text)).toEqual(expected);
        expect(parseProjectBytes(new Uint8Array(Buffer.from(text, 'utf8')))).toEqual(expected);
        expect(parseProjectBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(text, 'utf8')]))).toEqual(expected);
        expect(parseProjectBytes(utf16(text, false))).toEqual(expected);
        expect(parseProjectBytes(utf16(text, true))).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});
