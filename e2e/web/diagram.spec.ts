/**
 * Diagrams out of Densely: `densely draw`'s SVG of the digit template opened in Chromium shows what the canvas shows,
 * every label whole inside the picture; the app's Export diagram saves the same file, and a PNG of the size asked for.
 * With DENSELY_UPDATE_DIAGRAMS=1 the screenshots are written to docs/screenshots/ (the committed ones), else to the
 * test's output folder.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { focusExportItem, openApp } from '../fixtures/app';
import { densely } from '../fixtures/cli';

const DIGITS = 'assets/samples/lecture-digits.densely.json';

function shotPath(info: TestInfo, name: string): string {
  if (process.env.DENSELY_UPDATE_DIAGRAMS !== '1') return info.outputPath(name);
  mkdirSync('docs/screenshots', { recursive: true });
  return join('docs/screenshots', name);
}

function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

/** The words the canvas draws: captions, arithmetic, shape changes and map shapes, each line as a person reads it. */
async function canvasTexts(page: Page): Promise<string[]> {
  return page.getByTestId('canvas').evaluate((el) =>
    Array.from(el.querySelectorAll('text.caption tspan, text.bundle-label tspan, text.shape-change, text.map-shape, text.ellipsis')).map((t) => t.textContent ?? '').filter(Boolean),
  );
}

test("densely draw's SVG of the digit template renders in Chromium like the canvas, every label inside", async ({ page }, info) => {
  const dir = info.outputPath('draw');
  mkdirSync(dir, { recursive: true });
  const svgFile = resolve(dir, 'digits.svg');
  const pngFile = shotPath(info, 'diagram-digits-cli.png');
  const [a, b] = await Promise.all([densely('draw', DIGITS, '-o', svgFile), densely('draw', DIGITS, '-o', pngFile, '--scale', '2')]);
  expect(a.stderr + b.stderr).toBe('');

  // The canvas first, as the app shows the template.
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page);
  await page.getByTestId('template-lecture-digits').click();
  await expect(page.getByTestId('bundle-2')).toHaveAttribute('aria-label', '784 x 600 + 600 = 471,000');
  const onCanvas = await canvasTexts(page);
  await page.getByTestId('canvas').screenshot({ path: shotPath(info, 'diagram-digits-canvas.png') });

  // Then the file, opened as a person opens it, in the browser at its own size.
  const svgText = readFileSync(svgFile, 'utf8');
  const [w, h] = [Number(/ width="(\d+)"/.exec(svgText)![1]), Number(/ height="(\d+)"/.exec(svgText)![1])];
  await page.setViewportSize({ width: w, height: h });
  await page.goto(pathToFileURL(svgFile).href);
  const svg = page.locator('svg').first();
  await expect(svg).toBeVisible();
  await page.screenshot({ path: shotPath(info, 'diagram-digits-svg.png') });

  // Chromium measures every label as it drew it, in whatever font it chose: each lies inside the picture.
  const outside = await svg.evaluate((el: SVGSVGElement) => {
    const vb = el.viewBox.baseVal;
    return Array.from(el.querySelectorAll('text'))
      .map((t) => ({ text: t.textContent, box: t.getBBox() }))
      .filter(({ box }) => box.x < vb.x || box.y < vb.y || box.x + box.width > vb.x + vb.width || box.y + box.height > vb.y + vb.height)
      .map(({ text }) => text);
  });
  expect(outside).toEqual([]);
  // The same words as the canvas, as <text>: captions, arithmetic, shape changes, the ellipses. (The file's columns are
  // narrower than a 1280-wide canvas's, so an arithmetic label may break into two lines where the canvas has one.)
  const inFile = await svg.evaluate((el) => Array.from(el.querySelectorAll('text')).map((t) => t.textContent ?? ''));
  const words = (lines: string[]) => lines.flatMap((l) => l.split(/\s+/)).sort();
  expect(words(inFile)).toEqual(words(onCanvas));
  expect(inFile).toContain('= 471,000');
  // The same drawing: ten neurons a column, a hundred lines between two dense layers.
  expect(await svg.locator('circle').count()).toBe(60);
  expect(await svg.locator('g.bundle[data-layer="dense_2"] line').count()).toBe(100);

  // The PNG is the same picture at twice the size.
  expect(pngSize(readFileSync(pngFile))).toEqual([2 * w, 2 * h]);
});

