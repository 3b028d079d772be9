import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Electron is stubbed at its edges: the dialogs answer what the person "chose", the window lookup finds a window.
const electron = vi.hoisted(() => ({
  dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
  BrowserWindow: { fromWebContents: vi.fn(() => ({ id: 1 })) },
  ipcMain: { handle: vi.fn() },
}));
vi.mock('electron', () => electron);

import { PICK_CSV, registerDialogs } from './dialogs';
import { APP_ORIGIN, FOREIGN_FRAME } from './ipc-guard';
import { createFileGrants } from './transport/file-grants';

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

const appFrame = { url: 'app://densely/index.html', parent: null };
const evilFrame = { url: 'https://evil.example/', parent: null };
const dir = mkdtempSync(join(tmpdir(), 'densely-dialogs-'));

let grants: ReturnType<typeof createFileGrants>;
let handlers: Map<string, Handler>;
const invoke = (channel: string, frame: unknown, ...args: unknown[]) => handlers.get(channel)!({ senderFrame: frame, sender: {} }, ...args);

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  electron.ipcMain.handle.mockReset();
  electron.dialog.showOpenDialog.mockReset();
  electron.dialog.showSaveDialog.mockReset();
  grants = createFileGrants();
  registerDialogs(grants, [APP_ORIGIN]);
  handlers = new Map(electron.ipcMain.handle.mock.calls.map(([channel, h]) => [channel as string, h as Handler]));
});
afterEach(() => vi.restoreAllMocks());

describe('the dialog handlers', () => {
  it('registers the CSV channel on ipcMain (project files are project-files.ts\'s)', () => {
    expect([...handlers.keys()]).toEqual([PICK_CSV]);
  });

  it('show no dialog to a page that is not the app, and say so', async () => {
    expect(await invoke(PICK_CSV, evilFrame)).toEqual({ error: FOREIGN_FRAME });
    // A subframe of the app is not the app either.
    expect(await invoke(PICK_CSV, { url: 'app://densely/index.html', parent: appFrame })).toEqual({ error: FOREIGN_FRAME });
    expect(electron.dialog.showOpenDialog).not.toHaveBeenCalled();
    expect(electron.dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('refuse malformed arguments before any dialog', async () => {
    expect(await invoke(PICK_CSV, appFrame, { path: '/etc/passwd' })).toEqual({ error: expect.stringMatching(/malformed/) });
    expect(electron.dialog.showOpenDialog).not.toHaveBeenCalled();
    expect(electron.dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('hand the page an id for a picked CSV, never its path; the id resolves in main', async () => {
    const csv = join(dir, 'iris.csv');
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [csv] });
    const answer = (await invoke(PICK_CSV, appFrame)) as { fileId: string; name: string };
    expect(answer.name).toBe('iris.csv');
    expect(JSON.stringify(answer)).not.toContain(dir);
    expect(grants.resolve(answer.fileId)).toEqual({ path: csv, name: 'iris.csv' });
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] });
    expect(await invoke(PICK_CSV, appFrame)).toBeNull();
  });
});
