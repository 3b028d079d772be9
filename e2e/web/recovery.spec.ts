/**
 * No lost work, in the web host: the unsaved mark and the browser's prompt,
 * and kill -9 of the host mid-edit and mid-training. These tests start and
 * kill their own hosts (not the config's webServer); the page's recovery copy
 * lives in its localStorage, so the new host is started on the same port,
 * the same origin.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';

interface RunningHost {
  readonly url: string;
  readonly port: number;
  readonly proc: ChildProcess;
}

const running = new Set<ChildProcess>();

/** Starts `node --import tsx src-main/web-host.ts --port N` and takes the URL from the line it prints, as printed. */
async function startHost(port = 0): Promise<RunningHost> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src-main/web-host.ts', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d) => (err += d));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the web host printed no URL in 60 s: ${out}${err}`)), 60_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /Densely is serving at (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the web host exited (${code}) before serving: ${err}`));
    });
  });
  return { url, port: Number(new URL(url).port), proc };
}

/** kill -9: no handler runs, nothing is flushed. */
async function killHard(host: RunningHost): Promise<void> {
  const exited = new Promise((r) => host.proc.once('exit', r));
  host.proc.kill('SIGKILL');
  await exited;
  running.delete(host.proc);
}

test.afterEach(async () => {
  for (const proc of running) proc.kill('SIGKILL');
  running.clear();
});

async function openAt(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId('train-start')).toBeEnabled();
}

/** What a person reads off the summary table: each row's name, kind and parameters, and the total. */
async function network(page: Page) {
  const rows = await page.locator('[data-testid^="summary-row-"]').allTextContents();
  return { rows, total: await page.getByTestId('total-params').textContent() };
}

/** The page may be asked "leave site?" on the way; this test means to leave. */
const leaveWhenAsked = (page: Page) => page.on('dialog', (d) => void (d.type() === 'beforeunload' ? d.accept() : d.dismiss()));

test('the title and header show the file name and an unsaved mark; reloading unsaved work asks first', async ({ page }) => {
  const host = await startHost();
  // Chromium's save picker never shows headless; without it Save is a download, as in Firefox and Safari.
  await page.addInitScript(() => Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true }));
  await openAt(page, host.url);
  await expect(page).toHaveTitle('Untitled — Densely');
  await expect(page.getByTestId('file-name')).toHaveText('Untitled');
  await expect(page.getByTestId('recent-files')).toHaveCount(0);

  await page.getByTestId('template-lecture-3-4-1').click();
  await expect(page).toHaveTitle('• Untitled — Densely');
  await expect(page.getByTestId('unsaved-mark')).toBeVisible();

  // The browser's own prompt; dismissing it keeps the page and the network.
  const asked: string[] = [];
  page.once('dialog', (d) => {
    asked.push(d.type());
    void d.dismiss();
  });
  await page.reload({ timeout: 5_000 }).catch(() => {});
  expect(asked).toEqual(['beforeunload']);
  await expect(page.getByTestId('total-params')).toHaveText('16');

  const download = page.waitForEvent('download');
  await page.keyboard.press('Control+s');
  expect((await download).suggestedFilename()).toBe('lecture-3-4-1.densely.json');
  await expect(page).toHaveTitle('lecture-3-4-1.densely.json — Densely');
  await expect(page.getByTestId('file-name')).toHaveText('lecture-3-4-1.densely.json');
  await expect(page.getByTestId('unsaved-mark')).toHaveCount(0);

  // An edit marks it; undoing that edit returns to the saved network and clears the mark.
  await page.getByTestId('count-biases').check();
  await expect(page).toHaveTitle('• lecture-3-4-1.densely.json — Densely');
  await page.getByTestId('undo').click();
  await expect(page).toHaveTitle('lecture-3-4-1.densely.json — Densely');

  // Saved: a reload asks nothing, and no recovery copy is offered.
  page.on('dialog', (d) => {
    asked.push(d.type());
    void d.dismiss();
  });
  await page.reload();
  await expect(page.getByTestId('train-start')).toBeEnabled();
  await expect(page.getByTestId('recover-restore')).toHaveCount(0);
  expect(asked).toEqual(['beforeunload']);
});

test('kill -9 mid-edit: the next start offers the recovery copy, and restoring it gives back the same network', async ({ page }) => {
  leaveWhenAsked(page);
  const first = await startHost();
  await openAt(page, first.url);
  await page.getByTestId('template-lecture-3-4-3-2').click();
  await page.getByTestId('layer-2').locator('rect.hit').click();
  await page.getByTestId('inspector-units').fill('7');
  await page.getByTestId('inspector-units').press('Enter');
  // 3-4-7-2 with biases: (3 x 4 + 4) + (4 x 7 + 7) + (7 x 2 + 2) = 16 + 35 + 16.
  await expect(page.getByTestId('total-params')).toHaveText('67');
  const before = await network(page);
  expect(before.rows).toHaveLength(4);
  await page.waitForTimeout(2_000);

  await killHard(first);
  const second = await startHost(first.port);
  await openAt(page, second.url);
  await expect(page.getByTestId('recover-restore')).toBeVisible();
  await expect(page.getByTestId('recovery-text')).toContainText('“Lecture: 3-4-3-2”');
  await expect(page.getByTestId('total-params')).toHaveText('0');
  await page.getByTestId('recover-restore').click();
  await expect(page.getByTestId('recover-restore')).toHaveCount(0);
  expect(await network(page)).toEqual(before);
  await expect(page.getByTestId('total-params')).toHaveText('67');
  // Restored work is unsaved work until it is saved.
  await expect(page).toHaveTitle('• Untitled — Densely');
});

test('kill -9 during training: the next start offers the recovery copy of the network being trained', async ({ page }) => {
  leaveWhenAsked(page);
  const first = await startHost();
  await openAt(page, first.url);
  await page.getByTestId('template-lecture-digits').click();
  await expect(page.getByTestId('total-params')).toHaveText('899,260');
  const before = await network(page);
  await page.getByTestId('train-start').click();
  await expect.poll(() => page.getByTestId('batch-loss').textContent(), { timeout: 60_000 }).not.toBe('–');

  await killHard(first);
  await expect(page.getByTestId('connection-banner')).toBeVisible();
  const second = await startHost(first.port);
  await openAt(page, second.url);
  await expect(page.getByTestId('recover-restore')).toBeVisible();
  await page.getByTestId('recover-restore').click();
  expect(await network(page)).toEqual(before);
  await expect(page.getByTestId('dataset-select')).toHaveValue('digits');

  // Discard, on the next start, deletes the copy for good.
  await page.reload();
  await page.getByTestId('recover-discard').click();
  await expect(page.getByTestId('recover-restore')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('train-start')).toBeEnabled();
  await expect(page.getByTestId('recover-restore')).toHaveCount(0);
});
