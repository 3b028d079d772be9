/**
 * File dialogs for the Electron host; every read is bounded, every write
 * atomic. Each handler answers only the app's own top frame and validates its
 * arguments (handleChecked) before a dialog is shown.
 */
import { BrowserWindow, dialog, ipcMain, type OpenDialogOptions, type SaveDialogOptions, type WebContents } from 'electron';
import { basename } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { MAX_PROJECT_FILE_BYTES } from '../src-shared/layers/limits';
import { handleChecked } from './ipc-guard';
import { readTextBounded } from './read-bounded';
import type { FileGrants } from './transport/file-grants';

export const OPEN_PROJECT = 'densely:open-project';
export const SAVE_PROJECT = 'densely:save-project';
export const PICK_CSV = 'densely:pick-csv';

/** Why a save failed, in words, for the codes a person can act on. */
const WRITE_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'that folder does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EISDIR: 'a folder has that name',
};

const noArgs = z.tuple([]);
const saveArgs = z.tuple([z.string().max(200), z.string().max(MAX_PROJECT_FILE_BYTES)]);

type DialogIpc = Parameters<typeof handleChecked>[0];

/**
 * `grants` is where a picked CSV's path stays; the renderer gets only its id.
 * `origins` are the pages allowed to ask (trustedOrigins).
 */
export function registerDialogs(grants: FileGrants, origins: readonly string[], ipc: DialogIpc = ipcMain): void {
  const showOpen = (sender: WebContents, options: OpenDialogOptions) => {
    const win = BrowserWindow.fromWebContents(sender);
    return win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options);
  };
  const showSave = (sender: WebContents, options: SaveDialogOptions) => {
    const win = BrowserWindow.fromWebContents(sender);
    return win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options);
  };

  handleChecked(ipc, OPEN_PROJECT, noArgs, origins, async (event) => {
    const r = await showOpen(event.sender, {
      title: 'Open a Densely project',
      filters: [{ name: 'Densely project', extensions: ['json'] }],
      properties: ['openFile'],
    });
    const path = r.filePaths[0];
    if (r.canceled || !path) return null;
    try {
      return { name: basename(path), text: await readTextBounded(path, MAX_PROJECT_FILE_BYTES, 'project file') };
    } catch (e) {
      // The sentence names the file the person chose, not the folders above it: no path crosses to the page.
      return { error: (e as Error).message.replaceAll(path, basename(path)) };
    }
  });

  handleChecked(
    ipc,
    SAVE_PROJECT,
    saveArgs,
    origins,
    async (event, [suggested, text]) => {
      const r = await showSave(event.sender, {
        title: 'Save the project',
        defaultPath: `${suggested.replace(/[^\w .-]+/g, '_') || 'network'}.densely.json`,
        filters: [{ name: 'Densely project', extensions: ['json'] }],
      });
      if (r.canceled || !r.filePath) return { saved: false };
      try {
        await writeFileAtomic(r.filePath, text, 'utf8');
        return { saved: true };
      } catch (e) {
        const name = basename(r.filePath);
        const code = (e as NodeJS.ErrnoException).code;
        const reason = (code && WRITE_FAILURES[code]) ?? (e as Error).message.replaceAll(r.filePath, name);
        return { saved: false, error: `The project could not be saved as ${name} (${reason}); choose another folder.` };
      }
    },
    // The project text is up to MAX_PROJECT_FILE_BYTES; a refusal keeps the channel's { saved, error } shape.
    { maxBytes: 3 * MAX_PROJECT_FILE_BYTES + 4096, refuse: (error) => ({ saved: false, error: `The project was not saved: ${error}` }) },
  );

  handleChecked(ipc, PICK_CSV, noArgs, origins, async (event) => {
    const r = await showOpen(event.sender, {
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
