/**
 * Project files in the Electron app, kept in main: where each open document
 * lives (the renderer holds only an id), the last eight files opened or saved
 * (userData/recent.json), the recovery copy of unsaved work
 * (userData/recovery/), and the Save / Don't Save / Cancel question before a
 * window with unsaved changes closes or reloads. No path crosses to the
 * renderer: it sees file names and ids.
 */
import type { BrowserWindow, Dialog, IpcMain, WebContents } from 'electron';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { MAX_PROJECT_FILE_BYTES } from '../src-shared/layers/limits';
import { weightBytesRefusal } from '../src-shared/import/layers-weights';
import type { OpenedProjectFile, RecentFile, SavedProjectFile } from '../src-shared/protocol/preload-api';
import { cleanStaleTempFiles, isProjectFileName, saveTextAtomic } from './atomic-save';
import { handleChecked } from './ipc-guard';
import { readTextBounded } from './read-bounded';

export const MAX_RECENT_FILES = 8;

/** A project's text as JSON, escaped at worst (a quote or backslash doubles), plus the other arguments. */
const PROJECT_REQUEST_BYTES = 2 * MAX_PROJECT_FILE_BYTES + 4096;

/** Why a save failed, in words, for the codes a person can act on. */
const WRITE_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'that folder does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EISDIR: 'a folder has that name',
};
const RECENT_FILE = 'recent.json';
const RECOVERY_DIR = 'recovery';
const RECOVERY_FILE = 'recovery.densely.json';

export const PROJECT_CHANNELS = {
  open: 'densely:project-open',
  openRecent: 'densely:project-open-recent',
  save: 'densely:project-save',
  listRecent: 'densely:recent-list',
  readRecovery: 'densely:recovery-read',
  writeRecovery: 'densely:recovery-write',
  clearRecovery: 'densely:recovery-clear',
  /** Main to renderer: save, then close the window or reload it. */
  saveThen: 'densely:save-then',
  /** Main to renderer: a project the system asked to open (file manager, `densely FILE`, macOS open-file), read as Open reads one. */
  openedBySystem: 'densely:project-opened-by-system',
} as const;

/** Asks the person for a file; null when they cancel. */
export interface FilePickers {
  /** One path, or several: a model.json with its weight files (issue 11). */
  open(): Promise<string | readonly string[] | null>;
  save(suggestedName: string): Promise<string | null>;
}

export type Failure = { readonly error: string };

export interface ProjectFiles {
  open(pick: FilePickers['open']): Promise<OpenedProjectFile | Failure | null>;
  openRecent(id: string): Promise<OpenedProjectFile | Failure>;
  /** Saves to the file `fileId` names without asking; asks where when there is none (Save As passes null). */
  save(fileId: string | null, suggestedName: string, text: string, pick: FilePickers['save']): Promise<SavedProjectFile | Failure | null>;
  listRecent(): readonly RecentFile[];
  readRecovery(): Promise<string | null>;
  writeRecovery(text: string): Promise<void>;
  clearRecovery(): Promise<void>;
  /** Removes temp files killed saves left in the recovery folder, userData and the folders of recent files. */
  cleanStaleTempFiles(): Promise<string[]>;
}

