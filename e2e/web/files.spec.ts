/**
 * Files and failures in the web host, against the real trainer: CSV import
 * through the upload, bad CSVs and a diverging loss each read as a sentence,
 * projects saved as a download and opened again, a malformed project refused.
 * After every failure the network and the dataset are as they were and the app
 * still trains.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from '../fixtures/app';
import { chain, noLabelCsv, project, raggedCsv, textInNumericCsv, twoClassCsv } from '../fixtures/files';

/**
 * Chromium has the File System Access API, so Save opens the native save
 * picker, which a headless browser never shows (the promise hangs). Without
 * the API, as in Firefox and Safari, Save falls back to a download.
 */
async function withoutSavePicker(page: Page) {
  await page.addInitScript(() => Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true }));
}

const file = (name: string, text: string, mimeType = 'text/csv') => ({ name, mimeType, buffer: Buffer.from(text, 'utf8') });

/** Opens a project through the Open… button and the browser's file chooser. */
async function openProject(page: Page, name: string, text: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('project-open').click();
  await (await chooser).setFiles(file(name, text, 'application/json'));
}

/** Imports a CSV through the Import CSV… button: the upload, then the label column. */
async function importCsv(page: Page, name: string, text: string, label = 'label') {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-csv').click();
  await (await chooser).setFiles(file(name, text));
  await page.getByTestId('csv-label').fill(label);
  await page.getByTestId('csv-import').click();
}

const number = async (page: Page, id: string) => Number((await page.getByTestId(id).textContent())!.replace(/,/g, ''));

/** What must survive any failed file: the network, its counts and the chosen dataset. */
async function expectUntouched(page: Page, params: string, layers: number, dataset: string) {
  await expect(page.getByTestId('total-params')).toHaveText(params);
  await expect(page.getByTestId(`layer-${layers - 1}`)).toBeVisible();
  await expect(page.getByTestId(`layer-${layers}`)).toHaveCount(0);
  await expect(page.getByTestId('dataset-select')).toHaveValue(dataset);
  await expect(page.getByTestId('import-csv')).toBeEnabled();
  await expect(page.getByTestId('train-start')).toBeEnabled();
}

