/**
 * CSV import: streams a file through papaparse, one row at a time, into
 * growing Float32Arrays (never the whole file as a string). A bad file is
 * rejected with one sentence that names the row and the column.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import Papa from 'papaparse';
import type { DatasetInfo } from '../../src-shared/training/dataset-info';
import { MAX_CSV_BYTES } from '../../src-shared/protocol/preload-api';
import type { Dataset } from './dataset';
import { GrowableFloat32 } from './growable';
import { formatCount } from '../../src-shared/format';
import { detectEncoding, lineOfByte, notUtf16Sentence, notUtf8Sentence, nulSentence, unfinishedUtf8Tail, firstInvalidUtf8, utf16WithoutBomSentence, type TextEncodingName } from '../../src-shared/text/decode';
import { describeOpenError, statBounded } from '../read-bounded';

export const MAX_CSV_ROWS = 1_000_000;
/** Rows x feature columns: 100 million float32 values is 400 MB. */
export const MAX_CSV_VALUES = 100_000_000;
/** More distinct labels than this is not a classification task. */
export const MAX_CLASSES = 100;
/** Columns in the header; far past any input a dense network here would take (the lecture's images have 785). */
export const MAX_CSV_COLUMNS = 100_000;
/** Features and labels are float32 on the trainer; a larger value would silently become Infinity. */
const FLOAT32_MAX = 3.4028234663852886e38;


export class CsvImportError extends Error {}

export interface CsvProgress {
  readonly bytes: number;
  readonly totalBytes: number;
  readonly rows: number;
}

export interface CsvImportOptions {
  readonly path: string;
  /** Registry name of the new dataset. */
  readonly name: string;
  readonly labelColumn: string;
  readonly onProgress?: (p: CsvProgress) => void;
  /** Limits, lowered by tests. */
  readonly maxBytes?: number;
  readonly maxRows?: number;
}

const PROGRESS_INTERVAL_MS = 100;

/** Whether the feature columns are the lecture's `pixel0..pixel783`. */
function isPixelHeader(names: readonly string[]): boolean {
  if (names.length !== 784) return false;
  return names.every((n, i) => n.trim().toLowerCase() === `pixel${i}`);
}

const shorten = (s: string) => (s.length > 40 ? `${s.slice(0, 37)}...` : s);

/** Counts line feeds in `text`. */
function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Bytes in, text out, by the rule of src-shared/text/decode.ts: the first
 * bytes' byte-order mark picks UTF-8 or UTF-16; without one the bytes must be
 * UTF-8, checked chunk by chunk by a fatal decoder in stream mode. A bad chunk
 * fails the stream with a sentence naming the first bad line.
 */
export class CsvTextDecoder extends Transform {
  private decoder: TextDecoder | null = null;
  private encoding: TextEncodingName = 'utf-8';
  /** Line of the first byte not yet decoded. */
  private line = 1;
  /** Last bytes of the previous chunk, to find the bad byte of a character split between chunks. */
  private previousTail: Uint8Array = new Uint8Array(0);
  /** A carriage return that ended the last chunk, held back in case a line feed begins the next. */
  private pendingCr = false;

  constructor() {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (!this.decoder) {
      const { encoding, bomLength } = detectEncoding(chunk);
      if (bomLength === 0 && chunk.length >= 4 && ((chunk[0] === 0 && chunk[2] === 0) || (chunk[1] === 0 && chunk[3] === 0)) && chunk[0]! + chunk[1]! > 0)
        return done(new CsvImportError(utf16WithoutBomSentence));
      this.encoding = encoding;
      // TextDecoder drops the byte-order mark itself (ignoreBOM is false).
      this.decoder = new TextDecoder(encoding, { fatal: true });
    }
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      return done(new CsvImportError(this.badLine(chunk)));
    }
    this.previousTail = chunk.subarray(Math.max(0, chunk.length - 3));
    done(this.checked(text), this.lineFeedsOnly(text));
  }

  /**
   * Every line ending becomes a line feed (CRLF, and a lone CR as old Macs
   * wrote), so that a file mixing them parses as it reads; papaparse would
   * otherwise take the first ending it sees for all of them.
   */
  private lineFeedsOnly(text: string): string {
    if (this.pendingCr) text = '\r' + text;
    this.pendingCr = text.endsWith('\r');
    if (this.pendingCr) text = text.slice(0, -1);
    return text.indexOf('\r') < 0 ? text : text.replace(/\r\n?/g, '\n');
  }

  override _flush(done: TransformCallback): void {
    let text = '';
    try {
      text = this.decoder?.decode() ?? '';
    } catch {
      // The file ends inside a character.
      return done(new CsvImportError(this.encoding === 'utf-8' ? notUtf8Sentence(this.line) : notUtf16Sentence(this.encoding, this.line)));
    }
    const rest = this.lineFeedsOnly(text) + (this.pendingCr ? '\n' : '');
    done(this.checked(text), rest || undefined);
  }

  /** A NUL means binary data, never CSV text; otherwise advances the line count. */
  private checked(text: string): CsvImportError | null {
    const nul = text.indexOf('\0');
    if (nul >= 0) return new CsvImportError(nulSentence(this.line + countLines(text.slice(0, nul))));
    this.line += countLines(text);
    return null;
  }

  private badLine(chunk: Buffer): string {
    if (this.encoding !== 'utf-8') {
      const lenient = new TextDecoder(this.encoding).decode(chunk);
      const at = lenient.indexOf('\uFFFD');
      return notUtf16Sentence(this.encoding, this.line + countLines(at < 0 ? lenient : lenient.slice(0, at)));
    }
    const tail = unfinishedUtf8Tail(this.previousTail);
    const joined = Buffer.concat([tail, chunk]);
    const bad = firstInvalidUtf8(joined, 0, joined.length, false);
    return notUtf8Sentence(bad < 0 ? this.line : this.line + lineOfByte(joined, bad) - 1);
  }
}

