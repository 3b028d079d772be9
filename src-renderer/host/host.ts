/**
 * What the one renderer needs from wherever it runs (Netron's host idea,
 * with the interface declared): a trainer client, files and storage.
 * Electron, the browser and tests each provide one; nothing here knows which.
 */
import type { TrainerClient } from '../../src-shared/protocol/client';
import type { RequestArgs } from '../../src-shared/protocol/contract';

export type CsvSource = RequestArgs<'importCsv'>['source'];

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
}
