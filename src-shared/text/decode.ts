/**
 * The one rule for turning a file's bytes into text, used wherever Densely
 * reads a file (the CLI, Electron's Open, the web page's Open, CSV import):
 * a byte-order mark says the encoding (UTF-8 is stripped, UTF-16 LE and BE are
 * decoded); without one the bytes must be UTF-8, and anything else is refused
 * with a sentence naming the first bad line, never guessed at, so that two
 * labels such as `café` and `cafè` can never collapse into one.
 *
 * Written by hand because the pure project has no TextDecoder (it is a DOM
 * and Node global, not an ECMAScript one).
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DetectedEncoding {
  readonly encoding: TextEncodingName;
  /** Bytes of byte-order mark to skip, 0 when there is none. */
  readonly bomLength: number;
}

export type DecodedText = { readonly ok: true; readonly text: string; readonly encoding: TextEncodingName; readonly bom: boolean } | { readonly ok: false; readonly error: string };

/** The encoding a file's first bytes announce; UTF-8 without a mark otherwise. */
export function detectEncoding(head: Uint8Array): DetectedEncoding {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  return { encoding: 'utf-8', bomLength: 0 };
}

/**
 * Length of the well-formed UTF-8 sequence at `i` (Unicode table 3-7), 0 when
 * the bytes there are not UTF-8, -1 when a sequence that could be good is cut
 * off by `end`.
 */
export function utf8SequenceLength(bytes: Uint8Array, i: number, end = bytes.length): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) need = 1;
  else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    if (b === 0xe0) lo = 0xa0;
    else if (b === 0xed) hi = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    if (b === 0xf0) lo = 0x90;
    else if (b === 0xf4) hi = 0x8f;
  } else return 0;
  for (let k = 1; k <= need; k++) {
    if (i + k >= end) return -1;
    const c = bytes[i + k]!;
    if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return 0;
  }
  return need + 1;
}

/**
 * Offset of the first byte that is not well-formed UTF-8 in bytes[start, end),
 * or -1. With `final` false, a sequence cut off at `end` is not an error (more
 * bytes may follow).
 */
export function firstInvalidUtf8(bytes: Uint8Array, start = 0, end = bytes.length, final = true): number {
  let i = start;
  while (i < end) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const n = utf8SequenceLength(bytes, i, end);
    if (n > 0) i += n;
    else if (n < 0 && !final) return -1;
    else return i;
  }
  return -1;
}

/** The bytes at the end of `bytes` that begin a UTF-8 sequence not finished yet (at most 3). */
export function unfinishedUtf8Tail(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const i = bytes.length - back;
    const b = bytes[i]!;
    if (b >= 0x80 && b < 0xc0) continue;
    return utf8SequenceLength(bytes, i) === -1 ? bytes.subarray(i) : new Uint8Array(0);
  }
  return new Uint8Array(0);
}

/** 1-based line of the byte at `offset`: one more than the line feeds before it. */
export function lineOfByte(bytes: Uint8Array, offset: number, start = 0): number {
  let line = 1;
  for (let i = start; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

export const notUtf8Sentence = (line: number) =>
  `The file is not UTF-8 text: line ${line} has bytes that are not UTF-8 (perhaps Latin-1 or Windows-1252); save it as UTF-8 and try again.`;

export const notUtf16Sentence = (encoding: TextEncodingName, line: number) =>
  `The file is not valid ${encoding === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'} text, as its byte-order mark says: line ${line} has a broken character; save it as UTF-8 and try again.`;

export const nulSentence = (line: number) =>
  `The file holds a zero byte on line ${line}, so it is binary, not text; choose a text file.`;

export const utf16WithoutBomSentence = 'The file looks like UTF-16 text without a byte-order mark; save it as UTF-8 and try again.';

/** Whether bytes look like ASCII written as UTF-16 with no mark: a zero in every other byte at the start. */
function looksLikeBomlessUtf16(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const even = bytes[0] === 0 && bytes[2] === 0 && bytes[1] !== 0 && bytes[3] !== 0;
  const odd = bytes[1] === 0 && bytes[3] === 0 && bytes[0] !== 0 && bytes[2] !== 0;
  return even || odd;
}

const CHUNK = 8192;

function fromCodeUnits(units: Uint16Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += CHUNK) out += String.fromCharCode(...units.subarray(i, Math.min(length, i + CHUNK)));
  return out;
}

function decodeUtf8(bytes: Uint8Array, start: number): string {
  const units = new Uint16Array(bytes.length - start);
  let n = 0;
  let i = start;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let cp: number;
    if (b < 0x80) {
      cp = b;
      i += 1;
    } else if (b < 0xe0) {
      cp = ((b & 0x1f) << 6) | (bytes[i + 1]! & 0x3f);
      i += 2;
    } else if (b < 0xf0) {
      cp = ((b & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
      i += 3;
    } else {
      cp = ((b & 0x07) << 18) | ((bytes[i + 1]! & 0x3f) << 12) | ((bytes[i + 2]! & 0x3f) << 6) | (bytes[i + 3]! & 0x3f);
      i += 4;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units[n++] = 0xd800 + (cp >> 10);
      units[n++] = 0xdc00 + (cp & 0x3ff);
    } else units[n++] = cp;
  }
  return fromCodeUnits(units, n);
}

function decodeUtf16(bytes: Uint8Array, start: number, encoding: 'utf-16le' | 'utf-16be'): DecodedText {
  const count = Math.floor((bytes.length - start) / 2);
  const units = new Uint16Array(count);
  const le = encoding === 'utf-16le';
  let line = 1;
  for (let k = 0; k < count; k++) {
    const a = bytes[start + 2 * k]!;
    const b = bytes[start + 2 * k + 1]!;
    units[k] = le ? a | (b << 8) : (a << 8) | b;
  }
  for (let k = 0; k < count; k++) {
    const u = units[k]!;
    if (u === 0x0a) line++;
    else if (u === 0) return { ok: false, error: nulSentence(line) };
    else if (u >= 0xd800 && u < 0xdc00) {
      const next = units[k + 1];
      if (next === undefined || next < 0xdc00 || next >= 0xe000) return { ok: false, error: notUtf16Sentence(encoding, line) };
      k++;
    } else if (u >= 0xdc00 && u < 0xe000) return { ok: false, error: notUtf16Sentence(encoding, line) };
  }
  if ((bytes.length - start) % 2 !== 0) return { ok: false, error: notUtf16Sentence(encoding, line) };
  return { ok: true, text: fromCodeUnits(units, count), encoding, bom: true };
}

/** Decodes a whole file by the rule above: the text, or one sentence saying why not. */
export function decodeText(bytes: Uint8Array): DecodedText {
  const { encoding, bomLength } = detectEncoding(bytes);
  if (encoding !== 'utf-8') return decodeUtf16(bytes, bomLength, encoding);
  if (bomLength === 0 && looksLikeBomlessUtf16(bytes)) return { ok: false, error: utf16WithoutBomSentence };
  const bad = firstInvalidUtf8(bytes, bomLength);
  const nul = bytes.indexOf(0, bomLength);
  if (nul >= 0 && (bad < 0 || nul < bad)) return { ok: false, error: nulSentence(lineOfByte(bytes, nul, bomLength)) };
  if (bad >= 0) return { ok: false, error: notUtf8Sentence(lineOfByte(bytes, bad, bomLength)) };
  return { ok: true, text: decodeUtf8(bytes, bomLength), encoding, bom: bomLength > 0 };
}
