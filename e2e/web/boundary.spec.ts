/**
 * Decision boundaries in the web host, against the real trainer: training on
 * the circle shows the network's output over the plane behind the points,
 * and it changes as the network learns; each hidden neuron shows its own map
 * inside its circle; Evaluate shows the boundary instead of image tiles.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp } from '../fixtures/app';

/** The 3-4-3-2 template (biases, softmax, cross entropy) with two inputs, on the circle. */
async function circleNetwork(page: Page, epochs: number) {
  await openApp(page);
  await page.getByTestId('template-lecture-3-4-3-2').click();
  await page.getByTestId('layer-0').click();
  await page.getByTestId('inspector-shape').fill('2');
  await page.getByTestId('inspector-shape').blur();
  await page.getByTestId('dataset-select').selectOption('circle');
  await page.getByTestId('setting-epochs').fill(String(epochs));
  await page.getByTestId('setting-learningRate').fill('0.05');
  await expect(page.getByTestId('fit-warning')).toHaveCount(0);
}

const boundary = (page: Page) => page.getByTestId('decision-boundary');
/** Shown at once, or behind the switch when the chart's column is too narrow for the boundary and the loss. */
async function showBoundary(page: Page) {
  const toggle = page.getByTestId('show-boundary');
  if (await toggle.isVisible()) await toggle.click();
}

for (const size of [
  { width: 1024, height: 768 },
  { width: 1920, height: 1080 },
]) {
  test(`training on the circle shows a decision boundary that changes as it learns, at ${size.width}x${size.height}`, async ({ page }) => {
    // Frames come at most every 100 ms and within 2% of training time: on a machine shared by many jobs, seconds apart.
    test.setTimeout(240_000);
    await page.setViewportSize(size);
    await circleNetwork(page, 5000);
    await expect(boundary(page)).toHaveCount(0);
    await page.getByTestId('train-start').click();
    await expect(page.getByTestId('train-status')).toHaveText('Training', { timeout: 30_000 });
    await showBoundary(page);
    await expect(boundary(page)).toBeVisible({ timeout: 30_000 });

    // The points: 500 of the circle's 1,000, 300 training (filled) and 200 validation (outlined).
    await expect(boundary(page)).toHaveAttribute('aria-label', /probability of class 1 over x1 from −[56]\.\d+ to [56]\.\d+ and x2 from −[56]\.\d+ to [56]\.\d+, under 300 training points \(filled\) and 200 validation points \(outlined\)/);
    await expect(boundary(page).locator('circle.point.validation[fill="#ffffff"]')).toHaveCount(200);
    await expect(boundary(page).locator('circle.point.train:not([fill="#ffffff"])')).toHaveCount(300);

    // Two moments of the same run: the map's values differ, a later batch drew them.
    const first = { step: Number(await boundary(page).getAttribute('data-step')), sum: await boundary(page).getAttribute('data-checksum') };
    await expect
      .poll(async () => (await boundary(page).getAttribute('data-checksum')) !== first.sum && Number(await boundary(page).getAttribute('data-step')) > first.step, { timeout: 60_000 })
      .toBe(true);
    await expect(page.getByTestId('train-status')).toHaveText('Training');
    // The pixels follow the values: the canvas of the map is not blank.
    const painted = await boundary(page)
      .locator('canvas')
      .evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let coloured = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] !== 255 || d[i + 1] !== 255 || d[i + 2] !== 255) coloured++;
        return { side: c.width, coloured };
      });
    expect(painted.side).toBe(50);
    expect(painted.coloured).toBeGreaterThan(1000);

    // Every drawn neuron before the output has its own map: 2 inputs, 4 and 3 hidden.
    await expect(page.locator('image.neuron-map')).toHaveCount(9);
    await expect(page.locator('image.neuron-map[data-neuron="dense_1:3"]')).toHaveAttribute('href', /^data:image\/png/);

    await page.waitForTimeout(1500);
    await page.screenshot({ path: `test-results/boundary-training-${size.width}x${size.height}.png` });
    await boundary(page).screenshot({ path: `test-results/boundary-plot-${size.width}x${size.height}.png` });
    await page.locator('.canvas-box').screenshot({ path: `test-results/boundary-neurons-${size.width}x${size.height}.png` });
    // A quiet machine may have finished the run by now: Stop only what still runs.
    if (await page.getByTestId('train-stop').isEnabled()) await page.getByTestId('train-stop').click();
    await expect(page.getByTestId('train-status')).toHaveText('Finished', { timeout: 30_000 });
  });
}

test('Evaluate on the circle shows the decision boundary, not empty image tiles', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1024, height: 768 });
  await circleNetwork(page, 40);
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-status')).toHaveText('Finished', { timeout: 90_000 });
  await page.getByTestId('train-evaluate').click();
  const sheet = page.getByRole('dialog', { name: 'Evaluation' });
  await expect(sheet.getByTestId('decision-boundary')).toBeVisible({ timeout: 30_000 });
  // The same map as the finished run's in the training panel: the final weights.
  await showBoundary(page);
  const panelSum = await page.locator('section.training').getByTestId('decision-boundary').getAttribute('data-checksum');
  await expect(sheet.getByTestId('decision-boundary')).toHaveAttribute('data-checksum', panelSum!);
  await expect(sheet.locator('figure:has(figcaption:text("✓"))')).toHaveCount(0);
  await expect(sheet.locator('.gallery')).toHaveCount(0);
  // A network of 39 parameters learns the circle in 40 epochs: the accuracy says so.
  await expect(sheet).toContainText(/accuracy \d+\.\d%/);
  const accuracy = Number((await sheet.locator('.score').textContent())!.match(/accuracy (\d+\.\d)%/)![1]);
  expect(accuracy).toBeGreaterThan(90);
  await page.screenshot({ path: 'test-results/boundary-evaluate-1024x768.png' });
});
