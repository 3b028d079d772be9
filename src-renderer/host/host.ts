/**
 * What the one renderer needs from wherever it runs (Netron's host idea,
 * with the interface declared): a trainer client, files and storage.
 * Electron, the browser and tests each provide one; nothing here knows which.
 */
import type { TrainerClient } from '../../src-shared/protocol/client';
import type { RequestArgs } from '../../src-shared/protocol/contract';

export type CsvSource = RequestArgs<'importCsv'>['source'];

/** Whether the trainer can be reached; `message` says what a person should know when it cannot. */
export interface ConnectionState {
  readonly connected: boolean;
  readonly message: string;
}

export interface Host {
  readonly kind: 'electron' | 'browser' | 'memory';
  readonly trainer: TrainerClient;
  /** Asks the person for a project file; null when they cancel. Throws Error with a sentence when the file can't be read. */
  openProject(): Promise<{ name: string; text: string } | null>;
  /** Saves the project text; false when the person cancels. Throws Error with a sentence on failure. */
  saveProject(suggestedName: string, text: string): Promise<boolean>;
  /**
   * Asks for a CSV file and makes it readable by the trainer (a path in
   * Electron, an upload in the browser), reporting upload progress from 0 to 1.
   */
  chooseCsv(onProgress: (fraction: number) => void): Promise<{ source: CsvSource; name: string } | null>;
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
