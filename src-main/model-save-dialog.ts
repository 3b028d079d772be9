/**
 * Electron's half of Export > Trained model… (issue 11): main asks the person
 * for a folder and writes model.json and weights.bin there itself, so the
 * files never cross to the page and no path does either (the page learns the
 * folder's name).
 */
import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';
import { basename } from 'node:path';
import { writeModelFiles } from './trainer/model-export';
import type { ServiceOptions } from './trainer/service';

const WRITE_FAILURES: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EISDIR: 'a folder is named model.json or weights.bin there',
};

export function saveModelWithDialog(dialog: Pick<Dialog, 'showOpenDialog'>, win: () => BrowserWindow | null): NonNullable<ServiceOptions['deliverModel']> {
  return async (files) => {
    const options: OpenDialogOptions = {
      title: 'Choose a folder for the trained model (model.json and weights.bin)',
      buttonLabel: 'Save here',
      properties: ['openDirectory', 'createDirectory'],
    };
    const owner = win();
    const r = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    const dir = r.filePaths[0];
    if (r.canceled || !dir) return { cancelled: true };
    try {
      await writeModelFiles(dir, files);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const reason = (code && WRITE_FAILURES[code]) ?? (e as Error).message.replaceAll(dir, basename(dir));
      // The sentence names the folder the person chose, not the folders above it: no path crosses to the page.
      throw new Error(`The model could not be written to ${basename(dir)} (${reason}); choose another folder.`);
    }
    return { savedIn: basename(dir) };
  };
}
