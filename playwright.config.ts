/**
 * End-to-end suites. `web` drives the web host in Debian's Chromium and runs
 * everywhere; `electron` drives the desktop app and skips itself, saying
 * why, where Electron's binary or a display is missing.
 */
import { randomBytes } from 'node:crypto';
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4899);
// One access token per run: the runner makes it, its workers inherit it (e2e/fixtures/app.ts reads it), and the web
// host is started with it through the environment, where other users cannot read it as they could a --token argument.
process.env.DENSELY_TOKEN ??= randomBytes(32).toString('base64url');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'web',
      testDir: 'e2e/web',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: CHROMIUM,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
        },
      },
    },
    { name: 'electron', testDir: 'e2e/electron' },
  ],
  webServer: {
    command: `node --import tsx src-main/web-host.ts --port ${PORT}`,
    env: { DENSELY_TOKEN: process.env.DENSELY_TOKEN },
    // The page itself is served without the token (it then says how to open Densely); the socket needs it.
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
  },
});