test("the app's Export diagram saves the CLI's SVG and a PNG at the chosen scale, keyboard only", async ({ page }, info) => {
  const cliSvg = info.outputPath('cli.svg');
  expect((await densely('draw', DIGITS, '-o', cliSvg)).stderr).toBe('');
  await page.setViewportSize({ width: 1024, height: 768 });
  await openApp(page);
  await page.getByTestId('template-lecture-digits').click();

  // Open it from the Export menu with the keyboard.
  await focusExportItem(page, 'export-diagram');
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('export-diagram-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('diagram-preview')).toBeVisible();
  // The whole dialog is on screen at 1024x768.
  const box = (await dialog.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(768);
  expect(box.x + box.width).toBeLessThanOrEqual(1024);
  await expect(page.getByTestId('diagram-weights')).toBeDisabled();
  await page.screenshot({ path: info.outputPath('dialog.png') });

  // SVG, light, with counts: byte for byte the CLI's file.
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('diagram-save').click()]);
  expect(svgDownload.suggestedFilename()).toBe('Lecture-digits.svg');
  const savedSvg = readFileSync((await svgDownload.path())!, 'utf8');
  expect(savedSvg).toBe(readFileSync(cliSvg, 'utf8'));
  await expect(page.getByTestId('diagram-status')).toHaveText(/^Saved Lecture-digits\.svg/);

  // PNG, 4x, dark, without counts: 4 times the dark SVG's size, chosen with the keyboard.
  await page.getByTestId('diagram-format-png').check();
  await page.getByTestId('diagram-scale-4').check();
  await page.getByTestId('diagram-theme-dark').focus();
  await page.keyboard.press('Space');
  await page.getByTestId('diagram-counts').focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('diagram-counts')).not.toBeChecked();
  const preview = decodeURIComponent((await page.getByTestId('diagram-preview').getAttribute('src'))!.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
  expect(preview).toContain('fill="#0f1520"');
  expect(preview).not.toContain('471,000');
  const [pw, ph] = [Number(/ width="(\d+)"/.exec(preview)![1]), Number(/ height="(\d+)"/.exec(preview)![1])];
  await expect(page.getByTestId('diagram-size')).toHaveText(`${4 * pw} x ${4 * ph} px`);
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('diagram-save').click()]);
  expect(pngDownload.suggestedFilename()).toBe('Lecture-digits@4x.png');
  const png = readFileSync((await pngDownload.path())!);
  expect(pngSize(png)).toEqual([4 * pw, 4 * ph]);
  writeFileSync(info.outputPath('app-4x.png'), png);

  // Esc closes it and gives the focus back to the Export menu; the network behind is untouched.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('export-menu')).toBeFocused();
  await expect(page.getByTestId('total-params')).toHaveText('899,260');
});

test('after training, the trained weights are drawn: links by sign and size, with a key', async ({ page }, info) => {
  await openApp(page);
  await page.getByTestId('template-lecture-3-4-1').click();
  await page.getByTestId('setting-epochs').fill('3');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-status')).toHaveText('Finished', { timeout: 60_000 });
  await page.getByTestId('export-menu').click();
  await page.getByTestId('export-diagram').click();
  await expect(page.getByTestId('diagram-weights')).toBeEnabled({ timeout: 30_000 });
  await expect(page.getByTestId('diagram-weights')).toBeChecked();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('diagram-save').click()]);
  const svg = readFileSync((await download.path())!, 'utf8');
  writeFileSync(shotPath(info, 'diagram-3-4-1-weights.svg'), svg);
  expect(svg).toContain('class="weight-key"');
  const lines = [...svg.matchAll(/<line [^>]*stroke="(#[0-9a-f]{6})"[^>]*stroke-width="([\d.]+)"/g)];
  // 3 x 4 + 4 x 1 links, each orange (positive) or blue (negative), no longer the untrained grey, and of different widths.
  expect(lines).toHaveLength(16);
  expect(lines.every(([, c]) => c === '#c2410c' || c === '#1d4ed8')).toBe(true);
  expect(new Set(lines.map(([, , width]) => width)).size).toBeGreaterThan(1);
  await page.getByTestId('diagram-weights').uncheck();
  const plain = decodeURIComponent((await page.getByTestId('diagram-preview').getAttribute('src'))!);
  expect(plain).not.toContain('weight-key');
});

test('the dialog is readable in the dark theme at 1024x768, and draws in the dark colours by default', async ({ page }, info) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await openApp(page);
  await page.getByTestId('theme-switch').click();
  await expect(page.getByTestId('theme-switch')).toHaveAttribute('aria-checked', 'true');
  await page.getByTestId('template-lecture-cnn').click();
  await page.getByTestId('export-menu').click();
  await page.getByTestId('export-diagram').click();
  const dialog = page.getByTestId('export-diagram-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('diagram-theme-dark')).toBeChecked();
  // The dialog takes the dark theme's surface and ink (global.css), not the light header's or a browser default.
  const [ground, ink] = await dialog.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]);
  expect([ground, ink]).toEqual(['rgb(17, 24, 39)', 'rgb(243, 244, 246)']);
  const preview = decodeURIComponent((await page.getByTestId('diagram-preview').getAttribute('src'))!);
  expect(preview).toContain('<rect class="background" x="');
  expect(preview).toContain('fill="#0f1520"');
  const box = (await dialog.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(768);
  expect(box.x + box.width).toBeLessThanOrEqual(1024);
  await page.screenshot({ path: shotPath(info, 'diagram-dialog-dark.png') });
});