/** The project-file logic, free of Electron so that it can be tested with plain folders. */
export async function createProjectFiles(userData: string): Promise<ProjectFiles> {
  const recoveryDir = join(userData, RECOVERY_DIR);
  const recoveryPath = join(recoveryDir, RECOVERY_FILE);
  const recentPath = join(userData, RECENT_FILE);
  const idsByPath = new Map<string, string>();
  const pathsById = new Map<string, string>();
  let recent: string[] = await readRecent(recentPath);

  const idFor = (path: string): string => {
    let id = idsByPath.get(path);
    if (!id) {
      id = randomUUID();
      idsByPath.set(path, id);
      pathsById.set(id, path);
    }
    return id;
  };

  const remember = async (path: string): Promise<void> => {
    recent = [path, ...recent.filter((p) => p !== path)].slice(0, MAX_RECENT_FILES);
    try {
      await mkdir(userData, { recursive: true });
      await saveTextAtomic(recentPath, JSON.stringify({ recent }, null, 2) + '\n');
    } catch {
      // The list is a convenience; the file itself was read or saved.
    }
  };

  const forget = async (path: string): Promise<void> => {
    recent = recent.filter((p) => p !== path);
    try {
      await saveTextAtomic(recentPath, JSON.stringify({ recent }, null, 2) + '\n');
    } catch {
      // As above.
    }
  };

  const read = async (path: string): Promise<OpenedProjectFile | Failure> => {
    try {
      const text = await readTextBounded(path, MAX_PROJECT_FILE_BYTES, 'project file');
      await remember(path);
      return { name: basename(path), text, fileId: idFor(path) };
    } catch (e) {
      // The sentence names the file the person chose, not the folders above it: no path crosses to the page.
      return { error: (e as Error).message.replaceAll(path, basename(path)) };
    }
  };

  return {
    async open(pick) {
      const picked = await pick();
      if (picked === null || typeof picked === 'string') return picked ? read(picked) : null;
      // A model.json picked with its weight files (issue 11): the weights come along, bounded before a byte is read.
      const jsons = picked.filter((p) => /\.json$/i.test(p));
      if (jsons.length !== 1) return { error: `Pick one .json file (a project, or a model.json with its .bin weight files), not ${jsons.length}.` };
      const opened = await read(jsons[0]!);
      const others = picked.filter((p) => p !== jsons[0]);
      if ('error' in opened || others.length === 0) return opened;
      return { ...opened, ...(await readWeightFiles(others)) };
    },
    async openRecent(id) {
      const path = pathsById.get(id);
      if (!path || !recent.includes(path)) return { error: 'That file is no longer in the recent list; open it with Open….' };
      const r = await read(path);
      if ('error' in r) {
        await forget(path);
        return { error: `${basename(path)} could not be opened from the recent list: ${r.error} It was taken off the list.` };
      }
      return r;
    },
    async save(fileId, suggestedName, text, pick) {
      let path = fileId ? pathsById.get(fileId) : undefined;
      if (fileId && !path) return { error: 'Densely no longer knows where that file is; use Save As… to choose a place.' };
      path ??= (await pick(suggestedName)) ?? undefined;
      if (!path) return null;
      try {
        await saveTextAtomic(path, text);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const reason = (code && WRITE_FAILURES[code]) ?? (e as Error).message.replaceAll(path, basename(path));
        return { error: `The project could not be saved as ${basename(path)} (${reason}); use Save As… to choose another folder.` };
      }
      await remember(path);
      return { name: basename(path), fileId: idFor(path) };
    },
    listRecent: () => recent.map((path) => ({ id: idFor(path), name: basename(path) })),
    async readRecovery() {
      try {
        return await readTextBounded(recoveryPath, MAX_PROJECT_FILE_BYTES, 'recovery copy');
      } catch {
        return null;
      }
    },
    async writeRecovery(text) {
      await mkdir(recoveryDir, { recursive: true });
      await saveTextAtomic(recoveryPath, text);
    },
    async clearRecovery() {
      await rm(recoveryPath, { force: true });
    },
    async cleanStaleTempFiles() {
      const folders = new Set([recoveryDir, ...recent.map((p) => dirname(p))]);
      const removed: string[] = [];
      for (const dir of folders) removed.push(...(await cleanStaleTempFiles(dir)).map((n) => join(dir, n)));
      removed.push(...(await cleanStaleTempFiles(userData, (n) => n === RECENT_FILE)).map((n) => join(userData, n)));
      return removed;
    },
  };
}

