/**
 * The web host's door, seen from the page: the address `npm run web` prints
 * opens the app and keeps working across a reload; a page without the token,
 * or with one from an earlier start, says how to open Densely; the app
 * runs under the host's Content-Security-Policy without a single violation;
 * and a page whose socket is closed (too large a message, a new trainer) says so.
 */
import { expect, test, type WebSocketRoute } from '@playwright/test';
import { appUrl, openApp } from '../fixtures/app';
import { twoClassCsv } from '../fixtures/files';

test('the printed address opens the app, and a reload of it keeps working', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('template-lecture-3-4-1').click();
  await page.reload();
  await expect(page.getByTestId('train-start')).toBeEnabled();
  await expect(page.getByTestId('connection-banner')).toHaveCount(0);
  expect(new URL(page.url()).searchParams.get('token')).toBe(process.env.DENSELY_TOKEN);
});

test('a page opened without the token says how to open Densely, and never reaches the trainer', async ({ page }) => {
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto('/');
  await expect(page.getByTestId('connection-banner')).toHaveText(
    '⚠ This page was opened without its access token; open Densely at the address `npm run web` printed (it ends in ?token=…).',
  );
  await expect(page.getByTestId('train-start')).toBeDisabled();
  expect(sockets).toEqual([]);
});

test('a page whose token is not the host\'s (an earlier start\'s) says to open the new address', async ({ page }) => {
  await page.goto(`/?token=${'A'.repeat(43)}`);
  await expect(page.getByTestId('connection-banner')).toHaveText(
    "⚠ This page's access token is not the web host's (it makes a new one each start); open the address `npm run web` printed this time.",
  );
});

test('the app loads, edits and trains under the host\'s CSP with no violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content-Security-Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto(appUrl());
  expect(response!.headers()['content-security-policy']).toContain("connect-src 'self'");
  await expect(page.getByTestId('train-start')).toBeEnabled();
  await page.getByTestId('template-lecture-3-4-3-2').click();
  await page.getByTestId('setting-epochs').fill('2');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-epoch')).toHaveText(/^2/, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Evaluate' }).click();
  await expect(page.getByText('Evaluation on validation samples')).toBeVisible({ timeout: 60_000 });
  expect(violations).toEqual([]);
});

test('a reconnect reaches a new trainer: the page lists only its datasets and says the imported ones must be imported again', async ({ page }) => {
  const sockets: WebSocketRoute[] = [];
  // Each socket the page opens goes through to the host; the test can then close the page's side, as a dropped connection would.
  await page.routeWebSocket(/\/ws\?token=/, (ws) => {
    ws.connectToServer();
    sockets.push(ws);
  });
  await openApp(page);
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-csv').click();
  await (await chooser).setFiles({ name: 'clouds.csv', mimeType: 'text/csv', buffer: Buffer.from(twoClassCsv(50)) });
  await page.getByTestId('csv-import').click();
  await expect(page.getByTestId('dataset-select')).toHaveValue('clouds');

  await sockets.at(-1)!.close({ code: 1009, reason: 'Max payload size exceeded' });
  await expect(page.getByTestId('connection-banner')).toContainText(
    'The trainer closed the connection because a message was larger than 1 MB; reconnecting in',
  );
  await expect(page.getByTestId('train-start')).toBeEnabled();
  expect(sockets).toHaveLength(2);
  await expect(page.getByTestId('train-info')).toHaveText('Reconnected to a new trainer, so imported datasets must be imported again: clouds.');
  await expect(page.getByTestId('dataset-select').locator('option[value="clouds"]')).toHaveCount(0);
});
