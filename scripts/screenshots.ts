/**
 * Takes the pictures of Densely from the web host, the way a teacher sees it (`npm run screenshots`, after
 * `npm run build`):
 * - docs/screenshots/: the screen matrix, 3 sizes x light, dark and presentation x the 5 templates (45 PNGs), named
 *   `WIDTHxHEIGHT-MODE-TEMPLATE.png`; `--matrix` takes only these, `--templates a,b` limits them;
 * - assets/screenshots/: the README's pictures at 1280x800, training included (skipped with `--matrix`; `--readme`
 *   takes only these).
 */
import { chromium, type Page } from '@playwright/test';
import { startWebHost } from '../src-main/web-host';

const OUT = 'assets/screenshots';
const MATRIX_OUT = 'docs/screenshots';
export const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;
export const MODES = ['light', 'dark', 'presentation'] as const;
const ALL_TEMPLATES = ['lecture-3-4-1', 'lecture-3-4-3-2', 'lecture-digits', 'lecture-cnn', 'lecture-lstm'];

const args = process.argv.slice(2);
const matrixOnly = args.includes('--matrix');
const readmeOnly = args.includes('--readme');
const pick = args.indexOf('--templates');
const templates = pick >= 0 ? (args[pick + 1] ?? '').split(',').filter(Boolean) : ALL_TEMPLATES;

const host = await startWebHost(0);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const shot = (page: Page, name: string) => page.screenshot({ path: `${OUT}/${name}.png` });

/** One page per size and mode, the templates loaded in turn: the same walk as e2e/web/screens-matrix.spec.ts. */
async function matrix(): Promise<void> {
  for (const size of SIZES) {
    for (const mode of MODES) {
      const page = await browser.newPage({ viewport: size, colorScheme: mode === 'dark' ? 'dark' : 'light' });
      await page.goto(host.url);
      await page.getByTestId('train-backend').waitFor();
      for (const id of templates) {
        await page.getByTestId(`template-${id}`).click();
        if (mode === 'presentation') await page.keyboard.press('F5');
        await page.locator('text.bundle-label').first().waitFor();
        await page.screenshot({ path: `${MATRIX_OUT}/${size.width}x${size.height}-${mode}-${id}.png` });
        if (mode === 'presentation') await page.keyboard.press('Escape');
      }
      await page.close();
    }
  }
  process.stdout.write(`Screen matrix written to ${MATRIX_OUT}/\n`);
}

async function readme(): Promise<void> {
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
  await page.close();
  process.stdout.write(`Screenshots written to ${OUT}/\n`);
}

try {
  if (!readmeOnly) await matrix();
  if (!matrixOnly) await readme();
} finally {
  await browser.close();
  await host.close();
}