test.describe('CSV import', () => {
  test('a good CSV uploads, imports, becomes the dataset, and a small network trains on it', async ({ page }) => {
    await openApp(page);
    await openProject(page, 'two-features.densely.json', project('Two features', chain(2, [4, 1], 'sigmoid'), { loss: 'bce', epochs: 20, learningRate: 0.05 }));
    await expect(page.getByTestId('total-params')).toHaveText('17');

    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-csv').click();
    await (await chooser).setFiles(file('clouds.csv', twoClassCsv(200)));
    // The upload is done once the label column is asked for.
    await expect(page.getByTestId('csv-label')).toBeVisible();
    await expect(page.getByRole('group', { name: 'CSV import' })).toContainText('Label column of clouds.csv');
    await page.getByTestId('csv-import').click();
    await expect(page.getByTestId('train-info')).toHaveText('Imported clouds: 200 samples, 2 classes.');
    await expect(page.getByRole('group', { name: 'CSV import' })).toHaveCount(0);
    await expect(page.getByTestId('dataset-select')).toHaveValue('clouds');
    await expect(page.getByTestId('dataset-select').locator('option[value="clouds"]')).toHaveText('clouds');

    await page.getByTestId('train-start').click();
    await expect(page.getByTestId('train-status')).toHaveText('Finished', { timeout: 60_000 });
    await expect(page.getByTestId('train-error')).toHaveCount(0);
    await expect(page.getByTestId('train-info')).toContainText('Finished 20 epochs');
    expect(await number(page, 'train-epoch')).toBe(20);
    // 160 training samples of two clouds a line separates.
    expect(parseFloat((await page.getByTestId('val-accuracy').textContent())!)).toBeGreaterThan(90);
  });

  test('a large CSV shows its import progress, in rows, before it finishes', async ({ page }) => {
    await openApp(page);
    // About 9 MB: long enough to read that the bar and row count are shown while the trainer reads.
    await importCsv(page, 'big.csv', twoClassCsv(400_000));
    const progress = page.getByRole('group', { name: 'CSV import' });
    await expect(progress.locator('progress')).toBeVisible();
    await expect(progress).toContainText(/Importing big\.csv: \d+%, [\d,]+ rows/);
    await expect(page.getByTestId('train-info')).toHaveText('Imported big: 400,000 samples, 2 classes.', { timeout: 60_000 });
    await expect(page.getByTestId('dataset-select')).toHaveValue('big');
  });

  test('bad CSVs each get one sentence naming the row and column, and the app keeps working', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('template-lecture-3-4-1').click();
    await page.getByTestId('setting-epochs').fill('3');
    await expectUntouched(page, '16', 3, 'spheres');
    const error = page.getByTestId('train-error');

    await importCsv(page, 'ragged.csv', raggedCsv(5));
    await expect(error).toHaveText(
      'ragged.csv could not be imported: Row 5 after the header has 2 values, but the header names 3 columns; every row needs one value per column.',
    );
    await expectUntouched(page, '16', 3, 'spheres');

    await importCsv(page, 'text.csv', textInNumericCsv(7, 'abc'));
    await expect(error).toHaveText(
      'text.csv could not be imported: Row 7 after the header, column "x2" holds "abc", which is not a number; every column but the label must hold numbers.',
    );
    await expectUntouched(page, '16', 3, 'spheres');

    await importCsv(page, 'nolabel.csv', noLabelCsv());
    await expect(error).toHaveText('nolabel.csv could not be imported: The file has no column named "label"; its columns are "x1", "x2", "target".');
    await expectUntouched(page, '16', 3, 'spheres');

    await importCsv(page, 'empty.csv', '');
    await expect(error).toHaveText('empty.csv could not be imported: The file is empty; a CSV needs a header row and at least one row of data.');
    await expectUntouched(page, '16', 3, 'spheres');

    // None of them reached the dataset list.
    for (const name of ['ragged', 'text', 'nolabel', 'empty'])
      await expect(page.getByTestId('dataset-select').locator(`option[value="${name}"]`)).toHaveCount(0);
    // And the network still trains on the dataset it had.
    await page.getByTestId('train-start').click();
    await expect(page.getByTestId('train-status')).toHaveText('Finished', { timeout: 60_000 });
    await expect(error).toHaveCount(0);
    expect(await number(page, 'train-epoch')).toBe(3);
  });
});

test('a diverging loss stops the run with the trainer\'s sentence; a smaller learning rate trains again', async ({ page }) => {
  await openApp(page);
  await openProject(page, 'plane.densely.json', project('Plane', chain(2, [8, 1], 'linear')));
  await expect(page.getByTestId('total-params')).toHaveText('33');
  await page.getByTestId('dataset-select').selectOption('reg-plane');
  await page.getByTestId('loss-select').selectOption('mse');
  await page.getByTestId('optimizer-select').selectOption('sgd');
  await page.getByTestId('setting-learningRate').fill('5');
  await page.getByTestId('setting-batchSize').fill('16');
  await page.getByTestId('setting-epochs').fill('5');
  await expect(page.getByTestId('fit-warning')).toHaveCount(0);

  await page.getByTestId('train-start').click();
  const error = page.getByTestId('train-error');
  await expect(error).toContainText(/^The loss became (infinite|not a number) at epoch \d+, batch \d+, so training stopped;/, { timeout: 60_000 });
  await expect(error).toContainText('Lower the learning rate (now 5) or pick another optimizer.');
  await expect(page.getByTestId('train-status')).toHaveText('Finished');
  // The figures end where the sentence says the run stopped, and the last loss shown is a finite one.
  const [, epoch, batch] = /at epoch (\d+), batch (\d+)/.exec((await error.textContent())!)!;
  if (epoch === '1') expect(await number(page, 'train-batches')).toBe(Number(batch));
  expect(Number.isFinite(await number(page, 'batch-loss'))).toBe(true);
  expect((await page.getByTestId('batch-loss').textContent())!.length).toBeLessThanOrEqual(8);
  // The output's value beside its neuron stays short enough to read, however large it grew.
  await expect(page.locator('text.value')).toHaveText(/^-?(\d+\.\d\d|\d\.\de\d+|NaN|∞)$/);
  await expect(page.getByTestId('total-params')).toHaveText('33');

  await page.getByTestId('setting-learningRate').fill('0.01');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-status')).toHaveText('Finished', { timeout: 60_000 });
  await expect(error).toHaveCount(0);
  await expect(page.getByTestId('train-info')).toContainText('Finished 5 epochs with a loss of');
  const loss = await number(page, 'train-loss');
  expect(Number.isFinite(loss)).toBe(true);
});

