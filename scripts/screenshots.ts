/**
 * Takes the README's screenshots at 1280x800 from the web host, the way a
 * teacher sees it: `npm run screenshots` (after `npm run build`).
 */
import { chromium, type Page } from '@playwright/test';
import { startWebHost } from '../src-main/web-host';

const OUT = 'assets/screenshots';
const host = await startWebHost(0);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const shot = (page: Page, name: string) => page.screenshot({ path: `${OUT}/${name}.png` });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(host.url);
  await page.getByTestId('train-backend').waitFor();
  for (const [id, total] of [['lecture-3-4-1', '16'], ['lecture-3-4-3-2', '39'], ['lecture-digits', '899,260']] as const) {
    await page.getByTestId(`template-${id}`).click();
    await page.getByTestId('total-params').filter({ hasText: total }).waitFor();
    await page.getByTestId('layer-1').click();
    await shot(page, `editor-${id}`);
  }
  // The digit template mid-training: the second epoch, neurons coloured by the probe digit.
  await page.getByTestId('layer-2').click();
  await page.getByTestId('train-start').click();
  await page.getByTestId('train-epoch').filter({ hasText: /^2/ }).waitFor({ timeout: 120_000 });
  await page.waitForTimeout(1500);
  await shot(page, 'training-digits');
  await page.getByTestId('train-stop').click();
  await page.getByRole('button', { name: 'Evaluate' }).click();
  await page.getByText('Evaluation on validation samples').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(500);
  await shot(page, 'evaluation-digits');
  // The next lecture's templates training: feature maps and kernels for the CNN, the recurrent cell for the LSTM.
  for (const id of ['lecture-cnn', 'lecture-lstm'] as const) {
    await page.getByTestId(`template-${id}`).click();
    await page.getByTestId('train-start').click();
    await page.getByTestId('train-batches').filter({ hasText: /[1-9]\d{1,}/ }).waitFor({ timeout: 120_000 });
    await page.waitForTimeout(4000);
    await shot(page, `training-${id}`);
    await page.getByTestId('train-stop').click();
  }
  process.stdout.write(`Screenshots written to ${OUT}/\n`);
} finally {
  await browser.close();
  await host.close();
}
