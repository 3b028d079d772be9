/**
 * The narrow API the preload script exposes on `window.densely` through
 * contextBridge. Types only; the renderer's Electron host consumes it.
 */
import type { ToMain } from './messages';

export interface OpenedFile {
  readonly name: string;
  readonly text: string;
}

export interface DenselyPreloadApi {
  /** Sends a request to the trainer service in the main process. */
  send(msg: ToMain): void;
  /** Receives responses and events; returns an unsubscribe function. */
  onMessage(listener: (msg: unknown) => void): () => void;
  /** Shows an open dialog and reads the chosen project file (size-bounded in main); null when cancelled. */
  openProject(): Promise<OpenedFile | { readonly error: string } | null>;
  /** Shows a save dialog and writes the text atomically; false when cancelled. */
  saveProject(suggestedName: string, text: string): Promise<{ readonly saved: boolean; readonly error?: string }>;
  /** Shows an open dialog for a CSV; main keeps the path and hands back an id the trainer resolves (no path crosses). */
  pickCsv(): Promise<{ readonly fileId: string; readonly name: string } | null>;
}

export const UPLOAD_PATH = '/upload';
export const SOCKET_PATH = '/ws';
/** Largest CSV the web host accepts as an upload, and the trainer imports. */
export const MAX_CSV_BYTES = 512 * 1024 * 1024;
