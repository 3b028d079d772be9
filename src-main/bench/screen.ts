/**
 * Measurement 4, "the trainer never waits for the screen": the digit template
 * trained in the web host with the canvas animating, against the same run
 * headless (the service in this process, stream off), alternated. Also the
 * web host's peak memory (VmHWM) while it trains the template (measurement 5).
 */
import { findTemplate } from '../../src-shared/graph/templates';
import { DEFAULT_TRAINING, type TrainingSettings } from '../../src-shared/training/settings';
import { trainHeadless } from './headless';
import { loadAverage, type Report } from './report';
import { describeRatio, fmt, median, mib, ratio, round } from './stats';
import { closePage, hostProblem, openApp, spawnWebHost, takeMeasures, trainInPage, type WebHostProcess } from './web';

/** One warm-up epoch (the first pays for compiling kernels), two timed. */
const EPOCHS = 3;
/** Rounds of headless then screen, back to back; the machine's speed drifts, so each round is a pair. */
const ROUNDS = 4;
const GIB = 2 ** 30;

export async function benchScreen(report: Report): Promise<void> {
  const template = findTemplate('lecture-digits');
  if (!template) return report.failed('screen', 'the lecture-digits template is missing');
  const settings: TrainingSettings = { ...DEFAULT_TRAINING, ...template.doc.training, epochs: EPOCHS };
  let host: WebHostProcess | null = null;
  let page: Awaited<ReturnType<typeof openApp>> | null = null;
  const headless: number[] = [];
  const screen: number[] = [];
  const paints: number[] = [];
  const framesPerSec: number[] = [];
  let backend: string | null = null;
  let headlessBackend: string | null = null;
  try {
    host = await spawnWebHost();
    page = await openApp(host.url);
    const p = page;
    await p.getByTestId('template-lecture-digits').click();
    await p.getByTestId('total-params').filter({ hasText: '899,260' }).waitFor();
    await p.getByTestId('setting-epochs').fill(String(EPOCHS));
    for (let r = 0; r < ROUNDS; r++) {
      const h = await trainHeadless({ layers: [...template.doc.layers], settings, timeoutMs: 240_000 });
      headlessBackend = h.done.backend;
      headless.push(...h.epochs.slice(1).map((e) => e.samplesPerSec));
      await takeMeasures(p, 'canvas-paint');
      const t = await trainInPage(p, 240_000);
      const painted = await takeMeasures(p, 'canvas-paint');
      paints.push(...painted);
      if (t.trainAt !== null && t.doneAt !== null) framesPerSec.push((painted.length * 1000) / (t.doneAt - t.trainAt));
      screen.push(...t.epochs.slice(1).map((e) => e.samplesPerSec));
      backend = await p.getByTestId('train-backend').textContent();
    }
  } catch (e) {
    report.failed('screen', hostProblem(host, e));
  } finally {
    await closePage(page);
  }
  const peak = host?.peakRss() ?? NaN;
  await host?.close();

  if (headless.length && screen.length) {
    const h = round(median(headless), 4);
    const s = round(median(screen), 4);
    // The median of the paired ratios: a pair ran back to back, so both saw the same load.
    const pairs = screen.map((v, i) => v / headless[i]!).filter(Number.isFinite);
    const r = pairs.length ? round(median(pairs), 3) : ratio(s, h);
    report.record({
      impl: 'densely',
      bench: 'screen-vs-headless',
      template: 'lecture-digits',
      headless_samples_per_sec: h,
      screen_samples_per_sec: s,
      ratio: r,
      target: 0.9,
      headless_runs: headless.map((v) => round(v, 4)),
      screen_runs: screen.map((v) => round(v, 4)),
      paired_ratios: pairs.map((v) => round(v, 3)),
      canvas_paint_ms_median: round(median(paints), 3),
      canvas_frames_per_sec: round(median(framesPerSec), 3),
      backend,
      headless_backend: headlessBackend,
      loadavg: loadAverage(),
    });
    report.say(
      `Digit template with the canvas animating (${fmt(median(framesPerSec))} repaints/s, ${fmt(median(paints))} ms each): ${fmt(s)} samples/s, headless ${fmt(h)}: ratio ${fmt(r)} (target >= 0.9${r !== null && r >= 0.9 ? ', met' : ', not met'})`,
    );
  }
  if (Number.isFinite(peak)) {
    const r = ratio(peak, GIB);
    report.record({ impl: 'densely', bench: 'memory-training-digits', peak_rss_mib: mib(peak), limit_mib: 1024, ratio: r });
    report.say(`Web host peak memory while training the digit template: ${fmt(mib(peak))} MiB (limit 1,024 MiB: ${describeRatio(r, false)})`);
  }
}
