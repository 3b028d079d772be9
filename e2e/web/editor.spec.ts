/**
 * The editor in the web host: drag and drop, the lecture's numbers, edits
 * that recount at once, undo. Real HTML5 drag and drop, real clicks and keys.
 */
import { expect, test, type Page } from '@playwright/test';
import { appUrl } from '../fixtures/app';

async function open(page: Page) {
  await page.goto(appUrl());
  await expect(page.getByTestId('canvas')).toBeVisible();
}

test('dragging a dense layer from the palette onto the canvas adds it and changes the totals', async ({ page }) => {
  await open(page);
  await expect(page.getByTestId('total-params')).toHaveText('0');
  await page.getByTestId('palette-input').dragTo(page.getByTestId('canvas'));
  await expect(page.getByTestId('layer-0')).toBeVisible();
  await expect(page.getByTestId('total-params')).toHaveText('0');
  const canvas = page.getByTestId('canvas');
  const box = (await canvas.boundingBox())!;
  // Dropped right of the input column: a dense layer of 4 after an input of 3 is 3 x 4 + 4.
  await page.getByTestId('palette-dense').dragTo(canvas, { targetPosition: { x: box.width - 40, y: box.height / 2 } });
  await expect(page.getByTestId('layer-1')).toBeVisible();
  await expect(page.getByTestId('total-params')).toHaveText('16');
  await expect(page.getByTestId('total-weights')).toHaveText('12');
  await expect(page.getByTestId('total-biases')).toHaveText('4');
  await expect(page.getByTestId('bundle-1')).toHaveText('3 x 4 + 4 = 16');
});

test('a layer dropped between two columns goes there in the chain', async ({ page }) => {
  await open(page);
  await page.getByTestId('template-lecture-3-4-3-2').click();
  const first = (await page.getByTestId('layer-1').locator('rect.hit').boundingBox())!;
  const second = (await page.getByTestId('layer-2').locator('rect.hit').boundingBox())!;
  const canvasBox = (await page.getByTestId('canvas').boundingBox())!;
  const x = (first.x + first.width / 2 + second.x + second.width / 2) / 2 - canvasBox.x;
  await page.getByTestId('palette-dropout').dragTo(page.getByTestId('canvas'), { targetPosition: { x, y: canvasBox.height / 2 } });
  await expect(page.getByTestId('summary-row-2')).toContainText('dropout');
  await expect(page.getByTestId('layer-4')).toBeVisible();
  // Dropout adds nothing: still 39.
  await expect(page.getByTestId('total-params')).toHaveText('39');
});

test('the lecture templates show 16, 39 and 899,260', async ({ page }) => {
  await open(page);
  await page.getByTestId('template-lecture-3-4-1').click();
  await expect(page.getByTestId('count-biases')).not.toBeChecked();
  await expect(page.getByTestId('total-weights')).toHaveText('16');
  await expect(page.getByTestId('total-biases')).toHaveText('0');
  await expect(page.getByTestId('total-params')).toHaveText('16');
  await expect(page.getByTestId('bundle-1')).toHaveText('3 x 4 = 12');

  await page.getByTestId('template-lecture-3-4-3-2').click();
  await expect(page.getByTestId('count-biases')).toBeChecked();
  await expect(page.getByTestId('total-params')).toHaveText('39');
  await expect(page.getByTestId('bundle-1')).toHaveText('3 x 4 + 4 = 16');
  await expect(page.getByTestId('bundle-2')).toHaveText('4 x 3 + 3 = 15');
  await expect(page.getByTestId('bundle-3')).toHaveText('3 x 2 + 2 = 8');

  await page.getByTestId('template-lecture-digits').click();
  await expect(page.getByTestId('total-params')).toHaveText('899,260');
  await expect(page.getByTestId('layer-5')).toBeVisible();
  // A 600-unit layer draws a few neurons around an ellipsis and says its true size.
  await expect(page.getByTestId('layer-2')).toContainText('600 units');
  // Five columns are wider than the canvas draws (784, 784, 600, 500, 250): five ellipses, ten neurons each.
  await expect(page.locator('text.ellipsis')).toHaveCount(5);
  await expect(page.locator('circle.neuron')).toHaveCount(5 * 10 + 10);
  expect(await page.locator('line.link').count()).toBeLessThanOrEqual(5 * 12 * 12);
});

