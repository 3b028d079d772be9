/** The memory budget as a person meets it: the estimate beside Train, and an oversized network explained as it is typed. */
import { expect, test } from '@playwright/test';
import { appUrl } from '../fixtures/app';

test('typing a huge layer explains the memory it would need and disables Train; shrinking it again enables Train', async ({ page }) => {
  await page.goto(appUrl());
  await expect(page.getByTestId('train-start')).toBeEnabled();
  await page.getByTestId('template-lecture-digits').click();
  // 899,260 parameters x 24 bytes + 4,298 floats per sample x 128 x 4 bytes = 23,782,816 bytes
  await expect(page.getByTestId('memory-budget-training')).toHaveText('Training would need about 22.7 MiB of the 1.5 GiB Densely allows.');

  await page.getByTestId('layer-3').click();
  await expect(page.getByTestId('memory-budget-inspector')).toHaveCount(0);
  await page.getByTestId('inspector-units').fill('100000');
  await page.getByTestId('layer-4').click();
  await page.getByTestId('inspector-units').fill('10000');
  const sentence =
    'This network would need about 23.8 GiB to train (1,060,681,010 parameters with Adam at batch 128), more than the 1.5 GiB Densely allows; use fewer or smaller layers.';
  await expect(page.getByTestId('memory-budget-inspector')).toHaveText(sentence);
  await expect(page.getByTestId('memory-budget-training')).toHaveText(sentence);
  await expect(page.getByTestId('train-start')).toBeDisabled();

  await page.getByTestId('inspector-units').fill('250');
  await page.getByTestId('layer-3').click();
  await page.getByTestId('inspector-units').fill('500');
  await expect(page.getByTestId('memory-budget-inspector')).toHaveCount(0);
  await expect(page.getByTestId('memory-budget-training')).toHaveText('Training would need about 22.7 MiB of the 1.5 GiB Densely allows.');
  await expect(page.getByTestId('train-start')).toBeEnabled();
});
