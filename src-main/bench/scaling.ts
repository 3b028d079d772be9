/**
 * Measurement 6, it scales with the work: summarize time per layer for chains
 * of 100 to 800 layers; the canvas's draw time for a 64-wide against a
 * 4096-wide layer; dataset memory per CSV row (10k against 40k rows through
 * importCsv); with --large, a ~100 MB CSV imported by streaming.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Layer } from '../../src-shared/layers/registry';
import type { CsvProbeResult } from './csv-probe';
import { chainOf, summarizeMs } from './editor';
import { REPO_ROOT } from './paths';
import { errorText, type Report } from './report';
import { fmt, linearFit, median, mib, ratio, round } from './stats';
import { closePage, hostProblem, openApp, openProject, projectFile, redrawTimes, spawnWebHost, type WebHostProcess } from './web';

const FEATURES = 20;

/** Writes a CSV of `rows` rows: x1..x20 in [-1, 1] with 4 decimals, and a label 0-9. Streams, so it never holds the file. */
export async function writeCsv(path: string, rows: number, features = FEATURES): Promise<number> {
  const out = createWriteStream(path);
  let s = 12345;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296) * 2 - 1;
  const header = [...Array.from({ length: features }, (_, i) => `x${i + 1}`), 'label'].join(',') + '\n';
  out.write(header);
  const chunk: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells = new Array<string>(features + 1);
    for (let c = 0; c < features; c++) cells[c] = next().toFixed(4);
    cells[features] = String(r % 10);
    chunk.push(cells.join(','));
    if (chunk.length === 2000 || r === rows - 1) {
      if (!out.write(chunk.join('\n') + '\n')) await once(out, 'drain');
      chunk.length = 0;
    }
  }
  out.end();
  await once(out, 'finish');
  return (await stat(path)).size;
}

function probe(path: string, timeoutMs: number): Promise<CsvProbeResult> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'src-main/bench/csv-probe.ts', path, 'label'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) return fail(new Error(`the import took longer than ${timeoutMs / 1000} s, its time limit`));
      if (code !== 0) return fail(new Error(err.trim().split('\n').at(-1) ?? `exit ${code}`));
      ok(JSON.parse(out.trim().split('\n').at(-1)!) as CsvProbeResult);
    });
  });
}

function wideNetwork(width: number): Layer[] {
  return [
    { kind: 'input', id: 'input_1', shape: [64] },
    { kind: 'dense', id: 'dense_1', units: width, activation: 'relu', useBias: true },
    { kind: 'dense', id: 'dense_2', units: 64, activation: 'relu', useBias: true },
    { kind: 'dense', id: 'dense_3', units: 10, activation: 'softmax', useBias: true },
  ];
}

async function summarizeScaling(report: Report): Promise<void> {
  const sizes = [100, 200, 400, 800];
  const ms = sizes.map((n) => summarizeMs(chainOf(n), 400));
  const perLayerUs = ms.map((m, i) => round((m * 1000) / sizes[i]!, 3));
  const fit = linearFit(sizes, ms);
  const growth = ratio(perLayerUs.at(-1)!, perLayerUs[0]!);
  report.record({
    impl: 'densely',
    bench: 'summarize-scaling',
    layers: sizes,
    ms: ms.map((m) => round(m, 3)),
    us_per_layer: perLayerUs,
    linear_fit_r2: round(fit.r2, 4),
    us_per_layer_800_vs_100: growth,
  });
  report.say(
    `Summarize, 100/200/400/800 layers: ${ms.map((m) => fmt(m)).join(' / ')} ms, ${perLayerUs.map((u) => fmt(u)).join(' / ')} us per layer (linear fit r^2 ${fmt(fit.r2, 4)}; per-layer cost at 800 is ${fmt(growth)}x that at 100)`,
  );
}