test('the bias switch recounts at once', async ({ page }) => {
  await open(page);
  await page.getByTestId('template-lecture-3-4-3-2').click();
  await page.getByTestId('count-biases').uncheck();
  await expect(page.getByTestId('total-params')).toHaveText('30');
  await expect(page.getByTestId('total-biases')).toHaveText('0');
  await expect(page.getByTestId('bundle-1')).toHaveText('3 x 4 = 12');
  await page.getByTestId('count-biases').check();
  await expect(page.getByTestId('total-params')).toHaveText('39');
});

test('editing units in the inspector changes the canvas and the table, keeps bad input from the model, and undoes', async ({ page }) => {
  await open(page);
  await page.getByTestId('template-lecture-3-4-3-2').click();
  await page.getByTestId('layer-1').click();
  const units = page.getByTestId('inspector-units');
  await expect(units).toHaveValue('4');
  await units.fill('10');
  // 3x10+10 + 10x3+3 + 3x2+2 = 40 + 33 + 8
  await expect(page.getByTestId('total-params')).toHaveText('81');
  await expect(page.getByTestId('bundle-1')).toHaveText('3 x 10 + 10 = 40');
  await expect(page.getByTestId('summary-row-1')).toContainText('(None, 10)');
  await expect(page.getByTestId('layer-1')).toContainText('10 units');

  await units.fill('2.5');
  await expect(page.getByRole('alert').filter({ hasText: 'whole number' })).toBeVisible();
  await expect(page.getByTestId('total-params')).toHaveText('81');
  await units.fill('10');
  await units.blur();

  await page.getByTestId('undo').click();
  await expect(page.getByTestId('total-params')).toHaveText('39');
  await expect(page.getByTestId('bundle-1')).toHaveText('3 x 4 + 4 = 16');
  await page.getByTestId('redo').click();
  await expect(page.getByTestId('total-params')).toHaveText('81');
});

test('the keyboard adds, selects, deletes, undoes and redoes', async ({ page }) => {
  await open(page);
  await page.getByTestId('palette-input').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('palette-dense').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('total-params')).toHaveText('16');
  // The added dense layer is selected; Delete removes it.
  await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('layer-1')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('total-params')).toHaveText('0');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('total-params')).toHaveText('16');
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('total-params')).toHaveText('0');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+y');
  await expect(page.getByTestId('total-params')).toHaveText('0');
});

test('a layer dragged on the canvas moves in the chain, as one undo step', async ({ page }) => {
  await open(page);
  await page.getByTestId('template-lecture-3-4-3-2').click();
  const last = (await page.getByTestId('layer-3').locator('rect.hit').boundingBox())!;
  const target = (await page.getByTestId('layer-1').locator('rect.hit').boundingBox())!;
  await page.mouse.move(last.x + last.width / 2, last.y + 20);
  await page.mouse.down();
  await page.mouse.move(target.x + 4, last.y + 20, { steps: 12 });
  await page.mouse.up();
  await expect(page.getByTestId('summary-row-1')).toContainText('dense_3');
  // 3 -> 2 -> 4 -> 3: 3x2+2 + 2x4+4 + 4x3+3 = 8 + 12 + 15
  await expect(page.getByTestId('total-params')).toHaveText('35');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('summary-row-1')).toContainText('dense_1');
  await expect(page.getByTestId('total-params')).toHaveText('39');
});

test('a layer error shows in red on the canvas and in the table', async ({ page }) => {
  await open(page);
  await page.getByTestId('template-lecture-digits').click();
  await page.getByTestId('layer-1').click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('layer-1')).toHaveClass(/has-error/);
  await expect(page.getByTestId('layer-1')).toContainText('add a Flatten');
  await expect(page.getByTestId('summary-row-1')).toContainText('error');
});
