/**
 * The narrow API the preload script exposes on `window.densely` through
 * contextBridge. Types only; the renderer's Electron host consumes it.
 */
import type { ToMain } from './messages';

export interface OpenedFile {
  readonly name: string;
  readonly text: string;
}

/** A project file main read for the renderer; `fileId` names where it lives, the path stays in main. */
export interface OpenedProjectFile extends OpenedFile {
  readonly fileId: string;
  /** Weight files picked with a model.json (issue 11), read by main within MAX_WEIGHT_BYTES together. */
  readonly weightFiles?: readonly { readonly name: string; readonly bytes: Uint8Array }[];
  /** Why picked weight files were not read. */
  readonly weightNote?: string;
}

/** Where a project was saved: its name, and the id that saves there again. */
export interface SavedProjectFile {
  readonly name: string;
  readonly fileId: string;
}

/** A recently opened or saved file, as the renderer may know it: a name and an id, no path. */
export interface RecentFile {
  readonly id: string;
  readonly name: string;
}

type Refused = { readonly error: string };

export interface DenselyPreloadApi {
  /** Sends a request to the trainer service in the main process. */
  send(msg: ToMain): void;
  /** Receives responses and events; returns an unsubscribe function. */
  onMessage(listener: (msg: unknown) => void): () => void;
  /** Shows an open dialog for a CSV; main keeps the path and hands back an id the trainer resolves (no path crosses). */
  pickCsv(): Promise<{ readonly fileId: string; readonly name: string } | Refused | null>;
  /** Shows an open dialog and reads the chosen project; main keeps its place under the returned id. */
  openProjectFile(): Promise<OpenedProjectFile | Refused | null>;
  /** Reads a file from the recent list by its id. */
  openRecentFile(id: string): Promise<OpenedProjectFile | Refused>;
  /** Saves to the file `fileId` names without asking, or asks where when it is null (Save As); null when cancelled. */
  saveProjectFile(fileId: string | null, suggestedName: string, text: string): Promise<SavedProjectFile | Refused | null>;
  /** The last files opened or saved, newest first. */
  listRecentFiles(): Promise<readonly RecentFile[] | Refused>;
  readRecovery(): Promise<string | null | Refused>;
  writeRecovery(text: string): Promise<{ readonly ok: true } | Refused>;
  clearRecovery(): Promise<{ readonly ok: true } | Refused>;
  /** Main asks the page to save before the window closes or reloads (the person chose Save). */
  onSaveThen(listener: (then: 'close' | 'reload') => void): () => void;
  /** A project the system asked to open (file manager, `densely FILE`), read in main as Open reads one. */
  onOpenedBySystem(listener: (file: OpenedProjectFile | Refused) => void): () => void;
}

export const UPLOAD_PATH = '/upload';
export const SOCKET_PATH = '/ws';
/** Largest CSV the web host accepts as an upload, and the trainer imports. */
export const MAX_CSV_BYTES = 512 * 1024 * 1024;
