/**
 * A projector, a laptop and a monitor: at 1024x768, 1280x800 and 1920x1080, in the light and dark themes and in
 * presentation mode, every template's summary cells, its total and the canvas's bundle arithmetic are whole on
 * screen: inside the viewport, inside every ancestor that clips, and no cell narrower than its text.
 * One page, looped, with a screenshot of each moment in test-results/screens/.
 */
import { expect, test, type Page } from '@playwright/test';
import { appUrl } from '../fixtures/app';

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];
const MODES = ['light', 'dark', 'presentation'] as const;
const TEMPLATES = ['lecture-3-4-1', 'lecture-3-4-3-2', 'lecture-digits', 'lecture-cnn', 'lecture-lstm'];

/** Every element matching `selector` that is clipped, described in a sentence; empty when all are whole. */
async function clipped(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const problems: string[] = [];
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const inside = (r: DOMRect, c: { left: number; top: number; right: number; bottom: number }) =>
      r.left >= c.left - 0.5 && r.top >= c.top - 0.5 && r.right <= c.right + 0.5 && r.bottom <= c.bottom + 0.5;
    for (const el of Array.from(document.querySelectorAll<Element>(sel))) {
      // A column the layout chose to leave out (its figures are said elsewhere) is not a cut one.
      if (getComputedStyle(el).display === 'none') continue;
      const r = el.getBoundingClientRect();
      const name = `${sel} "${(el.textContent ?? '').trim()}"`;
      if (r.width === 0 || r.height === 0) {
        problems.push(`${name} is not drawn`);
        continue;
      }
      if (!inside(r, { left: 0, top: 0, right: vw, bottom: vh })) problems.push(`${name} leaves the window`);
      for (let a = el.parentElement; a; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        if (!inside(r, a.getBoundingClientRect())) {
          problems.push(`${name} is cut by ${a.tagName.toLowerCase()}.${a.className}`);
          break;
        }
      }
      if (el instanceof HTMLElement && el.scrollWidth > el.clientWidth) problems.push(`${name} is wider than its cell`);
    }
    return problems;
  }, selector);
}

test('every count, total and bundle label is whole at three screen sizes, in light, dark and presentation', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(appUrl());
  await expect(page.getByTestId('canvas')).toBeVisible();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const mode of MODES) {
      await page.emulateMedia({ colorScheme: mode === 'dark' ? 'dark' : 'light' });
      const presenting = (await page.getByTestId('presentation').count()) > 0;
      if (presenting !== (mode === 'presentation')) await page.getByTestId('presentation-toggle').click();
      await expect(page.locator('html')).toHaveAttribute('data-theme', mode === 'dark' ? 'dark' : 'light');
      for (const id of TEMPLATES) {
        if (mode === 'presentation') {
          // The palette is hidden while presenting: leave, load the template, present again, as a teacher would.
          await page.keyboard.press('Escape');
          await page.getByTestId(`template-${id}`).click();
          await page.getByTestId('presentation-toggle').click();
          await expect(page.getByTestId('presentation')).toBeVisible();
        } else {
          await page.getByTestId(`template-${id}`).click();
        }
        await expect(page.locator('text.bundle-label').first()).toBeVisible();
        const problems = [
          // The palette scrolls up and down by design; across, a name must fit its button.
          ...(await page.evaluate(() =>
            Array.from(document.querySelectorAll<HTMLElement>('[data-testid^="palette-"], [data-testid^="template-"]'))
              .filter((b) => b.scrollWidth > b.clientWidth)
              .map((b) => `palette button "${b.textContent?.trim()}" is wider than itself`),
          )),
          ...(await clipped(page, '[data-testid^="summary-row-"] td')),
          ...(await clipped(page, '[data-testid="total-params"]')),
          ...(await clipped(page, 'text.bundle-label')),
          // The canvas shortens a caption with an ellipsis when its column is too narrow ("flatte…"): fitting must not.
          ...(await page.locator('g.layer text.caption').evaluateAll((els) =>
            els.filter((e) => (e.textContent ?? '').includes('…')).map((e) => `caption "${e.textContent}" is shortened`),
          )),
        ];
        const label = `${size.width}x${size.height}-${mode}-${id}`;
        await page.screenshot({ path: `test-results/screens/${label}.png` });
        expect(problems, label).toEqual([]);
      }
    }
  }
});

test('the Params column stays whole with an Activation and a BatchNorm layer (non-trainable columns) at each size', async ({ page }) => {
  await page.goto(appUrl());
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.getByTestId('template-lecture-digits').click();
    await page.getByTestId('palette-activation').click();
    await page.getByTestId('palette-batchNorm').click();
    await expect(page.locator('[data-testid^="summary-row-"]')).toHaveCount(8);
    const problems = [...(await clipped(page, '[data-testid^="summary-row-"] td')), ...(await clipped(page, 'tfoot td'))];
    await page.screenshot({ path: `test-results/screens/${size.width}x${size.height}-light-digits-activation-batchnorm.png` });
    expect(problems, `${size.width}x${size.height}`).toEqual([]);
  }
});

test('zoom buttons and keys scale the drawing about the canvas, 0 fits it again, and template buttons stay put', async ({ page }) => {
  await page.goto(appUrl());
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
  await page.goto(appUrl());
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
