/** File dialogs for the Electron host; every read is bounded, every write atomic. */
import { BrowserWindow, dialog, ipcMain } from 'electron';
import { basename } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { MAX_PROJECT_FILE_BYTES } from '../src-shared/layers/limits';
import { readTextBounded } from './read-bounded';
import type { FileGrants } from './transport/file-grants';

export const OPEN_PROJECT = 'densely:open-project';
export const SAVE_PROJECT = 'densely:save-project';
export const PICK_CSV = 'densely:pick-csv';

const saveArgs = z.tuple([z.string().max(200), z.string().max(MAX_PROJECT_FILE_BYTES)]);

/** `grants` is where a picked CSV's path stays; the renderer gets only its id. */
export function registerDialogs(grants: FileGrants): void {
  ipcMain.handle(OPEN_PROJECT, async (event) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    const r = await dialog.showOpenDialog(win!, {
      title: 'Open a Densely project',
      filters: [{ name: 'Densely project', extensions: ['json'] }],
      properties: ['openFile'],
    });
    const path = r.filePaths[0];
    if (r.canceled || !path) return null;
    try {
      return { name: basename(path), text: await readTextBounded(path, MAX_PROJECT_FILE_BYTES, 'project file') };
    } catch (e) {
      return { error: (e as Error).message };
    }
  });
  ipcMain.handle(SAVE_PROJECT, async (event, ...args: unknown[]) => {
    const parsed = saveArgs.safeParse(args);
    if (!parsed.success) return { saved: false, error: 'The project could not be saved: the request was malformed.' };
    const [suggested, text] = parsed.data;
    const win = BrowserWindow.fromWebContents(event.sender);
    const r = await dialog.showSaveDialog(win!, {
      title: 'Save the project',
      defaultPath: `${suggested.replace(/[^\w .-]+/g, '_') || 'network'}.densely.json`,
      filters: [{ name: 'Densely project', extensions: ['json'] }],
    });
    if (r.canceled || !r.filePath) return { saved: false };
    try {
      await writeFileAtomic(r.filePath, text, 'utf8');
      return { saved: true };
    } catch (e) {
      return { saved: false, error: `The project could not be saved to ${r.filePath} (${(e as Error).message}); choose another folder.` };
    }
  });
  ipcMain.handle(PICK_CSV, async (event) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    const r = await dialog.showOpenDialog(win!, {
      title: 'Import a CSV dataset',
      filters: [{ name: 'CSV', extensions: ['csv', 'txt'] }],
      properties: ['openFile'],
    });
    const path = r.filePaths[0];
    if (r.canceled || !path) return null;
    const name = basename(path);
    return { fileId: grants.grant(path, name), name };
  });
}