/** Weight files picked with a model.json, read only within MAX_WEIGHT_BYTES together; past it, the sentence instead. */
async function readWeightFiles(paths: readonly string[]): Promise<Pick<OpenedProjectFile, 'weightFiles' | 'weightNote'>> {
  try {
    const sizes = await Promise.all(paths.map(async (p) => (await stat(p)).size));
    const tooLarge = weightBytesRefusal(sizes.reduce((a, b) => a + b, 0));
    if (tooLarge) return { weightNote: tooLarge };
    return { weightFiles: await Promise.all(paths.map(async (p) => ({ name: basename(p), bytes: new Uint8Array(await readFile(p)) }))) };
  } catch (e) {
    const p = paths.find((q) => (e as Error).message.includes(q));
    return { weightNote: `The weights are not drawn: ${p ? basename(p) : 'a weight file'} could not be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).` };
  }
}

async function readRecent(path: string): Promise<string[]> {
  try {
    const parsed = z.object({ recent: z.array(z.string().max(4096)).max(64) }).safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data.recent.slice(0, MAX_RECENT_FILES) : [];
  } catch {
    return [];
  }
}

const text = z.string().max(MAX_PROJECT_FILE_BYTES);
const suggestedName = z.string().max(200);
const fileId = z.string().max(100);

/** The file dialogs, on the window that asked. */
function pickers(dialog: Dialog, win: BrowserWindow | null): FilePickers {
  const owner = win ?? undefined;
  return {
    async open() {
      // A TensorFlow.js model.json opens too, with its .bin weight files picked beside it (issue 11).
      const options = {
        title: 'Open a Densely project or a TensorFlow.js model',
        filters: [{ name: 'Densely project or TensorFlow.js model (model.json with its .bin files)', extensions: ['json', 'bin'] }],
        properties: ['openFile' as const, 'multiSelections' as const],
      };
      const r = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      if (r.canceled || r.filePaths.length === 0) return null;
      return r.filePaths.length === 1 ? r.filePaths[0]! : r.filePaths;
    },
    async save(suggested) {
      const base = suggested.replace(/[^\w .-]+/g, '_') || 'network';
      const options = {
        title: 'Save the project',
        defaultPath: isProjectFileName(base) ? base : `${base.replace(/\.json$/, '')}.densely.json`,
        filters: [{ name: 'Densely project', extensions: ['json'] }],
      };
      const r = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
  };
}

/**
 * Registers the project-file IPC handlers (each checks its sender frame and
 * bounds its payload) after cleaning up what killed saves left behind.
 * Call once, when the app is ready.
 */
export async function registerProjectFiles(electron: { ipcMain: IpcMain; dialog: Dialog; BrowserWindow: typeof BrowserWindow }, userData: string, origins: readonly string[]): Promise<ProjectFiles> {
  const { ipcMain, dialog } = electron;
  const files = await createProjectFiles(userData);
  await files.cleanStaleTempFiles();
  const windowOf = (sender: WebContents) => electron.BrowserWindow.fromWebContents(sender);
  handleChecked(ipcMain, PROJECT_CHANNELS.open, z.tuple([]), origins, (event) => files.open(pickers(dialog, windowOf(event.sender)).open));
  handleChecked(ipcMain, PROJECT_CHANNELS.openRecent, z.tuple([fileId]), origins, (_event, [id]) => files.openRecent(id));
  handleChecked(
    ipcMain,
    PROJECT_CHANNELS.save,
    z.tuple([fileId.nullable(), suggestedName, text]),
    origins,
    (event, [id, name, body]) => files.save(id, name, body, pickers(dialog, windowOf(event.sender)).save),
    { maxBytes: PROJECT_REQUEST_BYTES },
  );
  handleChecked(ipcMain, PROJECT_CHANNELS.listRecent, z.tuple([]), origins, () => files.listRecent());
  handleChecked(ipcMain, PROJECT_CHANNELS.readRecovery, z.tuple([]), origins, () => files.readRecovery());
  const saying = (what: string) => (e: unknown) => ({ error: `The recovery copy could not be ${what} (${(e as Error).message}).` });
  handleChecked(ipcMain, PROJECT_CHANNELS.writeRecovery, z.tuple([text]), origins, (_event, [body]) => files.writeRecovery(body).then(() => ({ ok: true }), saying('written')), {
    maxBytes: PROJECT_REQUEST_BYTES,
  });
  handleChecked(ipcMain, PROJECT_CHANNELS.clearRecovery, z.tuple([]), origins, () => files.clearRecovery().then(() => ({ ok: true }), saying('deleted')));
  return files;
}

/**
 * The project file named on a command line (`densely path/to/net.densely.json`, or the file manager's Exec line),
 * resolved against the folder it was given in; null when there is none. Chromium and Electron add switches of their
 * own (and a second instance's argv carries them too), so only a non-switch argument naming a .json file counts,
 * the last one winning, and never the value of --backend. A file:// URL (a desktop entry's %U) reads as its path.
 */
export function projectPathInArgs(args: readonly string[], cwd: string): string | null {
  let found: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--backend') i++;
    else if (!a.startsWith('-') && /\.json$/i.test(a)) found = a;
  }
  if (found === null) return null;
  // The desktop entry's Exec line takes %U: a file manager may hand over file:// URLs rather than paths.
  if (/^file:\/\//i.test(found)) {
    try {
      return fileURLToPath(found);
    } catch {
      return null;
    }
  }
  return resolve(cwd, found);
}

