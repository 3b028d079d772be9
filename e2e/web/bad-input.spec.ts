/**
 * The bad-input corpus (e2e/fixtures/bad/) through the app's Open and Import
 * CSV in the web host, one page for the whole corpus: every bad file gets its
 * sentence, and the network on the canvas and the chosen dataset stay as they
 * were; the good files in odd encodings (a byte-order mark, UTF-16, mixed line
 * endings) open and import as the figures worked out by hand.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from '../fixtures/app';
import { corpus } from '../fixtures/bad/corpus';

const payload = (name: string, path: string, mimeType: string) => ({ name, mimeType, buffer: readFileSync(path) });

async function openProject(page: Page, name: string, path: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('project-open').click();
  await (await chooser).setFiles(payload(name, path, 'application/json'));
}

async function importCsv(page: Page, name: string, path: string, label: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-csv').click();
  await (await chooser).setFiles(payload(name, path, 'text/csv'));
  await page.getByTestId('csv-label').fill(label);
  await page.getByTestId('csv-import').click();
}

/** What no bad file may change: the 3-4-3-2's 39 parameters, its four layers, the chosen dataset. */
async function expectKept(page: Page, params: string, dataset: string) {
  await expect(page.getByTestId('total-params')).toHaveText(params);
  await expect(page.getByTestId('layer-3')).toBeVisible();
  await expect(page.getByTestId('layer-4')).toHaveCount(0);
  await expect(page.getByTestId('dataset-select')).toHaveValue(dataset);
}

const projects = corpus.filter((e) => e.kind === 'project');
const csvs = corpus.filter((e) => e.kind === 'csv');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('every file of the bad-input corpus, opened and imported in one page: a sentence each, and the network kept', async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page);
  await page.getByTestId('template-lecture-3-4-3-2').click();
  await expectKept(page, '39', 'spheres');
  const notice = page.getByTestId('notice-text');
  const trainError = page.getByTestId('train-error');

  for (const e of projects.filter((e) => e.expect === 'error')) {
    await openProject(page, e.name, e.path);
    // The file's name starts the sentence, so a stale notice from the file before can't pass for this one.
    await expect(notice, e.name).toHaveText(new RegExp(`^${escape(e.name)} (could not be opened\\. |is [\\d,]+ bytes, ).*${escape(e.fragment!)}`));
    await expect(page.getByTestId('notice')).toHaveAttribute('role', 'alert');
    await expect(page.getByTestId('total-params'), e.name).toHaveText('39');
  }
  await expectKept(page, '39', 'spheres');

  for (const e of csvs.filter((e) => e.expect === 'error')) {
    await importCsv(page, e.name, e.path, e.label!);
    await expect(trainError, e.name).toHaveText(new RegExp(`^${escape(e.name)} could not be imported: .*${escape(e.fragment!)}`));
    await expect(page.getByTestId('dataset-select'), e.name).toHaveValue('spheres');
  }
  await expectKept(page, '39', 'spheres');
  // No bad CSV reached the dataset list.
  for (const e of csvs.filter((e) => e.expect === 'error'))
    await expect(page.getByTestId('dataset-select').locator(`option[value="${e.name.replace(/\.csv$/, '')}"]`)).toHaveCount(0);

  // 1,000 whole-number labels: imported, and the sentence says they were read as regression.
  const note = csvs.find((e) => e.expect === 'note')!;
  await importCsv(page, note.name, note.path, note.label!);
  const noteName = note.name.replace(/\.csv$/, '');
  await expect(page.getByTestId('train-info')).toHaveText(new RegExp(`^Imported ${escape(noteName)}: 1,000 samples, regression\\. The label column "label" ${escape(note.fragment!)}`));
  await expect(page.getByTestId('dataset-select')).toHaveValue(noteName);

  // Good CSVs in every encoding Densely can tell: 8 rows (3 for the small ones), two classes, café and cafè apart.
  for (const e of csvs.filter((e) => e.expect === 'good')) {
    await importCsv(page, e.name, e.path, e.label!);
    const name = e.name.replace(/\.csv$/, '');
    await expect(page.getByTestId('train-info'), e.name).toHaveText(`Imported ${name}: ${e.samples} samples, ${e.classes} classes.`);
    await expect(page.getByTestId('dataset-select')).toHaveValue(name);
  }
  await expect(trainError).toHaveCount(0);

  // Good projects in every encoding Densely can tell: each is the 3-4-1 with biases, 3x4+4 + 4x1+1 = 21.
  for (const e of projects.filter((e) => e.expect === 'good')) {
    await page.getByTestId('template-lecture-3-4-3-2').click();
    await expect(page.getByTestId('total-params')).toHaveText('39');
    await openProject(page, e.name, e.path);
    await expect(notice, e.name).toHaveText(`Opened ${e.name}.`);
    await expect(page.getByTestId('total-params'), e.name).toHaveText(String(e.params));
    await expect(page.getByTestId('layer-2')).toBeVisible();
    await expect(page.getByTestId('layer-3')).toHaveCount(0);
  }
});
