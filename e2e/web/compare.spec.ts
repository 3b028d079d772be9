/**
 * Compare, in the web host: two project files picked through the browser's file chooser side by side, with the
 * difference per layer and in the totals, a bad file refused in Open's sentence, the open network untouched; then
 * two versions of the open network (an undo point and now), both trained, with their curves on one chart.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { focusExportItem, openApp } from '../fixtures/app';

const sample = (name: string) => readFile(new URL(`../../assets/samples/${name}`, import.meta.url));

async function openCompare(page: Page) {
  await focusExportItem(page, 'export-compare');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Compare two networks' })).toBeVisible();
}

async function pick(page: Page, side: 'left' | 'right', name: string, buffer: Buffer) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId(`compare-${side}-file`).click();
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer });
}

const total = (page: Page, key: string, col: 'a' | 'b' | 'delta') => page.getByTestId(`compare-total-${key}-${col}`);

test('lecture 3-4-1 against 3-4-3-2, from their files: 16 against 39 parameters, +23', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await openApp(page);
  await page.getByTestId('template-lecture-3-4-3-2').click();
  await expect(page.getByTestId('total-params')).toHaveText('39');
  const fileName = await page.getByTestId('file-name').textContent();
  await openCompare(page);

  await pick(page, 'left', 'lecture-3-4-1.densely.json', await sample('lecture-3-4-1.densely.json'));
  await pick(page, 'right', 'lecture-3-4-3-2.densely.json', await sample('lecture-3-4-3-2.densely.json'));

  // By hand. A, 3-4-1 with its Count biases switch off (it trains without biases): 3x4 + 4x1 = 16 weights, 16 in all.
  // B, 3-4-3-2 with biases: (3x4 + 4) + (4x3 + 3) + (3x2 + 2) = 16 + 15 + 8 = 39, of them 30 weights and 9 biases.
  const expected: [string, string, string, string][] = [
    ['weights', '16', '30', '+14'],
    ['biases', 'not counted', '9', '+9'],
    ['trainable', '16', '39', '+23'],
    ['nonTrainable', '0', '0', '0'],
    ['params', '16', '39', '+23'],
  ];
  for (const [key, a, b, delta] of expected) {
    await expect(total(page, key, 'a'), key).toHaveText(a, { timeout: 30_000 });
    await expect(total(page, key, 'b'), key).toHaveText(b);
    await expect(total(page, key, 'delta'), key).toHaveText(delta);
  }
  await expect(page.getByTestId('compare-bias-note')).toContainText('A leaves biases out');

  // Per layer: input and the 4-unit layer face each other, A's 1-unit output faces B's 3-unit layer, B's output is new.
  // dense_1: 12 against 12 + 4 (+4); dense_2: 4 against 12 + 3 (+11); dense_3: 6 + 2 added (+8). 4 + 11 + 8 = 23.
  await expect(page.getByTestId('compare-left-row-0')).toContainText('input_1');
  await expect(page.getByTestId('compare-right-row-2')).toContainText('dense_2');
  await expect(page.getByTestId('compare-left-row-3')).toHaveText('not in A (added in B)');
  await expect(page.getByTestId('compare-right-row-3')).toContainText('dense_3');
  for (const [i, delta] of ['0', '+4', '+11', '+8'].entries()) await expect(page.getByTestId(`compare-delta-${i}`)).toHaveText(delta);

  // At 1024x768 no number is cut: every cell shows all of its text.
  const cut = await page.getByTestId('compare').locator('td').evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent));
  expect(cut).toEqual([]);

  // The same dialog reads in the dark theme: its surface and ink follow the theme's custom properties.
  await page.keyboard.press('Escape');
  await page.getByTestId('theme-switch').click();
  await openCompare(page);
  const colours = await page.getByTestId('compare').evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]);
  expect(colours).toEqual(['rgb(17, 24, 39)', 'rgb(243, 244, 246)']);

  // A malformed file gets Open's sentence, and the comparison and the open network stay as they were.
  await pick(page, 'left', 'broken.densely.json', Buffer.from('{"format": "densely-project", "version": 1, "name": "x", "layers": ['));
  await expect(page.getByTestId('compare-error')).toHaveText(/^broken\.densely\.json could not be opened\. The file is not valid JSON \(.+\); open a Densely project file \(\.densely\.json\)\.$/);

  // Esc closes; the open document was never replaced: still the 3-4-3-2 template, under the same (no) file name.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('compare')).toHaveCount(0);
  await expect(page.getByTestId('total-params')).toHaveText('39');
  await expect(page.getByTestId('file-name')).toHaveText(fileName!);
  expect(fileName).toContain('Untitled');
});

test('the network before and after an edit, both trained: their loss and accuracy on one chart', async ({ page }) => {
  await openApp(page);
  for (const template of ['lecture-3-4-1', 'lecture-3-4-3-2']) {
    await page.getByTestId(`template-${template}`).click();
    await page.getByTestId('setting-epochs').fill('3');
    await page.getByTestId('train-start').click();
    await expect(page.getByTestId('train-status')).toHaveText('Finished', { timeout: 90_000 });
  }
  await openCompare(page);
  // The first choice is one undo step back (the 3-4-1 template) against now.
  await expect(page.getByTestId('compare-left')).toHaveValue('undo-1');
  await expect(total(page, 'params', 'a')).toHaveText('16');
  await expect(total(page, 'params', 'b')).toHaveText('39');
  await expect(page.getByTestId('compare-chart')).toBeVisible({ timeout: 30_000 });
  // Two loss curves and two accuracy curves (spheres is a classification), each with a point per epoch.
  const paths = page.getByTestId('compare-chart').locator('path.line');
  await expect(paths).toHaveCount(4);
  for (const d of await paths.evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''))) expect(d.match(/[ML]/g)).toHaveLength(3);

  // Comparing now with now: no difference anywhere.
  await page.getByTestId('compare-left').selectOption('now');
  await expect(total(page, 'params', 'delta')).toHaveText('0');
});