/** Where the system's requests to open a project go: a window that is ready for them. */
export interface ProjectWindow {
  readonly webContents: { send(channel: string, ...args: unknown[]): void };
}

/**
 * Opens a project the system asked for in `win`, through the same read as Open (bounded, remembered in the recent
 * list, its path kept here under an id): the renderer gets the name, the text and the id, or the sentence saying
 * why the file could not be read. The path never crosses.
 */
export async function openForSystem(files: Pick<ProjectFiles, 'open'>, path: string, win: ProjectWindow): Promise<void> {
  const opened = await files.open(async () => path);
  if (opened) win.webContents.send(PROJECT_CHANNELS.openedBySystem, opened);
}

export type UnsavedChoice = 'save' | 'discard' | 'cancel';

/**
 * Asks before a window with unsaved changes closes, quits or reloads. The
 * renderer keeps a beforeunload handler while its document is unsaved;
 * Electron then emits 'will-prevent-unload', where main asks. Save cancels
 * the unload, has the renderer save, and the renderer closes or reloads once
 * it has saved; Don't Save deletes the recovery copy and lets the unload go on.
 */
export function guardUnsavedChanges(win: BrowserWindow, dialog: Pick<Dialog, 'showMessageBoxSync'>, files: Pick<ProjectFiles, 'clearRecovery'>): void {
  let closing = false;
  win.on('close', () => {
    closing = true;
  });
  win.webContents.on('will-prevent-unload', (event) => {
    const then = closing ? 'close' : 'reload';
    closing = false;
    const choice = askUnsaved(dialog, win, then);
    if (choice === 'discard') {
      event.preventDefault();
      void files.clearRecovery().catch(() => {});
    } else if (choice === 'save') {
      win.webContents.send(PROJECT_CHANNELS.saveThen, then);
    }
  });
}

export function askUnsaved(dialog: Pick<Dialog, 'showMessageBoxSync'>, win: BrowserWindow, then: 'close' | 'reload'): UnsavedChoice {
  const index = dialog.showMessageBoxSync(win, {
    type: 'warning',
    buttons: ['Save', "Don't Save", 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    title: 'Unsaved changes',
    message: `Save the changes to ${win.getTitle().replace(/^• /, '').replace(/ — Densely$/, '')} before ${then === 'close' ? 'closing' : 'reloading'}?`,
    detail: "Your changes are lost if you don't save them.",
  });
  return index === 0 ? 'save' : index === 1 ? 'discard' : 'cancel';
}
