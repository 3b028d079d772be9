/**
 * The screen's own behaviour: the summary's Params column with non-trainable columns at each size, zoom and pan, the
 * theme switch and presentation mode. (Every template at every size and mode: screens-matrix.spec.ts.)
 */
import { expect, test } from '@playwright/test';
import { openApp } from '../fixtures/app';
import { clippedElements } from '../fixtures/visible';

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

test('the Params column stays whole with an Activation and a BatchNorm layer (non-trainable columns) at each size', async ({ page }) => {
  await openApp(page);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.getByTestId('template-lecture-digits').click();
    await page.getByTestId('palette-activation').click();
    await page.getByTestId('palette-batchNorm').click();
    await expect(page.locator('[data-testid^="summary-row-"]')).toHaveCount(8);
    const problems = [...(await clippedElements(page, '[data-testid^="summary-row-"] td')), ...(await clippedElements(page, 'tfoot td'))];
    await page.screenshot({ path: `test-results/screens/${size.width}x${size.height}-light-digits-activation-batchnorm.png` });
    expect(problems, `${size.width}x${size.height}`).toEqual([]);
  }
});

test('zoom buttons and keys scale the drawing about the canvas, 0 fits it again, and template buttons stay put', async ({ page }) => {
  await openApp(page);
  const digits = page.getByTestId('template-lecture-digits');
  await digits.scrollIntoViewIfNeeded();
  const before = (await digits.boundingBox())!;
  await page.getByTestId('template-lecture-3-4-1').click();
  await expect(page.getByTestId('notice')).toBeVisible();
  // The note appeared under the canvas: the next template button did not move, so a second click lands on it.
  expect((await digits.boundingBox())!.y).toBe(before.y);

  const label = page.getByTestId('bundle-1');
  const fitted = (await label.boundingBox())!;
  await page.getByRole('button', { name: 'Zoom in' }).click();
  const zoomed = (await label.boundingBox())!;
  expect(zoomed.width / fitted.width).toBeCloseTo(1.25, 1);
  await page.getByTestId('canvas').focus();
  await page.keyboard.press('0');
  const refitted = (await label.boundingBox())!;
  expect(refitted.width).toBeCloseTo(fitted.width, 0);
  await page.keyboard.press('-');
  expect((await label.boundingBox())!.width / fitted.width).toBeCloseTo(0.8, 1);

  // Dragging empty space (the canvas's top-left corner, above the layers) pans the drawing by as much.
  const canvasBox = (await page.getByTestId('canvas').boundingBox())!;
  const start = (await label.boundingBox())!;
  await page.mouse.move(canvasBox.x + 8, canvasBox.y + 8);
  await page.mouse.down();
  await page.mouse.move(canvasBox.x + 68, canvasBox.y + 38, { steps: 6 });
  await page.mouse.up();
  const panned = (await label.boundingBox())!;
  expect(panned.x - start.x).toBeCloseTo(60, 0);
  expect(panned.y - start.y).toBeCloseTo(30, 0);
});

test('the theme follows the system until the switch is used, and the choice is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openApp(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('theme-switch').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.keyboard.press('F5');
  await expect(page.getByTestId('presentation')).toBeVisible();
  await expect(page.getByTestId('palette-dense')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('presentation')).toHaveCount(0);
});
