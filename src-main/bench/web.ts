/**
 * The browser side of the benchmark: Debian's Chromium through Playwright,
 * and the web host as its own process (`node --import tsx src-main/web-host.ts
 * --port 0`, what `npm run web` runs), so that its memory is its own and its
 * start-up can be timed. Pages open with `?trace=1` (src-renderer/state/trace.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { Layer } from '../../src-shared/layers/registry';
import type { TrainingSettings } from '../../src-shared/training/settings';
import { CHROMIUM, REPO_ROOT } from './paths';
import { processMemory } from './report';

/** What src-renderer/state/trace.ts keeps on window.__densely (the renderer's project has the DOM types, this one not). */
export interface Trace {
  trainAt: number | null;
  epochs: { epoch: number; loss: number; valLoss?: number; samplesPerSec: number; t: number }[];
  doneAt: number | null;
}

let browser: Promise<Browser> | null = null;

/** One Chromium for the whole run, launched on first use. */
export function getBrowser(): Promise<Browser> {
  browser ??= chromium
    .launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      timeout: 60_000,
    })
    .catch((e: unknown) => {
      browser = null;
      throw new Error(`Chromium (${CHROMIUM}) could not be started: ${(e as Error).message.split('\n')[0]}`);
    });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  const b = browser;
  browser = null;
  if (b) await (await b.catch(() => null))?.close().catch(() => {});
}

export interface WebHostProcess {
  readonly url: string;
  readonly pid: number;
  /** performance.now() when the process was spawned. */
  readonly spawnedAt: number;
  /** Peak resident memory so far (VmHWM), in bytes; NaN where /proc is missing. */
  peakRss(): number;
  /** Why the process ended early (its last error line), or null while it runs. */
  crash(): string | null;
  close(): Promise<void>;
}

/** The line of a stack dump that says what went wrong, shortened. */
function lastErrorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l && l.length < 400);
  const line = lines.filter((l) => /^\w*Error\b/.test(l)).at(-1) ?? lines.at(-1) ?? '';
  return line.slice(0, 300);
}

/** A part's failure, blaming a crashed web host when there is one. */
export function hostProblem(host: WebHostProcess | null, e: unknown): string {
  const crash = host?.crash();
  const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
  return crash ? `${crash} (the page saw: ${msg})` : msg;
}

/** Starts the web host on a free port; resolves once it says where it serves. */
export function spawnWebHost(timeoutMs = 60_000): Promise<WebHostProcess> {
  const spawnedAt = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src-main/web-host.ts', '--port', '0'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const close = () =>
    new Promise<void>((ok) => {
      if (child.exitCode !== null || child.signalCode !== null) return ok();
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => (clearTimeout(force), ok()));
      child.kill('SIGTERM');
    });
  let err = '';
  let exited: string | null = null;
  child.stderr!.on('data', (d: Buffer) => (err = (err + d).slice(-20_000)));
  child.on('exit', (code, signal) => (exited = `the web host exited (${signal ?? code}): ${lastErrorLine(err)}`));
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => {
      void close();
      fail(new Error(`the web host did not start within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('exit', () => {
      clearTimeout(timer);
      fail(new Error(exited ?? 'the web host exited'));
    });
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /serving at (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      ok({
        url: m[1]!,
        pid: child.pid!,
        spawnedAt,
        peakRss: () => processMemory(child.pid!)?.peakRss ?? NaN,
        crash: () => exited,
        close,
      });
    });
  });
}

/** A blank page in its own context, 1280x800 as in the e2e suites. */
export async function newPage(): Promise<Page> {
  const b = await getBrowser();
  const context = await b.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return page;
}

/** A fresh page on the app, traced, with the trainer connected (Train enabled). */
export async function openApp(url: string): Promise<Page> {
  const page = await newPage();
  // `url` is the address the host printed, its access token included.
  const traced = new URL(url);
  traced.searchParams.set('trace', '1');
  await page.goto(traced.href);
  await page.getByTestId('train-start').waitFor({ state: 'visible' });
  await page.getByTestId('train-start').and(page.locator(':enabled')).waitFor();
  return page;
}

export async function closePage(page: Page | null): Promise<void> {
  if (page) await page.context().close().catch(() => {});
}

/** A project file as docs/file-format.md describes it. */
export function projectFile(name: string, layers: Layer[], training: Partial<TrainingSettings>): string {
  return JSON.stringify({ format: 'densely-project', version: 1, name, layers, training });
}

/** Opens a project through the Open… button and the browser's file chooser, as a person would. */
export async function openProject(page: Page, name: string, text: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open…' }).click();
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text, 'utf8') });
}

/** Presses Train and waits for the run to end (or the limit); returns the page's trace. */
export async function trainInPage(page: Page, timeoutMs: number): Promise<Trace> {
  await page.getByTestId('train-start').click();
  try {
    // Done, or an error on the panel (a refusal, a dropped connection): either way the run is over.
    await page.waitForFunction(
      () => {
        const g = globalThis as unknown as { __densely?: Trace; document: { querySelector(s: string): unknown } };
        return g.__densely?.doneAt != null || g.document.querySelector('[data-testid="train-error"]') !== null;
      },
      undefined,
      { timeout: timeoutMs, polling: 250 },
    );
  } catch (e) {
    await page.getByTestId('train-stop').click({ timeout: 2000 }).catch(() => {});
    const timedOut = (e as Error).name === 'TimeoutError';
    throw new Error(timedOut ? `training in the page did not finish within ${timeoutMs / 1000} s` : (e as Error).message.split('\n')[0]);
  }
  const error = await page.getByTestId('train-error').textContent({ timeout: 100 }).catch(() => null);
  if (error) throw new Error(`the page says: ${error}`);
  return readTrace(page);
}

export async function readTrace(page: Page): Promise<Trace> {
  const t = (await page.evaluate('window.__densely ?? null')) as Trace | null;
  if (!t) throw new Error('the page has no trace (window.__densely); is the renderer built with src-renderer/state/trace.ts?');
  return t;
}

/** Durations (ms) of the page's performance measures named `densely:NAME`, then clears them. */
export async function takeMeasures(page: Page, name: string): Promise<number[]> {
  const full = JSON.stringify(`densely:${name}`);
  return (await page.evaluate(
    `(() => { const d = performance.getEntriesByName(${full}, 'measure').map((e) => e.duration); performance.clearMeasures(${full}); return d; })()`,
  )) as number[];
}

/** Resolves after the page has rendered two more frames. */
export async function nextFrames(page: Page): Promise<void> {
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
}

/**
 * Makes the canvas redraw `times` times (the window one pixel narrower, then back), and returns the
 * layout and draw times of each (ms), the first two left out as warm-up.
 */
export async function redrawTimes(page: Page, times: number): Promise<{ layout: number[]; draw: number[] }> {
  await nextFrames(page);
  await takeMeasures(page, 'canvas-layout');
  await takeMeasures(page, 'canvas-draw');
  for (let i = 0; i < times + 2; i++) {
    await page.setViewportSize({ width: 1280 - ((i + 1) % 2), height: 800 });
    await nextFrames(page);
  }
  const layout = (await takeMeasures(page, 'canvas-layout')).slice(2);
  const draw = (await takeMeasures(page, 'canvas-draw')).slice(2);
  if (draw.length === 0) throw new Error('the canvas did not redraw when the window changed size');
  return { layout, draw };
}
