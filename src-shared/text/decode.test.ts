import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText, firstInvalidUtf8, notUtf8Sentence } from './decode';

const utf16le = (s: string) => new Uint8Array([0xff, 0xfe, ...Buffer.from(s, 'utf16le')]);
const utf16be = (s: string) => {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return new Uint8Array([0xfe, 0xff, ...le]);
};

describe('decodeText', () => {
  it('strips a UTF-8 byte-order mark and decodes UTF-16 by its mark', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xc3, 0xa9]))).toEqual({ ok: true, text: 'aé', encoding: 'utf-8', bom: true });
    expect(decodeText(utf16le('café\n😀'))).toEqual({ ok: true, text: 'café\n😀', encoding: 'utf-16le', bom: true });
    expect(decodeText(utf16be('cafè'))).toEqual({ ok: true, text: 'cafè', encoding: 'utf-16be', bom: true });
  });

  it('refuses Latin-1, naming the first bad line, rather than merging café and cafè into one replacement character', () => {
    const latin1 = new Uint8Array(Buffer.from('label\ntea\ncafé\ncafè\n', 'latin1'));
    expect(decodeText(latin1)).toEqual({ ok: false, error: notUtf8Sentence(3) });
    expect(notUtf8Sentence(3)).toBe('The file is not UTF-8 text: line 3 has bytes that are not UTF-8 (perhaps Latin-1 or Windows-1252); save it as UTF-8 and try again.');
  });

  it('refuses a zero byte and UTF-16 without a mark, each in a sentence', () => {
    expect(decodeText(new Uint8Array([0x61, 0x0a, 0x62, 0x00]))).toEqual({ ok: false, error: 'The file holds a zero byte on line 2, so it is binary, not text; choose a text file.' });
    expect(decodeText(new Uint8Array(Buffer.from('{"a":1}', 'utf16le')))).toMatchObject({ ok: false, error: expect.stringContaining('UTF-16 text without a byte-order mark') });
  });

  it('agrees with a fatal TextDecoder on which byte strings are UTF-8 (random bytes, biased to the edges of the table)', () => {
    const edgy = fc.constantFrom(0x00, 0x0a, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff);
    const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    fc.assert(
      fc.property(fc.array(fc.oneof(edgy, fc.integer({ min: 0, max: 255 })), { maxLength: 24 }), (list) => {
        const bytes = new Uint8Array(list);
        let valid = true;
        try {
          fatal.decode(bytes);
        } catch {
          valid = false;
        }
        expect(firstInvalidUtf8(bytes) < 0).toBe(valid);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives back any text it is handed as UTF-8, UTF-8 with a mark, UTF-16 LE and BE', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !s.includes('\0')), (text) => {
        const utf8 = new Uint8Array(Buffer.from(text, 'utf8'));
        expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toMatchObject({ ok: true, text });
        expect(decodeText(utf16le(text))).toMatchObject({ ok: true, text });
        expect(decodeText(utf16be(text))).toMatchObject({ ok: true, text });
        // UTF-8 of text without NUL has no zero byte, so nothing mistakes it for mark-less UTF-16.
        expect(decodeText(utf8)).toMatchObject({ ok: true, text });
      }),
      { numRuns: 150 },
    );
  });
});