async function wideDraw(report: Report): Promise<void> {
  let host: WebHostProcess | null = null;
  let page: Awaited<ReturnType<typeof openApp>> | null = null;
  try {
    host = await spawnWebHost();
    page = await openApp(host.url);
    const out: Record<number, { layout: number; draw: number; params: string }> = {};
    for (const width of [64, 4096]) {
      const layers = wideNetwork(width);
      const params = (64 * width + width + width * 64 + 64 + 64 * 10 + 10).toLocaleString('en-US');
      await openProject(page, `wide-${width}.densely.json`, projectFile(`64-${width}-64-10`, layers, {}));
      await page.getByTestId('total-params').filter({ hasText: params }).waitFor();
      const t = await redrawTimes(page, 20);
      out[width] = { layout: median(t.layout), draw: median(t.draw), params };
    }
    const total = (w: number) => round(out[w]!.layout + out[w]!.draw, 3);
    const r = ratio(total(4096), total(64));
    report.record({
      impl: 'densely',
      bench: 'canvas-draw-wide-layer',
      ms_64_wide: total(64),
      ms_4096_wide: total(4096),
      ratio_4096_to_64: r,
      connections_64_wide: 64 * 64 * 2,
      connections_4096_wide: 64 * 4096 * 2,
    });
    report.say(`Canvas redraw, 64-${'{64|4096}'}-64-10: ${fmt(total(64))} ms with a 64-wide layer, ${fmt(total(4096))} ms with a 4096-wide one (${fmt(r)}x for 64x the connections)`);
  } catch (e) {
    report.failed('canvas-draw-wide-layer', hostProblem(host, e));
  } finally {
    await closePage(page);
    await host?.close();
  }
}

/** Generates a CSV of about rows x features x 7.5 bytes, imports it in a child process, deletes it. */
async function largeImport(report: Report, dir: string, rows: number, features: number, timeoutMs: number): Promise<void> {
  const path = join(dir, `large-${features}.csv`);
  try {
    const bytes = await writeCsv(path, rows, features);
    const c = await probe(path, timeoutMs);
    const growth = c.peakRss - c.rssBefore;
    const dataset = c.arrayBuffersAfter - c.arrayBuffersBefore;
    report.record({
      impl: 'densely',
      bench: 'csv-import-large',
      file_mib: mib(bytes),
      rows: c.rows,
      features,
      seconds: round(c.seconds, 3),
      mib_per_sec: round(mib(bytes) / c.seconds, 3),
      peak_rss_mib: mib(c.peakRss),
      rss_before_mib: mib(c.rssBefore),
      peak_growth_mib: mib(growth),
      dataset_mib: mib(dataset),
      peak_growth_to_file: ratio(growth, bytes),
    });
    report.say(
      `A ${fmt(mib(bytes))} MiB CSV (${fmt(c.rows)} rows x ${features + 1} columns) streamed in ${fmt(c.seconds)} s: memory grew by ${fmt(mib(growth))} MiB at its peak (${fmt(ratio(growth, bytes))}x the file), of which ${fmt(mib(dataset))} MiB hold the rows as float32`,
    );
  } finally {
    await rm(path, { force: true });
  }
}

async function datasetMemory(report: Report, large: boolean): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'densely-bench-'));
  try {
    const small = join(dir, 'rows-10k.csv');
    const big = join(dir, 'rows-40k.csv');
    await writeCsv(small, 10_000);
    await writeCsv(big, 40_000);
    const a = await probe(small, 120_000);
    const b = await probe(big, 120_000);
    const rows = b.rows - a.rows;
    const perRow = (x: CsvProbeResult, y: CsvProbeResult, key: 'rss' | 'heap' | 'arrayBuffers') =>
      round(((y[`${key}After`] - y[`${key}Before`]) - (x[`${key}After`] - x[`${key}Before`])) / rows, 3);
    const ideal = (FEATURES + 1) * 4;
    const ab = perRow(a, b, 'arrayBuffers');
    report.record({
      impl: 'densely',
      bench: 'dataset-memory-per-row',
      rows: [a.rows, b.rows],
      features: FEATURES,
      array_bytes_per_row: ab,
      heap_bytes_per_row: perRow(a, b, 'heap'),
      rss_bytes_per_row: perRow(a, b, 'rss'),
      float32_bytes_per_row: ideal,
    });
    report.say(
      `Dataset memory, ${FEATURES}-feature CSV, 10k vs 40k rows: ${fmt(ab)} bytes per row in typed arrays (float32 minimum ${ideal}), ${fmt(perRow(a, b, 'heap'))} on the JS heap, ${fmt(perRow(a, b, 'rss'))} of RSS`,
    );
    await rm(small);
    await rm(big);
    await largeImport(report, dir, 640_000, FEATURES, 240_000);
    if (large) await largeImport(report, dir, 530_000, 100, 480_000);
    else report.say('A ~400 MB CSV import: run with --large to measure it too (about a minute more).');
  } catch (e) {
    report.failed('dataset-memory', errorText(e));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function benchScaling(report: Report, o: { large: boolean }): Promise<void> {
  await summarizeScaling(report);
  await wideDraw(report);
  await datasetMemory(report, o.large);
}
