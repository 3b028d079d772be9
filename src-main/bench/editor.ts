/**
 * Measurement 5, the editor stays instant: parameter counts and shapes of a
 * 200-layer chain, the canvas redraw of the digit template in Chromium, and
 * how soon the web host is interactive after it is started. (Its memory while
 * training is measured by the screen part, which trains the template.)
 */
import { summarize } from '../../src-shared/graph/summary';
import { chainFromWidths } from '../../src-shared/graph/templates';
import type { Layer } from '../../src-shared/layers/registry';
import { type Report } from './report';
import { describeRatio, fmt, median, ratio, round } from './stats';
import { closePage, hostProblem, getBrowser, newPage, openApp, redrawTimes, spawnWebHost, type WebHostProcess } from './web';

/** A chain of `count` layers: an input and count - 1 dense layers of 32 units. */
export function chainOf(count: number): Layer[] {
  return chainFromWidths(new Array<number>(count).fill(32), 'relu', 'linear');
}

/** Median time (ms) of summarize over `runs` runs, after a warm-up. */
export function summarizeMs(layers: readonly Layer[], runs: number): number {
  for (let i = 0; i < 50; i++) summarize(layers);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    summarize(layers);
    times.push(performance.now() - t);
  }
  return median(times);
}

const INTERACTIVE_RUNS = 3;

export async function benchEditor(report: Report): Promise<void> {
  const ms = round(summarizeMs(chainOf(200), 1000), 3);
  const r = ratio(ms, 2);
  report.record({ impl: 'densely', bench: 'summarize-200-layers', ms, limit_ms: 2, ratio: r, runs: 1000 });
  report.say(`Parameter counts and shapes of a 200-layer chain: ${fmt(ms)} ms (median of 1,000; limit 2 ms: ${describeRatio(r, false)})`);

  // Interactive time: the browser is up first; the clock runs from spawning the web host to the
  // page showing the digit template's 899,260 parameters after a click.
  const seconds: number[] = [];
  let host: WebHostProcess | null = null;
  let page: Awaited<ReturnType<typeof newPage>> | null = null;
  try {
    await getBrowser();
    for (let i = 0; i < INTERACTIVE_RUNS; i++) {
      page = await newPage();
      host = await spawnWebHost();
      await page.goto(host.url);
      await page.getByTestId('template-lecture-digits').click();
      await page.getByTestId('total-params').filter({ hasText: '899,260' }).waitFor();
      seconds.push((performance.now() - host.spawnedAt) / 1000);
      await closePage(page);
      page = null;
      if (i < INTERACTIVE_RUNS - 1) {
        await host.close();
        host = null;
      }
    }
    const s = round(median(seconds), 3);
    const sr = ratio(s, 2);
    report.record({ impl: 'densely', bench: 'web-host-interactive', seconds: s, limit_seconds: 2, ratio: sr, runs: seconds.map((v) => round(v, 3)) });
    report.say(`Web host interactive (spawn to 899,260 shown after a template click, browser already up): ${fmt(s)} s (median of ${seconds.length}; limit 2 s: ${describeRatio(sr, false)})`);

    page = await openApp(host!.url);
    await page.getByTestId('template-lecture-digits').click();
    await page.getByTestId('total-params').filter({ hasText: '899,260' }).waitFor();
    const t = await redrawTimes(page, 30);
    const layout = median(t.layout);
    const draw = median(t.draw);
    const total = round((Number.isFinite(layout) ? layout : 0) + draw, 3);
    const cr = ratio(total, 16);
    report.record({
      impl: 'densely',
      bench: 'canvas-redraw-digits',
      ms: total,
      layout_ms: round(layout, 3),
      draw_ms: round(draw, 3),
      limit_ms: 16,
      ratio: cr,
      redraws: t.draw.length,
    });
    report.say(`Canvas redraw of the digit template (layout + d3 draw, median of ${t.draw.length}): ${fmt(total)} ms (limit 16 ms: ${describeRatio(cr, false)})`);
  } catch (e) {
    report.failed(seconds.length < INTERACTIVE_RUNS ? 'web-host-interactive' : 'canvas-redraw-digits', hostProblem(host, e));
  } finally {
    await closePage(page);
    await host?.close();
  }
}
