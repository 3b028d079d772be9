/**
 * Convolutional and recurrent layers in the web host: dragged from the
 * palette, counted in the table and on the canvas, drawn as feature maps and
 * cells, and trained. The "trains on digits" test needs the trainer ops of the
 * new kinds (branch ops); the memory-host test feeds synthetic frames and runs anywhere.
 */
import { expect, test, type Page } from '@playwright/test';
import { appUrl } from '../fixtures/app';

async function drop(page: Page, kind: string) {
  const canvas = page.getByTestId('canvas');
  const box = (await canvas.boundingBox())!;
  // Dropped at the right edge: it goes at the end of the chain.
  await page.getByTestId(`palette-${kind}`).dragTo(canvas, { targetPosition: { x: box.width - 8, y: box.height / 2 } });
}

/** Input 28x28x1, Conv2D (8 of 3x3), MaxPool2D (2x2), Flatten, Dense (10, softmax), dragged one by one. */
async function buildCnn(page: Page) {
  await drop(page, 'input');
  await page.getByTestId('inspector-shape').fill('28x28x1');
  await page.getByTestId('inspector-shape').blur();
  await expect(page.getByTestId('summary-row-0')).toContainText('(None, 28, 28, 1)');

  await drop(page, 'conv2d');
  await expect(page.getByTestId('total-params')).toHaveText('80');
  await expect(page.getByTestId('total-weights')).toHaveText('72');
  await expect(page.getByTestId('total-biases')).toHaveText('8');
  await expect(page.getByTestId('summary-row-1')).toContainText('(None, 26, 26, 8)');
  await expect(page.getByTestId('bundle-1')).toHaveAttribute('aria-label', '3 x 3 x 1 x 8 + 8 = 80');
  await expect(page.getByTestId('shape-1')).toHaveText('28x28x1 -> 26x26x8');
  await expect(page.getByTestId('maps-1')).toHaveText('26x26x8');
  // The kernel's receptive field, from the input's map to the convolution's.
  await expect(page.getByTestId('field-1')).toBeVisible();

  await drop(page, 'maxPool2d');
  await expect(page.getByTestId('shape-2')).toHaveText('26x26x8 -> 13x13x8');
  await expect(page.getByTestId('total-params')).toHaveText('80');

  await drop(page, 'flatten');
  await expect(page.getByTestId('summary-row-3')).toContainText('(None, 1352)');

  await drop(page, 'dense');
  // 13 x 13 x 8 = 1,352 inputs to 4 units: 1,352 x 4 + 4 = 5,412; with the conv's 80, 5,492.
  await expect(page.getByTestId('total-params')).toHaveText('5,492');
  await page.getByTestId('inspector-units').fill('10');
  await page.getByTestId('inspector-units').blur();
  await page.getByTestId('inspector-activation').selectOption('softmax');
  // Narrow canvases keep only the total of a long sum.
  await expect(page.getByTestId('bundle-4')).toContainText('13,530');
  await expect(page.getByTestId('total-params')).toHaveText('13,610');
  await expect(page.getByTestId('total-trainable')).toHaveText('13,610');
  await expect(page.getByTestId('total-non-trainable')).toHaveText('0');
}

/** Input 28x28 (28 steps of 28 features), LSTM 64, Dense 10 softmax. */
async function buildLstm(page: Page) {
  await drop(page, 'input');
  await page.getByTestId('inspector-shape').fill('28x28');
  await page.getByTestId('inspector-shape').blur();
  await drop(page, 'lstm');
  await expect(page.getByTestId('total-params')).toHaveText('23,808');
  await expect(page.getByTestId('bundle-1')).toHaveText(/^4 x \(64 x \(28 \+ 64\) \+ 64\)\s*= 23,808$/);
  await drop(page, 'dense');
  await page.getByTestId('inspector-units').fill('10');
  await page.getByTestId('inspector-units').blur();
  await page.getByTestId('inspector-activation').selectOption('softmax');
  await expect(page.getByTestId('total-params')).toHaveText('24,458');
}

