/**
 * What the one renderer needs from wherever it runs (Netron's host idea,
 * with the interface declared): a trainer client, files and storage.
 * Electron, the browser and tests each provide one; nothing here knows which.
 */
import type { TrainerClient } from '../../src-shared/protocol/client';
import type { RequestArgs } from '../../src-shared/protocol/contract';
import type { RecentFile } from '../../src-shared/protocol/preload-api';

export type { RecentFile };

export type CsvSource = RequestArgs<'importCsv'>['source'];

/** Whether the trainer can be reached; `message` says what a person should know when it cannot. */
export interface ConnectionState {
  readonly connected: boolean;
  readonly message: string;
}

/** A project file as read; `location` (Electron) names where it lives, so that Save can write there again without asking. */
export interface OpenedProject {
  readonly name: string;
  readonly text: string;
  readonly location?: string;
  /** Weight files picked together with a model.json (issue 11), bounded by the host before it read them. */
  readonly weightFiles?: readonly { readonly name: string; readonly bytes: Uint8Array }[];
  /** Why weight files picked with it were not read (past the bound). */
  readonly weightNote?: string;
}

/** Where a project was saved: the file's name and, where the host can write there again, its location id. */
export interface SavedProject {
  readonly name: string;
  readonly location?: string;
}

/**
 * The one copy of unsaved work that outlives a crash or a reload: the
 * page's localStorage in the browser, a file in main's userData in Electron.
 * Every method throws Error with a sentence when the copy can't be kept.
 */
export interface RecoveryStore {
  read(): Promise<string | null>;
  write(text: string): Promise<void>;
  clear(): Promise<void>;
}

export interface Host {
  readonly kind: 'electron' | 'browser' | 'memory';
  readonly trainer: TrainerClient;
  /** Asks the person for a project file; null when they cancel. Throws Error with a sentence when the file can't be read. */
  openProject(): Promise<OpenedProject | null>;
  /**
   * Saves the project text: to `location` without asking when the host knows
   * it, else where the person chooses (Save As passes none). Null when they
   * cancel. Throws Error with a sentence on failure.
   */
  saveProject(suggestedName: string, text: string, location?: string | null): Promise<SavedProject | null>;
  /** The files last opened or saved (Electron only; the browser has none, and the UI hides the menu). */
  readonly recentFiles?: {
    list(): Promise<readonly RecentFile[]>;
    open(id: string): Promise<OpenedProject>;
  };
  readonly recovery: RecoveryStore;
  /** Electron: the person chose Save when asked before closing or reloading; save, then do it. */
  onSaveThen?(listener: (then: 'close' | 'reload') => void): () => void;
  /**
   * Electron: a project the system asked to open (the file manager, `densely FILE`), or the sentence saying why it
   * could not be read. One that arrived before anyone listened is handed to the first listener.
   */
  onOpenedBySystem?(listener: (file: OpenedProject | { readonly error: string }) => void): () => void;
  /**
   * Asks for a CSV file and makes it readable by the trainer (a path in
   * Electron, an upload in the browser), reporting upload progress from 0 to 1.
   */
  chooseCsv(onProgress: (fraction: number) => void): Promise<{ source: CsvSource; name: string } | null>;
  /**
   * Web host (issue 11): fetches an exported model's files by the id exportModel answered, with the token, and hands
   * them to the browser as downloads. Electron needs none: main saved them already.
   */
  downloadModel?(downloadId: string, names: readonly string[]): Promise<void>;
  /** Small preferences that outlive a reload (theme, last template). */
  readonly storage: { get(key: string): string | null; set(key: string, value: string): void };
  /** Calls `listener` now and whenever the trainer connection drops or comes back; returns an unsubscribe function. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

/** localStorage when the page may use it, else a map that lives as long as the page. */
export function pageStorage(): Host['storage'] {
  const fallback = new Map<string, string>();
  return {
    get(key) {
      try {
        return globalThis.localStorage?.getItem(key) ?? fallback.get(key) ?? null;
      } catch {
        return fallback.get(key) ?? null;
      }
    },
    set(key, value) {
      fallback.set(key, value);
      try {
        globalThis.localStorage?.setItem(key, value);
      } catch {
        // Storage can be full or forbidden; the in-memory copy still serves this page.
      }
    },
  };
}

const RECOVERY_KEY = 'densely.recovery';

/**
 * The recovery copy in the page's localStorage: it survives a reload, a
 * crash of the browser tab, and the web host being killed and restarted on
 * the same port (same origin). A page that may not use storage says so.
 */
export function localStorageRecovery(storage: () => Storage | undefined = () => globalThis.localStorage): RecoveryStore {
  const unavailable = (e: unknown) =>
    new Error(`Densely could not keep a recovery copy in this browser (${(e as Error).message}); save your work to keep it.`);
  return {
    async read() {
      try {
        return storage()?.getItem(RECOVERY_KEY) ?? null;
      } catch {
        return null;
      }
    },
    async write(text) {
      try {
        const s = storage();
        if (!s) throw new Error('the page has no storage');
        s.setItem(RECOVERY_KEY, text);
      } catch (e) {
        throw unavailable(e);
      }
    },
    async clear() {
      try {
        storage()?.removeItem(RECOVERY_KEY);
      } catch {
        // Nothing was stored where storage is forbidden.
      }
    },
  };
}

/** A recovery copy that lives as long as the page: for tests and the in-page demo. */
export function memoryRecovery(): RecoveryStore & { text: string | null } {
  const store = {
    text: null as string | null,
    read: async () => store.text,
    write: async (text: string) => void (store.text = text),
    clear: async () => void (store.text = null),
  };
  return store;
}
