/**
 * Measurements 1 and 2: the lecture's digit MLP (784-600-500-250-10, ReLU,
 * softmax, Adam 1e-3, categorical cross entropy, batch 128, float32) on random
 * data, through the real trainer service, headless, per backend; with
 * --compare, alternated with the PyTorch reference and given as a ratio.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { chainFromWidths } from '../../src-shared/graph/templates';
import { BACKENDS } from '../../src-shared/training/settings';
import type { Dataset } from '../data/dataset';
import { availableBackends, useBackend } from '../trainer/backend';
import { trainHeadless } from './headless';
import { REPO_ROOT } from './paths';
import { pytorchUnavailable, runPytorch } from './pytorch';
import { errorText, loadAverage, type Report } from './report';
import { fmt, median, ratio, round } from './stats';

export const DIGIT_MLP_WIDTHS = [784, 600, 500, 250, 10];

/** Random features in [0, 1) and random labels 0-9, from a fixed seed. */
export function randomDigitsDataset(samples: number, seed = 1): Dataset {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const features = new Float32Array(samples * 784);
  for (let i = 0; i < features.length; i++) features[i] = next();
  const labels = new Float32Array(samples);
  for (let i = 0; i < samples; i++) labels[i] = Math.floor(next() * 10);
  return {
    info: {
      name: 'bench-random-digits',
      title: 'Random 784-feature data (benchmark)',
      description: 'Uniform random features and labels: speed only, nothing to learn.',
      task: 'classification',
      featureShape: [784],
      classes: 10,
      samples,
      image: false,
      source: 'imported',
    },
    features,
    labels,
  };
}

/** Per backend: samples, timed passes (after one warm-up pass) and the time limit of one run. */
function workFor(backend: string): { samples: number; passes: number; timeoutMs: number } {
  // The CPU backend trains this network at about 100 samples/s: a small pass keeps the bench short.
  if (backend === 'cpu') return { samples: 512, passes: 2, timeoutMs: 120_000 };
  return { samples: 8192, passes: 3, timeoutMs: 150_000 };
}

/** The same passes on wasm in a child process on one thread (mlp-one-thread.ts): what the other cores add. */
function oneThreadPasses(samples: number, passes: number, timeoutMs: number): Promise<{ median: number; passes: number[]; threads: number }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'src-main/bench/mlp-one-thread.ts'), String(samples), String(passes), String(timeoutMs)],
      { cwd: REPO_ROOT, timeout: timeoutMs + 60_000, env: { ...process.env, DENSELY_WASM_THREADS: '1' } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(stderr.trim().split('\n').at(-1) || error.message));
        else resolve(JSON.parse(stdout.trim().split('\n').at(-1)!));
      },
    );
  });
}

/** One headless run: a warm-up pass, then timed passes; their median samples/s and each pass's. */
export async function timedPasses(backend: string, samples: number, passes: number, timeoutMs: number): Promise<{ median: number; passes: number[]; threads: number }> {
  const run = await trainHeadless({
    layers: chainFromWidths(DIGIT_MLP_WIDTHS, 'relu', 'softmax'),
    settings: {
      dataset: 'bench-random-digits',
      loss: 'cce',
      optimizer: 'adam',
      learningRate: 1e-3,
      batchSize: 128,
      epochs: 1 + passes,
      validationSplit: 0,
      shuffle: true,
      seed: 1,
    },
    backend,
    dataset: randomDigitsDataset(samples),
    timeoutMs,
  });
  if (run.done.reason !== 'completed') throw new Error(`the run ended early (${run.done.reason})`);
  const timed = run.epochs.slice(1).map((e) => e.samplesPerSec);
  return { median: median(timed), passes: timed.map((v) => round(v, 4)), threads: run.started.threads ?? 1 };
}

export async function benchMlp(report: Report, o: { backend?: string; compare: boolean }): Promise<void> {
  const wanted = o.backend ? [o.backend] : [...BACKENDS];
  const loaded = new Set<string>(await availableBackends());
  let pytorchWhyNot: string | null = null;
  if (o.compare) {
    pytorchWhyNot = pytorchUnavailable();
    if (pytorchWhyNot) report.failed('pytorch-reference', `${pytorchWhyNot}; no ratio is printed`);
  }
  const comparing = o.compare && !pytorchWhyNot;
  for (const backend of wanted) {
    if (!loaded.has(backend)) {
      const why = await useBackend(backend).then(
        () => `the ${backend} backend does not load here`,
        // "The X backend could not be used (why); choose ..." -> why
        (e: unknown) => /\((.*?)\);/.exec(errorText(e))?.[1] ?? errorText(e),
      );
      report.record({ impl: 'densely', backend, skipped: why });
      report.say(`digit MLP, ${backend}: skipped, ${why}`);
      continue;
    }
    const work = workFor(backend);
    const ours: number[] = [];
    const theirs: number[] = [];
    const passes: number[][] = [];
    /** On wasm, the same network on one thread (DENSELY_WASM_THREADS=1), between the others: what the other cores add. */
    const single: number[] = [];
    let threads = 1;
    let problem: string | null = null;
    // Alternate densely and PyTorch, so that both see the same noise of a shared machine.
    const rounds = comparing ? 2 : 1;
    for (let r = 0; r < rounds; r++) {
      try {
        const d = await timedPasses(backend, work.samples, work.passes, work.timeoutMs);
        ours.push(d.median);
        passes.push(d.passes);
        threads = d.threads;
        if (backend === 'wasm' && threads > 1) single.push((await oneThreadPasses(work.samples, work.passes, work.timeoutMs)).median);
      } catch (e) {
        problem = `densely: ${errorText(e)}`;
        break;
      }
      if (comparing) {
        try {
          theirs.push((await runPytorch(8192, 3, 180_000)).samples_per_sec);
        } catch (e) {
          problem = `pytorch: ${errorText(e)}`;
        }
      }
    }
    if (ours.length === 0) {
      report.failed(`digit-mlp-${backend}`, problem ?? 'no pass finished');
      continue;
    }
    const sps = round(median(passes.flat()), 4);
    const line: Record<string, unknown> = { impl: 'densely', backend, samples_per_sec: sps };
    Object.assign(line, { threads });
    if (single.length) Object.assign(line, { one_thread_samples_per_sec: round(median(single), 4), threads_speedup: ratio(sps, median(single)) });
    if (comparing && theirs.length) {
      const ref = round(median(theirs), 4);
      Object.assign(line, { pytorch_samples_per_sec: ref, ratio: ratio(sps, ref) });
    }
    Object.assign(line, {
      samples: work.samples,
      runs: passes,
      ...(comparing ? { pytorch_runs: theirs } : {}),
      loadavg: loadAverage(),
      ...(problem ? { error: problem } : {}),
    });
    report.record(line);
    const target = backend === 'wasm' ? ' (issue 10\'s target >= 0.5)' : '';
    const vs = comparing && theirs.length ? `; PyTorch ${fmt(line.pytorch_samples_per_sec as number)} in the same run: ratio ${fmt(line.ratio as number)}${target}` : '';
    const onThreads = single.length ? ` on ${threads} threads (one thread, DENSELY_WASM_THREADS=1: ${fmt(line.one_thread_samples_per_sec as number)}; ${fmt(line.threads_speedup as number)}x from the other cores)` : '';
    report.say(`digit MLP, ${backend}: ${fmt(sps)} samples/s${onThreads} (median of ${passes.flat().length} timed passes of ${work.samples} samples${vs})`);
  }
}
