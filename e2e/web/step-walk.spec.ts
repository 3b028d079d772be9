/**
 * The walk-through of gradient descent shows the numbers `densely step` prints: the 3-4-1 lecture network, seed 7,
 * a batch of 4, walked phase by phase with →, read off the screen and compared with the CLI's JSON as rounded for
 * reading (formatReading). The CLI runs as a person runs it, in its own process.
 */
import { expect, test, type Page } from '@playwright/test';
import { formatReading } from '../../src-shared/format';
import type { StepReport } from '../../src-shared/training/gradient-step';
import { openApp } from '../fixtures/app';
import { densely } from '../fixtures/cli';

async function cliStep(...args: string[]): Promise<StepReport> {
  const r = await densely('step', ...args, '--json');
  if (r.code !== 0) throw new Error(`densely step failed: ${r.stderr || `exit ${r.code}`}`);
  return JSON.parse(r.stdout) as StepReport;
}

const show = formatReading;
const phase = (page: Page) => page.getByTestId('walk-phase-current');

test('walking one batch of the 3-4-1 network through its five phases reads the numbers densely step prints', async ({ page }) => {
  test.setTimeout(240_000);
  const cli = cliStep('--layers', '3,4,1', '--dataset', 'spheres', '--no-bias', '--loss', 'bce', '--lr', '0.05', '--batch-size', '4', '--seed', '7');
  await openApp(page);
  await page.getByTestId('template-lecture-3-4-1').click();
  await page.getByTestId('setting-seed').fill('7');
  await page.getByTestId('setting-batchSize').fill('4');
  await page.getByTestId('walk-start').click();
  const r = await cli;
  const [hidden, out] = r.layers as [StepReport['layers'][0], StepReport['layers'][0]];
  expect([hidden.name, out.name, r.learningRate, r.batch.x.length]).toEqual(['dense_1', 'dense_2', 0.05, 4]);

  // 1 Initialise: the seed's weights on the links, all 16 labelled.
  await expect(phase(page)).toHaveText('1 Initialise', { timeout: 30_000 });
  await expect(page.getByTestId('walk-link-dense_1-2-3')).toHaveText(show(hidden.kernel[2]![3]!), { timeout: 30_000 });
  await expect(page.getByTestId('walk-link-dense_2-1-0')).toHaveText(show(out.kernel[1]![0]!));
  await expect(page.locator('[data-testid^="walk-link-"]')).toHaveCount(16);

  // 2 Forward: the first sample's z and a beside each neuron.
  await page.keyboard.press('ArrowRight');
  await expect(phase(page)).toHaveText('2 Forward');
  await expect(page.getByTestId('walk-x-0')).toHaveText(show(r.batch.x[0]![0]!));
  await expect(page.getByTestId('walk-z-dense_1-1')).toHaveText(`z ${show(hidden.z[0]![1]!)}`);
  await expect(page.getByTestId('walk-a-dense_1-1')).toHaveText(`a ${show(hidden.a[0]![1]!)}`);
  await expect(page.getByTestId('walk-a-dense_2-0')).toHaveText(`a ${show(out.a[0]![0]!)}`);

  // 3 Loss: the batch mean, and the first sample's term of binary cross entropy, worked out here from its p and t.
  await page.keyboard.press('ArrowRight');
  await expect(phase(page)).toHaveText('3 Loss');
  await expect(page.getByTestId('walk-loss')).toHaveText(show(r.lossValue));
  const [p, t] = [out.a[0]![0]!, r.batch.y[0]![0]!];
  const term = t === 1 ? `−log(${show(p)}) = ${show(-Math.log(p))}` : `−log(1 − ${show(p)}) = ${show(-Math.log(1 - p))}`;
  await expect(page.getByTestId('walk-sample-loss')).toHaveText(term);
  await expect(page.getByTestId('walk-sentence')).toHaveText(
    `Step 3 of 5, loss: the output is compared with the target; the loss of the batch, the mean over 4 samples, is ${show(r.lossValue)}.`,
  );

  // 4 Backpropagate: the output's error δ = (p − t)/n for sigmoid with cross entropy, and the CLI's gradients.
  await page.keyboard.press('ArrowRight');
  await expect(phase(page)).toHaveText('4 Backpropagate');
  await expect(page.getByTestId('walk-delta-dense_2-0')).toHaveText(`δ ${show((p - t) / 4)}`);
  await expect(page.getByTestId('walk-link-dense_2-3-0')).toHaveText(show(out.dKernel[3]![0]!));
  await expect(page.getByTestId('walk-grad-dense_2-2-0')).toHaveText(`dL/dw₃₁ = ${show(out.dKernel[2]![0]!)}`);
  await expect(page.getByTestId('walk-link-dense_1-0-2')).toHaveText(show(hidden.dKernel[0]![2]!));

  // 5 Update: before, learning rate, gradient, after, for every weight.
  await page.keyboard.press('ArrowRight');
  await expect(phase(page)).toHaveText('5 Update');
  const g = out.dKernel[1]![0]!;
  await expect(page.getByTestId('walk-update-dense_2-1-0')).toHaveText(
    `w₂₁ = ${show(out.kernel[1]![0]!)} − 0.05 × ${g < 0 ? `(${show(g)})` : show(g)} = ${show(out.kernelAfter[1]![0]!)}`,
  );
  await expect(page.getByTestId('walk-link-dense_1-2-1')).toHaveText(show(hidden.kernelAfter[2]![1]!));
  await expect(page.locator('[data-testid^="walk-update-"]')).toHaveCount(16);

  // ← goes back a phase; → past the last stays; Esc leaves, and the canvas has its keys again.
  await page.keyboard.press('ArrowRight');
  await expect(phase(page)).toHaveText('5 Update');
  await page.keyboard.press('ArrowLeft');
  await expect(phase(page)).toHaveText('4 Backpropagate');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('walk-overlay')).toHaveCount(0);

  // W opens it again, at the start.
  await page.keyboard.press('w');
  await expect(phase(page)).toHaveText('1 Initialise');
  await expect(page.getByTestId('walk-link-dense_1-2-3')).toHaveText(show(hidden.kernel[2]![3]!), { timeout: 30_000 });
});

test('the walk-through refuses a convolutional network and a batch too large to show, in one sentence each', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('template-lecture-cnn').click();
  await page.getByTestId('setting-batchSize').fill('16');
  await page.getByTestId('walk-start').click();
  await expect(page.getByTestId('walk-error')).toHaveText(
    /^The walk-through is for small dense networks, and conv2d_1 is a conv2d layer; use dense layers only \(with flatten, activation or dropout between them\), or press Train to train it\.$/,
    { timeout: 30_000 },
  );
  await page.getByTestId('walk-close').click();
  await page.getByTestId('template-lecture-3-4-1').click();
  await page.getByTestId('setting-batchSize').fill('100');
  await page.getByTestId('walk-start').click();
  await expect(page.getByTestId('walk-error')).toHaveText(
    'The walk-through shows every value of its batch, so its batch size is at most 64, not 100; set Batch size to 64 or less.',
  );
});
