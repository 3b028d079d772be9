/**
 * The neuron in numbers and teaching with mistakes, in the web host against
 * the real trainer: a hovered neuron's formula whose numbers add up, the
 * activation curve and softmax's sum, "Train anyway" on a bad pairing, an
 * input that can't take the dataset flagged beside Train, and a confusion
 * cell whose samples open on the canvas.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp } from '../fixtures/app';

async function trainTemplate(page: Page, template: string, epochs: number) {
  await openApp(page);
  await page.getByTestId(`template-${template}`).click();
  await page.getByTestId('setting-epochs').fill(String(epochs));
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-status')).toHaveText('Finished', { timeout: 60_000 });
}

/** The centre of the k-th drawn neuron on the canvas (columns in order, top to bottom). */
async function neuronCentre(page: Page, k: number): Promise<{ x: number; y: number }> {
  const box = (await page.locator('circle.neuron').nth(k).boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** `relu(0.81*0.20 + 0.50*(-0.40) + 0.10) = 0.06` → the products, the bias, the result. */
function parseFormula(text: string): { name: string; terms: [number, number][]; bias: number; result: number } {
  const m = /^(\w+)\((.*)\) = (-?[\d.]+)$/.exec(text.trim().replace(/\s+/g, ' '));
  if (!m) throw new Error(`not a formula: ${text}`);
  const unparen = (s: string) => Number(s.replace(/[()]/g, ''));
  const addends = m[2]!.split(' + ');
  const terms = addends.filter((a) => a.includes('*')).map((a) => a.split('*').map(unparen) as [number, number]);
  const rest = addends.filter((a) => !a.includes('*'));
  expect(rest.length, 'one bias after the products').toBe(1);
  return { name: m[1]!, terms, bias: unparen(rest[0]!), result: Number(m[3]) };
}

test("a hovered neuron's formula adds up to its z, and its activation gives its a", async ({ page }) => {
  await trainTemplate(page, 'lecture-3-4-3-2', 3);
  // The 3-4-3-2 network draws 3 input neurons, then the 4 of the first hidden (ReLU) layer.
  const c = await neuronCentre(page, 4);
  await page.mouse.move(c.x, c.y);
  const card = page.getByTestId('neuron-card');
  await expect(card).toContainText('neuron 2');
  const formula = card.getByTestId('neuron-formula-numbers');
  await expect(formula).toContainText(' = ', { timeout: 30_000 });
  const f = parseFormula((await formula.textContent())!);
  expect(f.name).toBe('relu');
  expect(f.terms.length).toBe(3);
  const z = Number(await card.getByTestId('neuron-z').textContent());
  // Every shown number is rounded to 0.005; the sum of the rounded products may differ from z by that much per factor.
  const sum = f.terms.reduce((s, [x, w]) => s + x * w, f.bias);
  const tolerance = f.terms.reduce((t, [x, w]) => t + 0.005 * (Math.abs(x) + Math.abs(w)) + 0.000025, 0.005 + 0.005);
  expect(Math.abs(sum - z)).toBeLessThanOrEqual(tolerance);
  expect(Number(await card.getByTestId('neuron-a').textContent())).toBeCloseTo(Math.max(0, z), 2);
  expect(f.result).toBeCloseTo(Math.max(0, z), 2);
  expect(await formula.textContent()).not.toContain('-0.00');
  // A term never breaks across lines: each is its own unbreakable box.
  const styles = await formula.locator('.term').evaluateAll((els) => els.map((e) => getComputedStyle(e).whiteSpace));
  expect(styles.length).toBe(4);
  expect(styles.every((s) => s === 'nowrap')).toBe(true);

  // Clicking the neuron selects its layer and shows the same neuron in the inspector, on its ReLU curve with [0, ∞).
  await page.mouse.click(c.x, c.y);
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector.getByTestId('neuron-numbers')).toHaveAttribute('data-neuron', '1');
  await expect(inspector.getByTestId('curve-range')).toHaveText('[0, ∞)');
  const dots = inspector.getByTestId('curve-dot');
  await expect(dots).toHaveCount(4);
  for (const d of await dots.all()) {
    const dz = Number(await d.getAttribute('data-z'));
    expect(Number(await d.getAttribute('data-a'))).toBeCloseTo(Math.max(0, dz), 4);
  }

  // The output layer is softmax: its two probabilities sum to 1.
  await page.mouse.move(5, 5);
  await page.getByTestId('layer-3').click({ position: { x: 20, y: 20 } });
  await expect(inspector.getByTestId('softmax-sum')).toHaveText('Σ = 1.00', { timeout: 30_000 });
  const ps = (await inspector.getByTestId('softmax-p').allTextContents()).map(Number);
  expect(ps.length).toBe(2);
  expect(Math.abs(ps[0]! + ps[1]! - 1)).toBeLessThanOrEqual(0.01);
});

test('mean squared error on softmax stays flagged, and Train anyway trains it and shows a loss', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('template-lecture-3-4-3-2').click();
  await page.getByTestId('setting-epochs').fill('3');
  await page.getByTestId('loss-select').selectOption('mse');
  const warning = page.getByTestId('fit-warning');
  await expect(warning).toContainText('Softmax outputs with mean squared error train poorly');
  await expect(page.getByTestId('train-start')).toBeDisabled();
  await warning.getByTestId('train-anyway').click();
  await expect(page.getByTestId('train-status')).toHaveText('Finished', { timeout: 60_000 });
  await expect(page.getByTestId('train-error')).toHaveCount(0);
  const loss = Number(await page.getByTestId('train-loss').textContent());
  expect(loss).toBeGreaterThan(0);
  // Still flagged after the run: the pairing is still a bad one.
  await expect(warning).toBeVisible();
});

