/**
 * The security gate in `npm test` (scripts/electronegativity.mjs) can fail:
 * an app without context isolation and with no navigation limits is caught, offline.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { failingFindings, scan } from '../scripts/electronegativity.mjs';

describe('the Electronegativity gate', () => {
  it('fails an insecure main process, without touching the network', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'densely-insecure-'));
    writeFileSync(
      join(dir, 'main.js'),
      "const { app, BrowserWindow } = require('electron');\n" +
        "app.whenReady().then(() => new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } }).loadURL('http://example.com/'));\n",
    );
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const { issues } = await scan(dir);
    // The stubbed translations loaded locally: the network message is never printed.
    expect(log.mock.calls.flat().join('\n')).not.toMatch(/Could not retrieve updated translations/);
    log.mockRestore();
    const failing = failingFindings(issues, dir).map((i) => i.id);
    expect(failing).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']));
    expect(issues.find((i) => i.id === 'CONTEXT_ISOLATION_JS_CHECK')?.description).toMatch(/isolation/i);
  });
});