test('dragging Input 28x28x1, Conv2D, MaxPool2D, Flatten and Dense counts each step in the table and on the canvas', async ({ page }) => {
  await page.goto(appUrl());
  await buildCnn(page);
  // A batch norm adds 2 x 8 trainable and 2 x 8 non-trainable parameters, as Keras counts them.
  await page.getByTestId('layer-1').click();
  const canvas = page.getByTestId('canvas');
  const conv = (await page.getByTestId('layer-1').locator('rect.hit').boundingBox())!;
  const pool = (await page.getByTestId('layer-2').locator('rect.hit').boundingBox())!;
  const box = (await canvas.boundingBox())!;
  await page.getByTestId('palette-batchNorm').dragTo(canvas, { targetPosition: { x: (conv.x + conv.width + pool.x) / 2 - box.x, y: box.height / 2 } });
  await expect(page.getByTestId('summary-row-2')).toContainText('batchNorm');
  await expect(page.getByTestId('total-params')).toHaveText('13,642');
  await expect(page.getByTestId('total-trainable')).toHaveText('13,626');
  await expect(page.getByTestId('total-non-trainable')).toHaveText('16');
  // A kernel larger than the input is explained where the person looks.
  await page.getByTestId('layer-1').click();
  await page.getByTestId('inspector-kernel-size').fill('30x30');
  await expect(page.getByRole('alert').filter({ hasText: "a 30x30 kernel does not fit in a 28x28 input with 'valid' padding" }).first()).toBeVisible();
});

test('an LSTM is a cell with its loop, counted as 4 x (64 x (28 + 64) + 64), and unfolds over its 28 steps', async ({ page }) => {
  await page.goto(appUrl());
  await buildLstm(page);
  await expect(page.locator('g.cell rect.cell-box')).toHaveCount(1);
  await page.getByTestId('unfold-1').click();
  await expect(page.locator('g.cell text.cell-text')).toHaveText(['t=1', 't=2', 't=3', 't=28']);
  await page.getByTestId('unfold-1').click();
  await expect(page.locator('g.cell rect.cell-box')).toHaveCount(1);
});

test('with synthetic frames from the memory host, feature maps show as images and kernels as heatmaps', async ({ page }) => {
  await page.goto('/?host=memory');
  await buildCnn(page);
  await page.getByTestId('dataset-select').selectOption('digits');
  // Four outputs can't learn ten classes: Train waits until the suggested head (10 softmax, categorical cross entropy) is applied.
  await page.getByTestId('fit-apply').click();
  await page.getByTestId('train-start').click();
  // 6 of the conv's 8 maps and 6 of the pool's are drawn; each becomes an image.
  await expect.poll(() => page.locator('image.map-img[href^="data:image/png"]').count()).toBeGreaterThanOrEqual(12);
  await expect.poll(() => page.locator('image.kernel-img[href^="data:image/png"]').count()).toBeGreaterThanOrEqual(8);
  const first = await page.locator('image.map-img[href^="data:image/png"]').first().getAttribute('href');
  await expect.poll(() => page.locator('image.map-img[href^="data:image/png"]').first().getAttribute('href')).not.toBe(first);
});

test('trains the dragged CNN on the digits and the feature maps change (needs the trainer ops of the new kinds)', async ({ page }) => {
  await page.goto(appUrl());
  await expect(page.getByTestId('train-start')).toBeEnabled();
  await buildCnn(page);
  await page.getByTestId('dataset-select').selectOption('digits');
  await page.getByTestId('loss-select').selectOption('cce');
  await page.getByTestId('setting-epochs').fill('1');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-error')).toHaveCount(0);
  await expect.poll(() => page.locator('image.map-img[href^="data:image/png"]').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(6);
  const first = await page.locator('image.map-img[href^="data:image/png"]').first().getAttribute('href');
  await expect.poll(() => page.locator('image.map-img[href^="data:image/png"]').first().getAttribute('href'), { timeout: 60_000 }).not.toBe(first);
  await expect.poll(() => page.locator('image.kernel-img[href^="data:image/png"]').count()).toBeGreaterThanOrEqual(8);
});

for (const size of [
  { width: 1280, height: 800 },
  { width: 1024, height: 768 },
]) {
  test(`screenshots of a CNN and an LSTM at ${size.width}x${size.height}`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.goto('/?host=memory');
    await buildCnn(page);
    await page.getByTestId('dataset-select').selectOption('digits');
    await page.getByTestId('fit-apply').click();
    await page.getByTestId('train-start').click();
    await expect.poll(() => page.locator('image.map-img[href^="data:image/png"]').count()).toBeGreaterThanOrEqual(12);
    await page.getByTestId('train-stop').click();
    await page.screenshot({ path: `test-results/layers-cnn-${size.width}x${size.height}.png` });
    await page.goto('/?host=memory');
    await buildLstm(page);
    await page.getByTestId('unfold-1').click();
    await page.screenshot({ path: `test-results/layers-lstm-${size.width}x${size.height}.png` });
  });
}
