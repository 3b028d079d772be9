/**
 * What a loss read-back costs (issue 10, item 3). TensorFlow's native backends cannot be installed on the build
 * machine, so the cpu and wasm backends stand in: the same run reads each batch's loss back (as cpu and wasm do) or
 * keeps 16 batches' losses on the backend and reads them at once (as tensorflow and tensorflow-gpu do), alternating
 * B A B A. On synchronous backends a read is a plain memory read, so the two should match; the difference per batch is
 * the read's cost in the loop's own bookkeeping. What a GPU adds (the stall of a queue) is explained in the README.
 */
import { chainFromWidths } from '../../src-shared/graph/templates';
import type { BackendName } from '../../src-shared/training/settings';
import { availableBackends, useBackend } from '../trainer/backend';
import { TrainingSession } from '../trainer/session';
import { randomDigitsDataset } from './mlp';
import { errorText, loadAverage, type Report } from './report';
import { fmt, median, round } from './stats';

const WIDTHS = [784, 128, 10];
const BATCH = 32;

async function run(backend: BackendName, everyBatches: number, samples: number): Promise<number> {
  const { tf } = await useBackend(backend);
  const epochs: number[] = [];
  const session = new TrainingSession({
    tf,
    backend,
    runId: 1,
    network: { name: 'readback', layers: chainFromWidths(WIDTHS, 'relu', 'softmax') },
    settings: { dataset: 'bench-random-digits', loss: 'cce', optimizer: 'adam', learningRate: 1e-3, batchSize: BATCH, epochs: 3, validationSplit: 0, shuffle: true, seed: 1 } as never,
    dataset: randomDigitsDataset(samples),
    emit: (name, payload) => {
      if (name === 'epoch') epochs.push((payload as { samplesPerSec: number }).samplesPerSec);
    },
    stream: false,
    readback: { everyBatches },
  });
  try {
    await session.run();
  } finally {
    session.dispose();
  }
  return median(epochs.slice(1));
}

export async function benchReadback(report: Report): Promise<void> {
  const loaded = await availableBackends();
  for (const backend of ['cpu', 'wasm'] as const) {
    if (!loaded.includes(backend)) continue;
    const samples = backend === 'cpu' ? 1024 : 8192;
    const every: number[] = [];
    const windowed: number[] = [];
    try {
      for (let r = 0; r < 2; r++) {
        every.push(await run(backend, 1, samples));
        windowed.push(await run(backend, 16, samples));
      }
    } catch (e) {
      report.failed(`readback-${backend}`, errorText(e));
      continue;
    }
    const a = median(every);
    const b = median(windowed);
    // Time per batch: batch / samples per second; the read's cost is what reading every batch adds to each batch.
    const costUs = ((BATCH / a - BATCH / b) * 1e6);
    report.record({ bench: 'readback', backend, network: WIDTHS.join('-'), batch: BATCH, every_batch_sps: round(a, 4), every_16_sps: round(b, 4), cost_per_read_us: round(costUs, 3), runs: { every, windowed }, loadavg: loadAverage() });
    report.say(
      `loss read-back, ${backend} (${WIDTHS.join('-')}, batch ${BATCH}): reading every batch ${fmt(a)} samples/s, every 16 batches ${fmt(b)}: ` +
        `a read costs about ${fmt(costUs)} us of a ${fmt((BATCH / b) * 1e6)} us batch`,
    );
  }
}
