/**
 * Reads a file only after checking, by stat, that it is a regular file no
 * larger than `maxBytes`: a FIFO, a device or a folder is refused before it is
 * opened (opening a FIFO for reading blocks until a writer comes; /dev/zero
 * never ends), and a 2 GiB file is refused without reading a byte.
 */
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { formatCount } from '../src-shared/format';
import { decodeText } from '../src-shared/text/decode';

export class FileReadError extends Error {}

/** What a file that is not a regular one is, in words a person knows. */
export function describeNonRegular(s: Stats): string | null {
  if (s.isFile()) return null;
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** One sentence for a failed stat or open of `path`. */
export function describeOpenError(e: unknown, path: string, what: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `There is no ${what} at ${path}; check the path.`;
  if (code === 'ENOTDIR') return `There is no ${what} at ${path}: a part of the path before the name is a file, not a folder; check the path.`;
  if (code === 'ELOOP') return `${path} is a symbolic link that loops back on itself, so there is no ${what} behind it; check the path.`;
  if (code === 'EISDIR') return `${path} is a folder, not a ${what}; name a file.`;
  if (code === 'EACCES' || code === 'EPERM') return `${path} can't be read (permission denied); check its permissions.`;
  if (code === 'ENAMETOOLONG') return `The path ${path.slice(0, 60)}... is too long for this system; check the path.`;
  return `${path} can't be opened (${code ?? (e as Error).message}).`;
}

/** Checks `path` by stat alone: a regular file within `maxBytes`, else a FileReadError. Returns its stat. */
export async function statBounded(path: string, maxBytes: number, what: string): Promise<Stats> {
  let s: Stats;
  try {
    s = await stat(path);
  } catch (e) {
    throw new FileReadError(describeOpenError(e, path, what));
  }
  const kind = describeNonRegular(s);
  if (kind === 'a folder') throw new FileReadError(`${path} is a folder, not a ${what}; name a file.`);
  if (kind) throw new FileReadError(`${path} is ${kind}, not a ${what}; name a regular file.`);
  if (s.size > maxBytes)
    throw new FileReadError(`${path} is ${formatCount(s.size)} bytes, more than the ${formatCount(maxBytes)} a ${what} may have; use a smaller file.`);
  return s;
}

/** The file's bytes, bounded as above. */
export async function readBytesBounded(path: string, maxBytes: number, what = 'file'): Promise<Buffer> {
  const before = await statBounded(path, maxBytes, what);
  let handle;
  try {
    // O_NONBLOCK: should the path have been swapped for a FIFO since the stat, open returns at once instead of waiting for a writer.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new FileReadError(describeOpenError(e, path, what));
  }
  try {
    const s = await handle.stat();
    if (!s.isFile() || s.ino !== before.ino || s.dev !== before.dev) throw new FileReadError(`${path} changed while it was being opened; try again.`);
    if (s.size > maxBytes)
      throw new FileReadError(`${path} is ${formatCount(s.size)} bytes, more than the ${formatCount(maxBytes)} a ${what} may have; use a smaller file.`);
    // Read at most maxBytes + 1, in case the file grew after stat.
    const buffer = Buffer.alloc(Math.min(s.size, maxBytes) + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > maxBytes) throw new FileReadError(`${path} is more than the ${formatCount(maxBytes)} bytes a ${what} may have; use a smaller file.`);
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/** The file as text, decoded by the one rule of src-shared/text/decode.ts (a byte-order mark says UTF-8 or UTF-16; otherwise UTF-8 only). */
export async function readTextBounded(path: string, maxBytes: number, what = 'file'): Promise<string> {
  const decoded = decodeText(await readBytesBounded(path, maxBytes, what));
  if (!decoded.ok) throw new FileReadError(`${path}: ${decoded.error}`);
  return decoded.text;
}
