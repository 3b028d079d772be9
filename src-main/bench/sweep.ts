/**
 * The sweep (issue 10): samples per second against batch size (16 to 1,024) and against width (64 to 4,096 units),
 * on every backend that loads, with PyTorch beside each point when it can run. The network is 784-W-W-10 (ReLU,
 * softmax cross entropy, Adam 1e-3) on random data, the same in pytorch_sweep.py: the batch sweep at W = 512, the
 * width sweep at batch 128. Each point is a warm-up epoch and two timed ones, sized to take about a second and a
 * half, Densely and PyTorch alternating point by point so that both see the same noise.
 */
import { chainFromWidths } from '../../src-shared/graph/templates';
import { BACKENDS } from '../../src-shared/training/settings';
import { availableBackends } from '../trainer/backend';
import { trainHeadless } from './headless';
import { randomDigitsDataset } from './mlp';
import { PYTORCH_SWEEP_SCRIPT, pytorchUnavailable, runPytorch } from './pytorch';
import { errorText, loadAverage, type Report } from './report';
import { fmt, median, ratio, round } from './stats';

export const SWEEP_BATCHES = [16, 32, 64, 128, 256, 512, 1024] as const;
export const SWEEP_WIDTHS = [64, 256, 1024, 4096] as const;
const BATCH_SWEEP_WIDTH = 512;
const WIDTH_SWEEP_BATCH = 128;
/** How long one timed epoch should take; long enough to drown the per-epoch overhead, short enough for 11 points. */
const TARGET_EPOCH_S = 1.5;
/** A point whose epoch would take longer than this on a backend is skipped there, with the estimate said. */
const MAX_EPOCH_S = 25;
const MAX_SAMPLES = 32_768;

export interface SweepPoint {
  readonly batch: number;
  readonly width: number;
}

/** The parameters of 784-W-W-10 with biases: what a sample's forward and backward pass costs, roughly in proportion. */
export function sweepParams(width: number): number {
  return 784 * width + width + width * width + width + width * 10 + 10;
}

export function sweepPoints(): SweepPoint[] {
  return [
    ...SWEEP_BATCHES.map((batch) => ({ batch, width: BATCH_SWEEP_WIDTH })),
    ...SWEEP_WIDTHS.map((width) => ({ batch: WIDTH_SWEEP_BATCH, width })),
  ];
}

/**
 * Samples for one epoch of a point, from a measured rate at a known size: cost per sample scales with the
 * parameters, and an epoch holds at least two batches and a whole number of them.
 */
export function samplesFor(point: SweepPoint, rate: { samplesPerSec: number; params: number }): { samples: number; estimatedEpochS: number } {
  const estimated = rate.samplesPerSec * (rate.params / sweepParams(point.width));
  const wanted = Math.min(MAX_SAMPLES, Math.max(2 * point.batch, estimated * TARGET_EPOCH_S));
  const samples = Math.ceil(wanted / point.batch) * point.batch;
  return { samples, estimatedEpochS: samples / estimated };
}

async function densely(backend: string, point: SweepPoint, samples: number): Promise<number> {
  const run = await trainHeadless({
    layers: chainFromWidths([784, point.width, point.width, 10], 'relu', 'softmax'),
    settings: {
      dataset: 'bench-random-digits',
      loss: 'cce',
      optimizer: 'adam',
      learningRate: 1e-3,
      batchSize: point.batch,
      epochs: 3,
      validationSplit: 0,
      shuffle: true,
      seed: 1,
    },
    backend,
    dataset: randomDigitsDataset(samples),
    timeoutMs: (MAX_EPOCH_S * 3 + 60) * 1000,
  });
  if (run.done.reason !== 'completed') throw new Error(`the run ended early (${run.done.reason})`);
  return median(run.epochs.slice(1).map((e) => e.samplesPerSec));
}

export async function benchSweep(report: Report, o: { backend?: string; compare: boolean }): Promise<void> {
  const loaded = await availableBackends();
  const backends = (o.backend ? [o.backend] : [...BACKENDS]).filter((b) => loaded.includes(b as never));
  const skipped = (o.backend ? [o.backend] : [...BACKENDS]).filter((b) => !backends.includes(b));
  for (const b of skipped) report.say(`sweep, ${b}: skipped, the backend does not load here`);
  const why = o.compare ? pytorchUnavailable(PYTORCH_SWEEP_SCRIPT) : null;
  if (why) report.failed('pytorch-sweep-reference', `${why}; the sweep prints no PyTorch column`);
  const comparing = o.compare && !why;
  const points = sweepPoints();
  const pytorch = new Map<string, number>();
  const key = (p: SweepPoint) => `${p.batch}x${p.width}`;
  const rows: string[] = [];
  for (const backend of backends) {
    // Calibrate on a small epoch of the middle point, then size every point from it.
    let rate = { samplesPerSec: backend === 'cpu' ? 50 : 1000, params: sweepParams(BATCH_SWEEP_WIDTH) };
    try {
      rate = { samplesPerSec: await densely(backend, { batch: 128, width: BATCH_SWEEP_WIDTH }, 512), params: sweepParams(BATCH_SWEEP_WIDTH) };
    } catch (e) {
      report.failed(`sweep-${backend}`, errorText(e));
      continue;
    }
    for (const point of points) {
      const { samples, estimatedEpochS } = samplesFor(point, rate);
      const line: Record<string, unknown> = { bench: 'sweep', impl: 'densely', backend, batch: point.batch, width: point.width, params: sweepParams(point.width) };
      if (estimatedEpochS > MAX_EPOCH_S) {
        report.record({ ...line, skipped: `an epoch of ${samples} samples would take about ${Math.round(estimatedEpochS)} s` });
        rows.push(`${backend.padEnd(14)} batch ${String(point.batch).padStart(4)}  width ${String(point.width).padStart(4)}: skipped (about ${Math.round(estimatedEpochS)} s an epoch)`);
        continue;
      }
      let ours: number | null = null;
      let problem: string | null = null;
      try {
        ours = await densely(backend, point, samples);
      } catch (e) {
        problem = errorText(e);
      }
      if (comparing && !pytorch.has(key(point))) {
        try {
          const r = await runPytorch(Math.max(samples, 2 * point.batch), 2, 300_000, PYTORCH_SWEEP_SCRIPT, ['--batch', String(point.batch), '--width', String(point.width)]);
          pytorch.set(key(point), r.samples_per_sec);
        } catch (e) {
          problem = `${problem ? `${problem}; ` : ''}pytorch: ${errorText(e)}`;
        }
      }
      const ref = pytorch.get(key(point));
      Object.assign(line, {
        samples,
        samples_per_sec: ours === null ? null : round(ours, 4),
        ...(ref !== undefined ? { pytorch_samples_per_sec: ref, ratio: ratio(ours, ref) } : {}),
        loadavg: loadAverage(),
        ...(problem ? { error: problem } : {}),
      });
      report.record(line);
      const vs = ref !== undefined ? `   PyTorch ${fmt(ref).padStart(7)}   ratio ${fmt(ratio(ours, ref))}` : '';
      rows.push(`${backend.padEnd(14)} batch ${String(point.batch).padStart(4)}  width ${String(point.width).padStart(4)}: ${fmt(ours).padStart(7)} samples/s${vs}${problem ? ` (${problem})` : ''}`);
    }
  }
  report.say(`sweep (784-W-W-10, Adam; batch sweep at W = ${BATCH_SWEEP_WIDTH}, width sweep at batch ${WIDTH_SWEEP_BATCH}):`);
  for (const row of rows) report.say(`  ${row}`);
}