test('an input of 3 on the digits is flagged beside Train, in view at 1024x768, and Train stays off', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await openApp(page);
  await page.getByTestId('template-lecture-3-4-1').click();
  await page.getByTestId('dataset-select').selectOption('digits');
  const flag = page.getByTestId('input-warning');
  await expect(flag).toHaveText(
    '⚠ The input layer takes 3, but Handwritten digits holds 28x28 images; set the input to 28x28 followed by a Flatten layer, or to 784.',
  );
  await expect(page.getByTestId('train-start')).toBeDisabled();
  await expect(page.getByTestId('train-anyway')).toHaveCount(0);
  await expect(flag).toBeInViewport({ ratio: 1 });
  const train = (await page.getByTestId('train-start').boundingBox())!;
  const box = (await flag.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(768);
  // Next to the button: right under its row.
  expect(box.y - (train.y + train.height)).toBeLessThan(50);
  // Setting the input as the sentence says lets it train.
  await page.getByTestId('layer-0').click({ position: { x: 20, y: 20 } });
  await page.getByTestId('inspector-shape').fill('784');
  await expect(flag).toHaveCount(0);
});

test("a confusion cell lists its samples, and a sample opens its forward pass on the canvas's input", async ({ page }) => {
  await trainTemplate(page, 'lecture-3-4-3-2', 3);
  const inputFills = () => page.locator('circle.neuron').evaluateAll((els) => els.slice(0, 3).map((e) => e.getAttribute('fill')));

  async function openFromRow(actual: number): Promise<string> {
    await page.getByTestId('train-evaluate').click();
    const cell = page.locator(`[data-testid^="confusion-cell-${actual}-"]`).first();
    await cell.click();
    const list = page.getByTestId('cell-samples');
    await expect(list).toContainText(`true ${actual}`);
    const sample = list.getByTestId('cell-sample').first();
    const index = (await sample.textContent())!.replace('#', '');
    await sample.press('Enter');
    await expect(page.getByRole('dialog', { name: 'Evaluation' })).toHaveCount(0);
    await expect(page.getByTestId('train-info')).toContainText(`The canvas shows validation sample ${index}`);
    return index;
  }

  await openFromRow(0);
  await expect.poll(inputFills).not.toContain('#ffffff');
  const first = await inputFills();
  await openFromRow(1);
  await expect.poll(inputFills, { timeout: 30_000 }).not.toEqual(first);
});
