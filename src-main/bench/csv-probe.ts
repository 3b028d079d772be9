/**
 * A child process of the benchmark: imports one CSV through the trainer
 * service's importCsv, as the app does, and prints its memory before and
 * after (after a GC) and its peak, as one JSON line. Run as
 * `node --expose-gc --import tsx src-main/bench/csv-probe.ts FILE.csv LABEL`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTrainerService } from '../trainer/service';
import { processMemory } from './report';

export interface CsvProbeResult {
  readonly rows: number;
  readonly seconds: number;
  readonly rssBefore: number;
  readonly rssAfter: number;
  readonly heapBefore: number;
  readonly heapAfter: number;
  readonly arrayBuffersBefore: number;
  readonly arrayBuffersAfter: number;
  readonly peakRss: number;
}

function settle(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage();
}

async function main(path: string, label: string): Promise<void> {
  const service = createTrainerService(() => {});
  const before = settle();
  const t = performance.now();
  const { dataset } = await service.importCsvFile(path, 'probe', label);
  const seconds = (performance.now() - t) / 1000;
  const after = settle();
  // The registry holds the rows; this keeps the service (and them) alive until the figures are taken.
  if (!service.datasets.info('probe')) throw new Error('the imported dataset is not in the registry');
  const result: CsvProbeResult = {
    rows: dataset.samples,
    seconds,
    rssBefore: before.rss,
    rssAfter: after.rss,
    heapBefore: before.heapUsed,
    heapAfter: after.heapUsed,
    arrayBuffersBefore: before.arrayBuffers,
    arrayBuffersAfter: after.arrayBuffers,
    peakRss: processMemory()?.peakRss ?? NaN,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
  service.dispose();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv[2] ?? '', process.argv[3] ?? 'label').catch((e: unknown) => {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