/** Opens a CSV for streaming: a regular file within the limit, never a FIFO or device (whose open or read would block or never end). */
async function openCsv(path: string, maxBytes: number) {
  let totalBytes: number;
  try {
    totalBytes = (await statBounded(path, Number.MAX_SAFE_INTEGER, 'CSV file')).size;
  } catch (e) {
    throw new CsvImportError((e as Error).message);
  }
  if (totalBytes === 0) throw new CsvImportError('The file is empty; a CSV needs a header row and at least one row of data.');
  if (totalBytes > maxBytes)
    throw new CsvImportError(`The file is ${formatCount(totalBytes)} bytes, more than the ${formatCount(maxBytes)} an import may have; use a smaller file.`);
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new CsvImportError(describeOpenError(e, path, 'CSV file'));
  }
  const s = await handle.stat();
  if (!s.isFile()) {
    await handle.close();
    throw new CsvImportError(`${path} changed while it was being opened; try again.`);
  }
  return { handle, totalBytes };
}

export async function readCsvDataset(options: CsvImportOptions): Promise<Dataset> {
  const { path, name, labelColumn } = options;
  const maxBytes = options.maxBytes ?? MAX_CSV_BYTES;
  const maxRows = options.maxRows ?? MAX_CSV_ROWS;
  const { handle, totalBytes } = await openCsv(path, maxBytes);

  return new Promise<Dataset>((resolve, reject) => {
    const stream = handle.createReadStream({ highWaterMark: 256 * 1024 });
    const text = stream.pipe(new CsvTextDecoder());
    let header: string[] | null = null;
    let labelIndex = -1;
    let featureIndices: number[] = [];
    let scale = 1;
    const features = new GrowableFloat32(64 * 1024);
    const numericLabels = new GrowableFloat32(1024);
    /** Distinct raw label texts -> first-seen id, while there are few enough to be classes. */
    const distinct = new Map<string, number>();
    const labelIds: number[] = [];
    let tooManyDistinct = false;
    let allNumeric = true;
    let allInteger = true;
    /** The first numeric and the first text label, so that a column mixing them is named, never read as classes of both. */
    let firstNumber: { row: number; raw: string } | null = null;
    let firstText: { row: number; raw: string } | null = null;
    let rows = 0;
    let failed = false;
    let lastProgress = 0;

    const fail = (message: string, parser?: Papa.Parser) => {
      if (failed) return;
      failed = true;
      parser?.abort();
      stream.destroy();
      text.destroy();
      reject(new CsvImportError(message));
    };
    const progress = (force: boolean) => {
      if (!options.onProgress) return;
      const now = Date.now();
      if (!force && now - lastProgress < PROGRESS_INTERVAL_MS) return;
      lastProgress = now;
      options.onProgress({ bytes: Math.min(stream.bytesRead, totalBytes), totalBytes, rows });
    };

    const onHeader = (cells: string[], parser: Papa.Parser) => {
      header = cells.map((c) => c.trim());
      const first = header[0] ?? '';
      if (first.startsWith('<'))
        return fail('The file is HTML or XML, not CSV (perhaps a web page saved instead of the file); choose the CSV file itself.', parser);
      if (first.startsWith('version https://git-lfs.github.com/spec/'))
        return fail('The file is a Git LFS pointer, not the data itself; run `git lfs pull` to fetch the file, then import it.', parser);
      if (first.startsWith('{') || first.startsWith('['))
        return fail('The file is JSON, not CSV; a CSV starts with a header row of column names separated by commas.', parser);
      if (header.length > MAX_CSV_COLUMNS)
        return fail(`The header names ${formatCount(header.length)} columns, more than the ${formatCount(MAX_CSV_COLUMNS)} an import may have; use fewer columns.`, parser);
      const seen = new Map<string, number>();
      for (let i = 0; i < header.length; i++) {
        const before = seen.get(header[i]!);
        if (before !== undefined)
          return fail(`The header names the column "${shorten(header[i]!)}" twice (columns ${before + 1} and ${i + 1}); give each column its own name.`, parser);
        seen.set(header[i]!, i);
      }
      labelIndex = header.indexOf(labelColumn.trim());
      if (labelIndex < 0) labelIndex = header.findIndex((h) => h.toLowerCase() === labelColumn.trim().toLowerCase());
      if (labelIndex < 0) {
        const shown = header.slice(0, 12).map((h) => `"${shorten(h)}"`).join(', ');
        const more = header.length > 12 ? ` and ${formatCount(header.length - 12)} more` : '';
        fail(`The file has no column named "${labelColumn}"; its columns are ${shown}${more}.`, parser);
        return;
      }
      featureIndices = header.map((_, i) => i).filter((i) => i !== labelIndex);
      if (featureIndices.length === 0) {
        fail(`The file has only the label column "${header[labelIndex]}"; it needs at least one feature column besides it.`, parser);
        return;
      }
      if (isPixelHeader(featureIndices.map((i) => header![i]!))) scale = 1 / 255;
    };

    const onRow = (cells: string[], parser: Papa.Parser) => {
      const h = header!;
      const rowNo = rows + 1;
      if (cells.length !== h.length) {
        fail(`Row ${formatCount(rowNo)} after the header has ${cells.length} value${cells.length === 1 ? '' : 's'}, but the header names ${h.length} columns; every row needs one value per column.`, parser);
        return;
      }
      if (rowNo > maxRows) {
        fail(`The file has more than ${formatCount(maxRows)} rows, the most an import may have; use fewer rows.`, parser);
        return;
      }
      if (rowNo * featureIndices.length > MAX_CSV_VALUES) {
        fail(`The file has more than ${formatCount(MAX_CSV_VALUES)} feature values (rows x columns), more than fits in memory; use fewer rows or columns.`, parser);
        return;
      }
      for (const i of featureIndices) {
        const text = cells[i]!.trim();
        const v = text === '' ? Number.NaN : Number(text);
        if (!(Math.abs(v) <= FLOAT32_MAX)) {
          const what =
            text === '' ? 'is empty' : Number.isNaN(v) ? `holds "${shorten(text)}", which is not a number` : `holds "${shorten(text)}", which is beyond the largest number training can hold (about 3.4e38)`;
          fail(`Row ${formatCount(rowNo)} after the header, column "${shorten(h[i]!)}" ${what}; every column but the label must hold numbers.`, parser);
          return;
        }
        features.push(v * scale);
      }
      const raw = cells[labelIndex]!.trim();
      if (raw === '') {
        fail(`Row ${formatCount(rowNo)} after the header, column "${shorten(h[labelIndex]!)}" (the label) is empty; every row needs a label.`, parser);
        return;
      }
      const v = Number(raw);
      const labelName = shorten(h[labelIndex]!);
      if (Number.isNaN(v)) {
        allNumeric = false;
        firstText ??= { row: rowNo, raw };
      } else {
        if (!(Math.abs(v) <= FLOAT32_MAX)) {
          fail(`Row ${formatCount(rowNo)} after the header, the label "${labelName}" holds "${shorten(raw)}", which is beyond the largest number training can hold (about 3.4e38); use smaller values.`, parser);
          return;
        }
        if (!Number.isInteger(v)) allInteger = false;
        firstNumber ??= { row: rowNo, raw };
      }
      if (firstText && firstNumber) {
        fail(
          `The label column "${labelName}" mixes numbers and text (row ${formatCount(firstNumber.row)} holds "${shorten(firstNumber.raw)}", row ${formatCount(firstText.row)} holds "${shorten(firstText.raw)}"); labels must be all numbers or all names.`,
          parser,
        );
        return;
      }
      numericLabels.push(v);
      if (!tooManyDistinct) {
        // Numbers are one class per value ("1" and "1.0" alike); names are compared exactly, never folded.
        const key = Number.isNaN(v) ? raw : String(v);
        let id = distinct.get(key);
        if (id === undefined) {
          if (distinct.size >= MAX_CLASSES) tooManyDistinct = true;
          else distinct.set(key, (id = distinct.size));
        }
        if (id !== undefined) labelIds.push(id);
      }
      if (!allNumeric && tooManyDistinct) {
        fail(`The label column "${shorten(h[labelIndex]!)}" holds text with more than ${MAX_CLASSES} different values (row ${formatCount(rowNo)}: "${shorten(raw)}"); labels must be numbers, or at most ${MAX_CLASSES} classes.`, parser);
        return;
      }
      rows = rowNo;
      progress(false);
    };

    stream.on('error', (e) => fail(`${path} can't be read (${(e as NodeJS.ErrnoException).code ?? e.message}).`));
    text.on('error', (e) => fail(e.message));
    Papa.parse<string[]>(text as unknown as File, {
      header: false,
      dynamicTyping: false,
      skipEmptyLines: 'greedy',
      newline: '\n',
      step(result, parser) {
        if (failed) return;
        // A delimiter papaparse could not guess (one column) falls back to a comma; other errors are the file's.
        const problem = result.errors.find((e) => e.type !== 'Delimiter');
        if (problem) {
          const where = header === null ? 'The header row' : `Row ${formatCount(rows + 1)} after the header`;
          if (problem.code === 'MissingQuotes') return fail(`${where} opens a quoted value (") that is never closed; close the quote or remove it.`, parser);
          if (problem.code === 'InvalidQuotes')
            return fail(`${where} has a quote (") inside a quoted value that is not doubled; write "" for a quote inside quotes.`, parser);
          return fail(`${where} can't be read as CSV (${problem.message}).`, parser);
        }
        const cells = result.data;
        if (header === null) onHeader(cells, parser);
        else onRow(cells, parser);
      },
      complete() {
        if (failed) return;
        progress(true);
        if (header === null) return fail('The file is empty; a CSV needs a header row and at least one row of data.');
        if (rows === 0) return fail('The file has a header row but no rows of data.');
        try {
          resolve(finish());
        } catch (e) {
          fail((e as Error).message);
        }
      },
      error(e: Error) {
        fail(e instanceof CsvImportError ? e.message : `${path} can't be read as CSV (${e.message}).`);
      },
    });

    const finish = (): Dataset => {
      const h = header!;
      const labelName = h[labelIndex]!;
      const featureCount = featureIndices.length;
      const image = scale !== 1;
      const featureShape = image ? [28, 28] : [featureCount];
      const numeric = numericLabels.toArray();
      let labels: Float32Array;
      let task: DatasetInfo['task'];
      let classes: number;
      let classNames: string[] | undefined;
      let note: string | undefined;
      if (allNumeric && (!allInteger || tooManyDistinct)) {
        if (allInteger)
          note = `The label column "${shorten(labelName)}" holds more than ${MAX_CLASSES} different whole numbers, more than the ${MAX_CLASSES} classes a classifier may have, so it was read as regression (one value to predict); to classify, use at most ${MAX_CLASSES} classes.`;
        task = 'regression';
        classes = 1;
        labels = numeric;
      } else {
        if (distinct.size < 2)
          throw new CsvImportError(`The label column "${labelName}" holds only one value ("${[...distinct.keys()][0]}"); a classifier needs at least two classes.`);
        task = 'classification';
        let min = Infinity;
        let max = -Infinity;
        if (allNumeric) for (const v of numeric) ((min = Math.min(min, v)), (max = Math.max(max, v)));
        if (allNumeric && min >= 0 && max < MAX_CLASSES) {
          // Integer labels 0..max are class indices already.
          classes = max + 1;
          classNames = Array.from({ length: classes }, (_, i) => String(i));
          labels = numeric;
        } else {
          // Other integers or text: classes in sorted order.
          const keys = [...distinct.keys()];
          const sorted = allNumeric ? [...keys].sort((a, b) => Number(a) - Number(b)) : [...keys].sort();
          const toClass = new Map(keys.map((k) => [distinct.get(k)!, sorted.indexOf(k)]));
          labels = Float32Array.from(labelIds, (id) => toClass.get(id)!);
          classes = sorted.length;
          classNames = sorted;
        }
      }
      const info: DatasetInfo = {
        name,
        title: name,
        description: `Imported from a CSV file: ${formatCount(rows)} rows, ${image ? '28x28 pixel images' : `${formatCount(featureCount)} feature${featureCount === 1 ? '' : 's'}`}, label "${labelName}" (${task === 'regression' ? 'regression' : `${classes} classes`}).`,
        task,
        featureShape,
        classes,
        ...(classNames ? { classNames } : {}),
        samples: rows,
        image,
        source: 'imported',
        ...(note ? { note } : {}),
      };
      return { info, features: features.toArray(), labels };
    };
  });
}
