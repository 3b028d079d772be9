/**
 * What is counted is what trains, and the figures say what they are: the 3-4-1 template with biases left out
 * trains 16 parameters and every figure says 16; the digit template reports train and validation accuracy and
 * loss after its epoch, each labelled.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp } from '../fixtures/app';

const percent = async (page: Page, id: string) => {
  const text = (await page.getByTestId(id).textContent())!;
  expect(text).toMatch(/^\d{1,3}\.\d%$/);
  return parseFloat(text);
};
const loss = async (page: Page, id: string) => {
  const text = (await page.getByTestId(id).textContent())!;
  expect(text).toMatch(/^\d+(\.\d+)?$/);
  return Number(text);
};
/** The labels a figure sits under and beside, as a person reads them: its column's header and its row's. */
async function labelsOf(page: Page, id: string): Promise<string> {
  return page.getByTestId(id).evaluate((cell: HTMLTableCellElement) => {
    const row = cell.closest('tr')!;
    const header = cell.closest('table')!.querySelector('thead tr')!.children[cell.cellIndex]!.textContent;
    return `${header} ${row.querySelector('th')!.textContent}`.toLowerCase();
  });
}

test('the 3-4-1 template, biases left out, trains 16 parameters and says 16 in the table, the canvas and the training line', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('template-lecture-3-4-1').click();
  await expect(page.getByTestId('count-biases')).not.toBeChecked();
  await expect(page.getByTestId('total-params')).toHaveText('16');
  await expect(page.getByTestId('total-biases')).toHaveText('0');
  // The canvas's bundles: 3 x 4 + 4 x 1 = 16, no "+ 4" or "+ 1" for biases.
  await expect(page.getByTestId('bundle-1')).toHaveText('3 x 4 = 12');
  await expect(page.getByTestId('bundle-2')).toHaveText('4 x 1 = 4');
  await page.getByTestId('setting-epochs').fill('2');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-info')).toContainText(/\b16 parameters, backend /, { timeout: 60_000 });
  await expect(page.getByTestId('train-status')).toHaveText('Finished', { timeout: 60_000 });
  // The formula of a trained layer has no bias term.
  await page.getByTestId('layer-1').click();
  await expect(page.locator('.inspector')).toContainText('relu(i1*w1 + i2*w2 + i3*w3)');
  await expect(page.locator('.inspector')).not.toContainText('+ b)');
  // Edited away from the template, its note no longer claims the template's counts.
  await page.getByTestId('count-biases').check();
  await expect(page.getByTestId('total-params')).toHaveText('21');
  await expect(page.getByText('Edited from the 3-4-1 template.')).toBeVisible();
  await expect(page.getByText('= 16 weights, biases left out')).toHaveCount(0);
});

test('the digit template, one epoch: train and validation accuracy and loss, each labelled', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('template-lecture-digits').click();
  await page.getByTestId('setting-epochs').fill('1');
  for (const id of ['train-accuracy', 'val-accuracy', 'train-loss', 'val-loss']) await expect(page.getByTestId(id)).toHaveText('–');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-status')).toHaveText('Finished', { timeout: 120_000 });
  expect(await labelsOf(page, 'train-accuracy')).toBe('train accuracy');
  expect(await labelsOf(page, 'val-accuracy')).toBe('validation accuracy');
  expect(await labelsOf(page, 'train-loss')).toBe('train loss');
  expect(await labelsOf(page, 'val-loss')).toBe('validation loss');
  // Every figure is in view in the panel, not scrolled out of it.
  for (const id of ['train-accuracy', 'val-accuracy', 'train-loss', 'val-loss']) await expect(page.getByTestId(id)).toBeInViewport({ ratio: 1 });
  // One epoch of the lecture's 600-500-250 network on real digits gets well past chance (10%), on both splits.
  expect(await percent(page, 'train-accuracy')).toBeGreaterThan(70);
  expect(await percent(page, 'val-accuracy')).toBeGreaterThan(80);
  const trainLoss = await loss(page, 'train-loss');
  const valLoss = await loss(page, 'val-loss');
  // Cross entropy of ten classes starts near ln 10 = 2.30; after an epoch it is far below.
  expect(trainLoss).toBeGreaterThan(0);
  expect(trainLoss).toBeLessThan(1.5);
  expect(valLoss).toBeGreaterThan(0);
  expect(valLoss).toBeLessThan(1.5);
  // The chart has an accuracy panel with its points, and the legend sits above the plot, not over it.
  await expect(page.locator('svg text.ylabel')).toHaveText(['loss', 'accuracy']);
  await expect(page.locator('svg circle.acc')).toHaveCount(2);
  // The canvas's colours have a key.
  await expect(page.getByTestId('color-legend')).toBeVisible();
  await page.locator('section.training').screenshot({ path: 'test-results/figures-digits-panel.png' });
  await page.screenshot({ path: 'test-results/figures-digits-1280x800.png' });
});