test.describe('projects', () => {
  test('Save downloads a .densely.json with the layers; Open of it restores the network and its counts', async ({ page }) => {
    await withoutSavePicker(page);
    await openApp(page);
    await page.getByTestId('template-lecture-3-4-3-2').click();
    await page.getByTestId('setting-epochs').fill('7');
    await expect(page.getByTestId('total-params')).toHaveText('39');

    const download = page.waitForEvent('download');
    await page.getByTestId('project-save').click();
    const saved = await download;
    expect(saved.suggestedFilename()).toMatch(/\.densely\.json$/);
    const text = await readFile((await saved.path())!, 'utf8');
    const json = JSON.parse(text) as { format: string; version: number; layers: { kind: string; units?: number }[]; training?: { epochs?: number }; countBiases?: boolean };
    expect(json.format).toBe('densely-project');
    expect(json.version).toBe(1);
    expect(json.layers.map((l) => l.kind)).toEqual(['input', 'dense', 'dense', 'dense']);
    expect(json.layers.slice(1).map((l) => l.units)).toEqual([4, 3, 2]);
    expect(json.training?.epochs).toBe(7);
    expect(json.countBiases).toBe(true);
    await expect(page.getByTestId('notice-text')).toHaveText(`Saved ${saved.suggestedFilename()}.`);

    // Something else on the canvas, then the saved file brings the 3-4-3-2 back.
    await page.getByTestId('template-lecture-digits').click();
    await page.getByTestId('setting-epochs').fill('2');
    await expect(page.getByTestId('total-params')).toHaveText('899,260');
    await openProject(page, saved.suggestedFilename(), text);
    await expect(page.getByTestId('notice-text')).toHaveText(`Opened ${saved.suggestedFilename()}.`);
    await expect(page.getByTestId('total-params')).toHaveText('39');
    await expect(page.getByTestId('bundle-1')).toHaveText('3 x 4 + 4 = 16');
    await expect(page.getByTestId('bundle-3')).toHaveText('3 x 2 + 2 = 8');
    await expect(page.getByTestId('layer-4')).toHaveCount(0);
    await expect(page.getByTestId('setting-epochs')).toHaveValue('7');
    await expect(page.getByTestId('dataset-select')).toHaveValue('spheres');
  });

  test('where the browser has a save picker, Save writes the project through it, and a cancel saves nothing', async ({ page }) => {
    // A stand-in for Chromium's picker that records what the app writes, or cancels as a person would.
    await page.addInitScript(() => {
      const w = window as unknown as { saved: { name: string; text: string }[]; cancelNext: boolean; showSaveFilePicker: unknown };
      w.saved = [];
      w.cancelNext = false;
      w.showSaveFilePicker = async ({ suggestedName }: { suggestedName: string }) => {
        if (w.cancelNext) throw new DOMException('The user aborted a request.', 'AbortError');
        const parts: Blob[] = [];
        return {
          createWritable: async () => ({
            write: async (b: Blob) => void parts.push(b),
            close: async () => void w.saved.push({ name: suggestedName, text: await new Blob(parts).text() }),
          }),
        };
      };
    });
    await openApp(page);
    await page.getByTestId('template-lecture-3-4-3-2').click();
    await page.getByTestId('project-save').click();
    await expect(page.getByTestId('notice-text')).toHaveText(/^Saved .+\.densely\.json\.$/);
    const saved = await page.evaluate(() => (window as unknown as { saved: { name: string; text: string }[] }).saved);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.name).toMatch(/\.densely\.json$/);
    expect((JSON.parse(saved[0]!.text) as { layers: unknown[] }).layers).toHaveLength(4);

    await page.getByTestId('notice').getByRole('button', { name: 'Dismiss' }).click();
    await page.evaluate(() => ((window as unknown as { cancelNext: boolean }).cancelNext = true));
    await page.getByTestId('project-save').click();
    await page.waitForTimeout(300);
    await expect(page.getByTestId('notice')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { saved: unknown[] }).saved.length)).toBe(1);
    await expect(page.getByTestId('total-params')).toHaveText('39');
  });

  test('a malformed project is refused with the sentence that names the field, and the network stays', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('template-lecture-3-4-3-2').click();
    await expect(page.getByTestId('total-params')).toHaveText('39');
    const notice = page.getByTestId('notice-text');

    await openProject(page, 'broken.densely.json', '{"format": "densely-project", "version": 1, "name": "x", "layers": [');
    await expect(notice).toHaveText(/^broken\.densely\.json could not be opened\. The file is not valid JSON \(.+\); open a Densely project file \(\.densely\.json\)\.$/);
    await expect(page.getByTestId('notice')).toHaveAttribute('role', 'alert');
    await expectUntouched(page, '39', 4, 'spheres');

    const four = JSON.parse(project('Four', chain(3, [4, 1], 'sigmoid'))) as { layers: Record<string, unknown>[] };
    four.layers[1]!.units = 'four';
    await openProject(page, 'four.densely.json', JSON.stringify(four));
    await expect(notice).toHaveText('four.densely.json could not be opened. The project file is not valid: layers[1].units: expected number, received string.');
    await expectUntouched(page, '39', 4, 'spheres');
    await expect(page.getByTestId('bundle-2')).toHaveText('4 x 3 + 3 = 15');

    await openProject(page, 'notes.densely.json', '{"title": "my notes"}');
    await expect(notice).toContainText('notes.densely.json could not be opened. format: expected "densely-project"');
    await expectUntouched(page, '39', 4, 'spheres');
  });

  test('Ctrl+S saves and Ctrl+O opens', async ({ page }) => {
    await withoutSavePicker(page);
    await openApp(page);
    await page.getByTestId('template-lecture-3-4-1').click();
    await expect(page.getByTestId('total-params')).toHaveText('16');
    // Focus on the canvas side, as after a click on a layer.
    await page.getByTestId('layer-1').click();

    const download = page.waitForEvent('download');
    await page.keyboard.press('Control+s');
    const saved = await download;
    const text = await readFile((await saved.path())!, 'utf8');
    const json = JSON.parse(text) as { layers: unknown[]; countBiases?: boolean };
    expect(json.layers).toHaveLength(3);
    // The lecture's 3-4-1 leaves biases out of the count; the file keeps that.
    expect(json.countBiases).toBe(false);

    // Ctrl+S also works while typing in a field, where the browser would otherwise save the page.
    await page.getByTestId('setting-epochs').focus();
    const again = page.waitForEvent('download');
    await page.keyboard.press('Control+s');
    expect((await again).suggestedFilename()).toBe(saved.suggestedFilename());

    await page.getByTestId('template-lecture-3-4-3-2').click();
    await expect(page.getByTestId('total-params')).toHaveText('39');
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Control+o');
    await (await chooser).setFiles(file(saved.suggestedFilename(), text, 'application/json'));
    await expect(page.getByTestId('total-params')).toHaveText('16');
    await expect(page.getByTestId('count-biases')).not.toBeChecked();
  });
});
