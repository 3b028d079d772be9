/**
 * Issue 11, trained models out and in, through the web host: train briefly,
 * Export > Trained model… downloads model.json and weights.bin (fetched with
 * the page's token), and opening them again shows the architecture, its total
 * and its trained weights; a Keras converter model.json opens with its count
 * and the sentence naming what Densely doesn't draw.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Download, type Page } from '@playwright/test';
import { openApp } from '../fixtures/app';

const LINK_GREY = '#9ca3af';

async function exportEntry(page: Page) {
  await page.getByTestId('export-menu').click();
  return page.getByTestId('export-model');
}

test('a trained 3-4-3-2 downloads as model.json + weights.bin, and opens again with its 39 parameters and weights drawn', async ({ page, context }) => {
  await openApp(page);
  await page.getByTestId('template-lecture-3-4-3-2').click();
  await page.getByTestId('setting-epochs').fill('3');

  // Before a run the entry is off and says why.
  const before = await exportEntry(page);
  await expect(before).toBeDisabled();
  await expect(before).toHaveAttribute('title', 'Train the network first: the trained model is saved once a run has trained.');
  await page.keyboard.press('Escape');

  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-status')).toHaveText('Finished', { timeout: 60_000 });

  const entry = await exportEntry(page);
  await expect(entry).toBeEnabled();
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await entry.click();
  await expect(page.getByTestId('notice-text')).toHaveText(
    /^Downloaded the trained model: model\.json and weights\.bin \(39 parameters, \d KB\); keep the two files in one folder and load model\.json with tf\.loadLayersModel\.$/,
    { timeout: 30_000 },
  );
  await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(2);
  const byName = new Map(await Promise.all(downloads.map(async (d) => [d.suggestedFilename(), (await d.path())!] as const)));
  const modelJson = await readFile(byName.get('model.json')!, 'utf8');
  const weights = await readFile(byName.get('weights.bin')!);
  const model = JSON.parse(modelJson);
  expect(model.format).toBe('layers-model');
  expect(model.modelTopology.config.layers.map((l: { class_name: string; config: { units: number; activation: string } }) => `${l.class_name} ${l.config.units} ${l.config.activation}`)).toEqual([
    'Dense 4 relu',
    'Dense 3 relu',
    'Dense 2 softmax',
  ]);
  // (3 x 4 + 4) + (4 x 3 + 3) + (3 x 2 + 2) = 39 float32s.
  expect(weights.byteLength).toBe(39 * 4);

  // A fresh page: nothing trained there, so any coloured connection comes from the opened files.
  const fresh = await context.newPage();
  await openApp(fresh);
  await fresh.getByTestId('template-lecture-3-4-1').click();
  await expect(fresh.getByTestId('total-params')).toHaveText('16');
  const chooser = fresh.waitForEvent('filechooser');
  await fresh.getByTestId('project-open').click();
  await (await chooser).setFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(modelJson) },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: weights },
  ]);
  await expect(fresh.getByTestId('notice-text')).toHaveText('Opened model.json: 3 layers, 39 parameters, with its trained weights drawn.', { timeout: 30_000 });
  await expect(fresh.getByTestId('total-params')).toHaveText('39');
  // Every connection of the 3-4-3-2 is drawn in the colour of its trained weight's sign, none left grey.
  const strokes = await fresh.locator('line.link').evaluateAll((lines) => lines.map((l) => l.getAttribute('stroke')));
  expect(strokes.length).toBe(12 + 12 + 6);
  expect(strokes.filter((s) => s === LINK_GREY)).toEqual([]);
});

test("a Keras 3 converter model.json opens with Keras's count and one sentence for what Densely doesn't draw", async ({ page }) => {
  await openApp(page);
  const text = await readFile(join(import.meta.dirname, '..', '..', 'src-shared', 'import', 'fixtures', 'keras3-convnet.model.json'), 'utf8');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('project-open').click();
  await (await chooser).setFiles({ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByTestId('notice-text')).toHaveText(
    "Opened model.json: 7 layers, 34,826 parameters. This model has a layer Densely doesn't draw: Rescaling; the rest is shown. The weights are not drawn: open model.json together with its weight file (group1-shard1of1.bin) to see them.",
    { timeout: 30_000 },
  );
  await expect(page.getByTestId('total-params')).toHaveText('34,826');
});
