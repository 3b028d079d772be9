/**
 * The CSV dialog for the Electron host (project files are in
 * project-files.ts). The handler answers only the app's own top frame and
 * validates its arguments (handleChecked) before a dialog is shown; the
 * picked path stays in main, the page gets an id.
 */
import { BrowserWindow, dialog, ipcMain, type OpenDialogOptions, type WebContents } from 'electron';
import { basename } from 'node:path';
import { z } from 'zod';
import { handleChecked } from './ipc-guard';
import type { FileGrants } from './transport/file-grants';

export const PICK_CSV = 'densely:pick-csv';

const noArgs = z.tuple([]);

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
