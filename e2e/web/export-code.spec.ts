/**
 * Export → Code…: the dialog previews a template in each language, Copy puts the code on the clipboard (or says
 * how else to take it when the clipboard is refused), Save downloads it under the network's name, Esc closes it.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { openApp } from '../fixtures/app';

test.use({ viewport: { width: 1024, height: 768 } });

async function openCodeDialog(page: import('@playwright/test').Page) {
  await page.getByTestId('export-menu').click();
  await page.getByTestId('export-code-item').click();
  const dialog = page.getByRole('dialog', { name: 'Export as code' });
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  return dialog;
}

test('the 3-4-1 template as Keras, PyTorch and TensorFlow.js, saved under its name, and Esc closes', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('template-lecture-3-4-1').click();
  const dialog = await openCodeDialog(page);
  const preview = dialog.getByTestId('export-code-preview');

  // Keras first: the lecture's 16 weights, biases left out.
  await expect(dialog.getByRole('tab', { name: 'Keras (Python)' })).toHaveAttribute('aria-selected', 'true');
  await expect(preview).toHaveValue(/layers\.Dense\(4, activation="relu", use_bias=False, name="dense_1"\)/, { timeout: 30_000 });
  await expect(preview).toHaveValue(/# Densely counts 16 parameters: 16 weights, biases left out\./);

  // The arrow key moves to the next tab, as in any tab list.
  await dialog.getByRole('tab', { name: 'Keras (Python)' }).press('ArrowRight');
  await expect(dialog.getByRole('tab', { name: 'PyTorch (Python)' })).toHaveAttribute('aria-selected', 'true');
  await expect(preview).toHaveValue(/self\.dense_1 = nn\.Linear\(3, 4, bias=False\)/);

  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-code-save').click()]);
  expect(download.suggestedFilename()).toBe('lecture-3-4-1-pytorch.py');
  const saved = await readFile((await download.path())!, 'utf8');
  expect(saved).toContain('self.dense_2 = nn.Linear(4, 1, bias=False)');
  expect(saved).toBe(await preview.inputValue());
  await expect(dialog.getByTestId('export-code-status')).toHaveText('Saved as lecture-3-4-1-pytorch.py (in your downloads folder).');

  await dialog.getByRole('tab', { name: 'TensorFlow.js' }).click();
  await expect(preview).toHaveValue(/tf\.layers\.dense\(\{ units: 4, activation: "relu", useBias: false, name: "dense_1" \}\)/);

  // Focus stays inside the modal dialog: Tab from the last button does not reach the page behind it.
  await dialog.getByTestId('export-code-save').focus();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null || document.activeElement === document.body)).toBe(true);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('export-menu')).toBeVisible();
});

test('Copy puts the code on the clipboard, and says what to do when the clipboard is refused', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await page.getByTestId('template-lecture-cnn').click();
  const dialog = await openCodeDialog(page);
  await dialog.getByRole('tab', { name: 'PyTorch (Python)' }).click();
  await dialog.getByTestId('export-code-copy').click();
  await expect(dialog.getByTestId('export-code-status')).toHaveText('Copied the PyTorch (Python) code to the clipboard.', { timeout: 30_000 });
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('self.conv2d_1 = nn.Conv2d(1, 16, kernel_size=(3, 3)');
  expect(copied).toContain("x = x.permute(0, 2, 3, 1)  # back to channels last, so the values keep Densely's order");

  await page.evaluate(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) }, configurable: true });
  });
  await dialog.getByTestId('export-code-copy').click();
  await expect(dialog.getByTestId('export-code-status')).toHaveText(
    'The browser did not allow copying to the clipboard; click in the code, press Ctrl+A and then Ctrl+C, or use Save.',
  );
});

test('readable in the dark theme at 1024x768: the dialog fits and the code is light on dark', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('theme-switch').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('template-lecture-digits').click();
  const dialog = await openCodeDialog(page);
  const box = (await dialog.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(1024);
  expect(box.y + box.height).toBeLessThanOrEqual(768);
  for (const id of ['export-code-copy', 'export-code-save', 'export-code-close']) await expect(dialog.getByTestId(id)).toBeInViewport({ ratio: 1 });
  const [ink, paper] = await dialog.getByTestId('export-code-preview').evaluate((el) => {
    const s = getComputedStyle(el);
    return [s.color, s.backgroundColor];
  });
  const luminance = (rgb: string) => {
    const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  expect(luminance(ink)).toBeGreaterThan(200);
  expect(luminance(paper)).toBeLessThan(60);
});
