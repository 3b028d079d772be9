/**
 * Measurement 3: TensorFlow Playground's circle setting (2-4-2-1, tanh
 * everywhere, SGD 0.03, batch 10, 500 points, half for training, squared
 * error on targets -1 and 1) trained in the web host through the UI, canvas
 * animating, trainer across the process boundary. Playground's test loss is
 * the mean of half the squared error, so it is our validation MSE / 2.
 */
import type { Layer } from '../../src-shared/layers/registry';
import { closePage, hostProblem, openApp, openProject, projectFile, spawnWebHost, trainInPage, type Trace, type WebHostProcess } from './web';
import { loadAverage, type Report } from './report';
import { describeRatio, fmt, median, ratio, round } from './stats';

export const PLAYGROUND_EPOCHS_PER_SEC = 53;
export const PLAYGROUND_SECONDS = 3.7;
const TARGET_TEST_LOSS = 0.01;
const EPOCHS = 400;
const RUNS = 2;

const CIRCLE_NETWORK: Layer[] = [
  { kind: 'input', id: 'input_1', shape: [2] },
  { kind: 'dense', id: 'dense_1', units: 4, activation: 'tanh', useBias: true },
  { kind: 'dense', id: 'dense_2', units: 2, activation: 'tanh', useBias: true },
  { kind: 'dense', id: 'dense_3', units: 1, activation: 'tanh', useBias: true },
];

export interface CircleFigures {
  /** Epochs per second once running (first epoch event to last). */
  readonly epochsPerSec: number;
  /** Epochs per second from pressing Train to the last epoch. */
  readonly epochsPerSecFromClick: number;
  /** Seconds from pressing Train to the first epoch whose test loss (valLoss / 2) is below 0.01; null if never. */
  readonly secondsToTarget: number | null;
  readonly epochs: number;
  readonly finalTestLoss: number | null;
}

/** The figures of one traced run. */
export function circleFigures(trace: Trace): CircleFigures {
  const e = trace.epochs;
  const t0 = trace.trainAt ?? e[0]?.t ?? 0;
  const last = e.at(-1);
  const hit = e.find((p) => p.valLoss !== undefined && p.valLoss / 2 < TARGET_TEST_LOSS);
  return {
    epochsPerSec: e.length > 1 ? ((e.length - 1) * 1000) / (last!.t - e[0]!.t) : NaN,
    epochsPerSecFromClick: last ? (e.length * 1000) / (last.t - t0) : NaN,
    secondsToTarget: hit ? (hit.t - t0) / 1000 : null,
    epochs: e.length,
    finalTestLoss: last?.valLoss !== undefined ? last.valLoss / 2 : null,
  };
}

export async function benchPlayground(report: Report): Promise<void> {
  let host: WebHostProcess | null = null;
  let page: Awaited<ReturnType<typeof openApp>> | null = null;
  try {
    host = await spawnWebHost();
    page = await openApp(host.url);
    const p = page;
    await openProject(
      p,
      'playground-circle.densely.json',
      projectFile('Playground circle', CIRCLE_NETWORK, {
        dataset: 'circle-pm1',
        loss: 'mse',
        optimizer: 'sgd',
        learningRate: 0.03,
        batchSize: 10,
        epochs: EPOCHS,
        validationSplit: 0.5,
        shuffle: true,
        seed: 1,
      }),
    );
    await p.getByTestId('total-params').filter({ hasText: /^25$/ }).waitFor();
    const runs: CircleFigures[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(circleFigures(await trainInPage(p, 90_000)));
    const eps = round(median(runs.map((r) => r.epochsPerSec)), 3);
    const hits = runs.map((r) => r.secondsToTarget).filter((s): s is number => s !== null);
    const seconds = hits.length === runs.length ? round(median(hits), 3) : null;
    const parity = ratio(eps, PLAYGROUND_EPOCHS_PER_SEC);
    const timeParity = seconds === null ? null : ratio(PLAYGROUND_SECONDS, seconds);
    const backend = await p.getByTestId('train-backend').textContent();
    report.record({
      impl: 'densely',
      bench: 'playground-circle',
      epochs_per_sec: eps,
      'seconds_to_test_loss_0.01': seconds,
      playground_epochs_per_sec: PLAYGROUND_EPOCHS_PER_SEC,
      playground_seconds: PLAYGROUND_SECONDS,
      parity,
      time_parity: timeParity,
      epochs_per_sec_from_click: round(median(runs.map((r) => r.epochsPerSecFromClick)), 3),
      final_test_loss: runs.map((r) => (r.finalTestLoss === null ? null : round(r.finalTestLoss, 3))),
      epochs: EPOCHS,
      runs: RUNS,
      backend,
      loadavg: loadAverage(),
    });
    const time = seconds === null ? `its test loss did not fall below ${TARGET_TEST_LOSS} within ${EPOCHS} epochs in every run` : `test loss below ${TARGET_TEST_LOSS} after ${fmt(seconds)} s (Playground ${PLAYGROUND_SECONDS} s: ${describeRatio(timeParity)})`;
    report.say(`Playground circle in the web host (${backend}): ${fmt(eps)} epochs/s against Playground's ${PLAYGROUND_EPOCHS_PER_SEC}: ${describeRatio(parity)} (target: at least half, 26.5); ${time}`);
  } catch (e) {
    report.failed('playground-circle', hostProblem(host, e));
  } finally {
    await closePage(page);
    await host?.close();
  }
}
