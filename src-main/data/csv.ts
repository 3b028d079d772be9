/**
 * CSV import: streams a file through papaparse, one row at a time, into
 * growing Float32Arrays (never the whole file as a string). A bad file is
 * rejected with one sentence that names the row and the column.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import Papa from 'papaparse';
import type { DatasetInfo } from '../../src-shared/training/dataset-info';
import { MAX_CSV_BYTES } from '../../src-shared/protocol/preload-api';
import type { Dataset } from './dataset';
import { GrowableFloat32 } from './growable';
import { formatCount } from '../../src-shared/format';

export const MAX_CSV_ROWS = 1_000_000;
/** Rows x feature columns: 100 million float32 values is 400 MB. */
export const MAX_CSV_VALUES = 100_000_000;
/** More distinct labels than this is not a classification task. */
export const MAX_CLASSES = 100;


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

export async function readCsvDataset(options: CsvImportOptions): Promise<Dataset> {
  const { path, name, labelColumn } = options;
  const maxBytes = options.maxBytes ?? MAX_CSV_BYTES;
  const maxRows = options.maxRows ?? MAX_CSV_ROWS;
  let totalBytes: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new CsvImportError(`${path} is not a file; choose a CSV file.`);
    totalBytes = s.size;
  } catch (e) {
    if (e instanceof CsvImportError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CsvImportError(`There is no file at ${path}; check the path.`);
    throw new CsvImportError(`${path} can't be read (${code ?? (e as Error).message}).`);
  }
  if (totalBytes === 0) throw new CsvImportError('The file is empty; a CSV needs a header row and at least one row of data.');
  if (totalBytes > maxBytes)
    throw new CsvImportError(`The file is ${formatCount(totalBytes)} bytes, more than the ${formatCount(maxBytes)} an import may have; use a smaller file.`);

  return new Promise<Dataset>((resolve, reject) => {
    const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
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
    let rows = 0;
    let failed = false;
    let lastProgress = 0;

    const fail = (message: string, parser?: Papa.Parser) => {
      if (failed) return;
      failed = true;
      parser?.abort();
      stream.destroy();
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
      header = cells.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c).trim());
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
        if (!Number.isFinite(v)) {
          const what = text === '' ? 'is empty' : `holds "${shorten(text)}", which is not a number`;
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
      if (!Number.isFinite(v)) allNumeric = false;
      else if (!Number.isInteger(v)) allInteger = false;
      numericLabels.push(v);
      if (!tooManyDistinct) {
        let id = distinct.get(raw);
        if (id === undefined) {
          if (distinct.size >= MAX_CLASSES) tooManyDistinct = true;
          else distinct.set(raw, (id = distinct.size));
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
    Papa.parse<string[]>(stream as unknown as File, {
      header: false,
      dynamicTyping: false,
      skipEmptyLines: 'greedy',
      step(result, parser) {
        if (failed) return;
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
        fail(`${path} can't be read as CSV (${e.message}).`);
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
      if (allNumeric && (!allInteger || tooManyDistinct)) {
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
      };
      return { info, features: features.toArray(), labels };
    };
  });
}
