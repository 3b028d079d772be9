/**
 * Saving a project so that a crash leaves the old file or the new one, never
 * half of each: write-file-atomic writes a temp file beside the target, syncs
 * it and renames it over. A process killed mid-write leaves that temp file
 * behind (`NAME.densely.json.1234567890`); `cleanStaleTempFiles` removes them
 * at the next start.
 */
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** Writes `text` to `path` atomically, synced to disk before the rename. The one save every Densely file write uses. */
export function saveTextAtomic(path: string, text: string): Promise<void> {
  return writeFileAtomic(path, text, { encoding: 'utf8', fsync: true });
}

/** The files Densely itself writes: project files and its own recovery copy. */
export const isProjectFileName = (name: string): boolean => name.endsWith('.densely.json');

/**
 * write-file-atomic names its temp file `TARGET.` followed by a 32-bit
 * unsigned integer in decimal (lib/index.js, getTmpname); nothing else in a
 * folder looks like that next to a `*.densely.json`.
 */
const TEMP_SUFFIX = /^(.+)\.(\d{1,10})$/;

export function isStaleTempFile(name: string, isTarget: (name: string) => boolean = isProjectFileName): boolean {
  const m = TEMP_SUFFIX.exec(name);
  return m !== null && Number(m[2]) <= 0xffffffff && isTarget(m[1]!);
}

/**
 * Removes the temp files a killed save left in `dir`; returns their names.
 * A missing or unreadable folder is not an error: there is nothing to clean.
 * Another Densely saving into the same folder at this very moment could lose
 * its temp file; its save then fails with a sentence and can be repeated,
 * which is better than leaving every crash's litter forever.
 */
export async function cleanStaleTempFiles(dir: string, isTarget: (name: string) => boolean = isProjectFileName): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!isStaleTempFile(name, isTarget)) continue;
    try {
      await unlink(join(dir, name));
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove; either way nothing more to do.
    }
  }
  return removed;
}
