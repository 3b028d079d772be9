import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

import { OPEN_PROJECT, PICK_CSV, registerDialogs, SAVE_PROJECT } from './dialogs';
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
  it('registers all three channels on ipcMain', () => {
    expect([...handlers.keys()].sort()).toEqual([OPEN_PROJECT, PICK_CSV, SAVE_PROJECT].sort());
  });

  it('show no dialog to a page that is not the app, and say so', async () => {
    expect(await invoke(OPEN_PROJECT, evilFrame)).toEqual({ error: FOREIGN_FRAME });
    expect(await invoke(PICK_CSV, evilFrame)).toEqual({ error: FOREIGN_FRAME });
    expect(await invoke(SAVE_PROJECT, evilFrame, 'net', '{}')).toEqual({ saved: false, error: `The project was not saved: ${FOREIGN_FRAME}` });
    // A subframe of the app is not the app either.
    expect(await invoke(PICK_CSV, { url: 'app://densely/index.html', parent: appFrame })).toEqual({ error: FOREIGN_FRAME });
    expect(electron.dialog.showOpenDialog).not.toHaveBeenCalled();
    expect(electron.dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('refuse malformed arguments before any dialog', async () => {
    expect(await invoke(SAVE_PROJECT, appFrame, 'net')).toMatchObject({ saved: false, error: expect.stringMatching(/malformed/) });
    expect(await invoke(SAVE_PROJECT, appFrame, { path: '/etc/passwd' }, '{}')).toMatchObject({ saved: false });
    expect(await invoke(PICK_CSV, appFrame, { path: '/etc/passwd' })).toEqual({ error: expect.stringMatching(/malformed/) });
    expect(await invoke(OPEN_PROJECT, appFrame, '/etc/passwd')).toEqual({ error: expect.stringMatching(/malformed/) });
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

  it('open a project by reading the chosen file, and save one atomically where the person chose', async () => {
    const project = join(dir, 'xor.densely.json');
    writeFileSync(project, '{"format":"densely"}');
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [project] });
    expect(await invoke(OPEN_PROJECT, appFrame)).toEqual({ name: 'xor.densely.json', text: '{"format":"densely"}' });

    const target = join(dir, 'saved.densely.json');
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    expect(await invoke(SAVE_PROJECT, appFrame, 'my/../net', '{"a":1}')).toEqual({ saved: true });
    expect(readFileSync(target, 'utf8')).toBe('{"a":1}');
    // The suggested name cannot steer the dialog into another folder.
    expect(electron.dialog.showSaveDialog.mock.calls[0]![1]).toMatchObject({ defaultPath: 'my_.._net.densely.json' });
  });

  it('name the chosen file, never its folders, when a read or a write fails', async () => {
    const big = join(dir, 'huge.densely.json');
    writeFileSync(big, 'x'.repeat(3 * 1024 * 1024));
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [big] });
    const opened = (await invoke(OPEN_PROJECT, appFrame)) as { error: string };
    expect(opened.error).toBe('huge.densely.json is 3,145,728 bytes, more than the 2,097,152 a project file may have.');

    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: join(dir, 'no-such-folder', 'net.densely.json') });
    const saved = (await invoke(SAVE_PROJECT, appFrame, 'net', '{}')) as { saved: boolean; error: string };
    expect(saved).toEqual({ saved: false, error: 'The project could not be saved as net.densely.json (that folder does not exist); choose another folder.' });
  });
});
