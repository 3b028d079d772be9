/**
 * The "Next lecture: CNN digits" template on random 28x28x1 data, through the
 * real trainer service, headless, on wasm (or --backend); with --compare,
 * alternated with the same network in PyTorch (pytorch_cnn.py) and given as
 * a ratio. Issue 10 sets the target: at least 0.3 of PyTorch on wasm.
 */
import { findTemplate } from '../../src-shared/graph/templates';
import { trainHeadless } from './headless';
import { randomDigitsDataset } from './mlp';
import { PYTORCH_CNN_SCRIPT, pytorchUnavailable, runPytorch } from './pytorch';
import { errorText, loadAverage, type Report } from './report';
import { fmt, median, ratio, round } from './stats';

const SAMPLES = 2048;
const PASSES = 2;

async function timedCnn(backend: string): Promise<number[]> {
  const template = findTemplate('lecture-cnn')!;
  const data = randomDigitsDataset(SAMPLES);
  const run = await trainHeadless({
    layers: [...template.doc.layers],
    settings: { ...template.doc.training!, dataset: 'bench-random-digits', epochs: 1 + PASSES, validationSplit: 0, shuffle: true, seed: 1 } as never,
    backend,
    dataset: { ...data, info: { ...data.info, featureShape: [28, 28, 1], image: true } },
    timeoutMs: 600_000,
  });
  if (run.done.reason !== 'completed') throw new Error(`the run ended early (${run.done.reason})`);
  return run.epochs.slice(1).map((e) => e.samplesPerSec);
}

export async function benchCnn(report: Report, o: { backend?: string; compare: boolean }): Promise<void> {
  const backend = o.backend ?? 'wasm';
  let why: string | null = null;
  if (o.compare) {
    why = pytorchUnavailable(PYTORCH_CNN_SCRIPT);
    if (why) report.failed('pytorch-cnn-reference', `${why}; no ratio is printed`);
  }
  const comparing = o.compare && !why;
  const ours: number[] = [];
  const theirs: number[] = [];
  let problem: string | null = null;
  // B A B A: alternate, so that both see the same noise of a shared machine.
  for (let r = 0; r < (comparing ? 2 : 1); r++) {
    try {
      ours.push(...(await timedCnn(backend)));
    } catch (e) {
      problem = `densely: ${errorText(e)}`;
      break;
    }
    if (comparing) {
      try {
        theirs.push((await runPytorch(4096, 3, 300_000, PYTORCH_CNN_SCRIPT)).samples_per_sec);
      } catch (e) {
        problem = `pytorch: ${errorText(e)}`;
      }
    }
  }
  if (ours.length === 0) return report.failed(`cnn-${backend}`, problem ?? 'no pass finished');
  const sps = round(median(ours), 4);
  const line: Record<string, unknown> = { impl: 'densely', part: 'cnn', backend, samples_per_sec: sps };
  if (theirs.length) Object.assign(line, { pytorch_samples_per_sec: round(median(theirs), 4), ratio: ratio(sps, median(theirs)) });
  Object.assign(line, { samples: SAMPLES, runs: ours.map((v) => round(v, 4)), ...(comparing ? { pytorch_runs: theirs } : {}), loadavg: loadAverage(), ...(problem ? { error: problem } : {}) });
  report.record(line);
  const vs = theirs.length ? `; PyTorch ${fmt(line.pytorch_samples_per_sec as number)} in the same run: ratio ${fmt(line.ratio as number)} (issue 10's target >= 0.3)` : '';
  report.say(`CNN template, ${backend}: ${fmt(sps)} samples/s (median of ${ours.length} timed passes of ${SAMPLES} samples${vs})`);
}
