/** Reads a text file only after checking it is no larger than `maxBytes`. */
import { open } from 'node:fs/promises';
import { formatCount } from '../src-shared/format';

export class FileReadError extends Error {}


export async function readTextBounded(path: string, maxBytes: number, what = 'file'): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new FileReadError(`There is no ${what} at ${path}; check the path.`);
    if (code === 'EISDIR') throw new FileReadError(`${path} is a folder, not a ${what}; name a file.`);
    if (code === 'EACCES') throw new FileReadError(`${path} can't be read (permission denied); check its permissions.`);
    throw new FileReadError(`${path} can't be opened (${code ?? (e as Error).message}).`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new FileReadError(`${path} is not a regular file; name a ${what}.`);
    if (stat.size > maxBytes)
      throw new FileReadError(`${path} is ${formatCount(stat.size)} bytes, more than the ${formatCount(maxBytes)} a ${what} may have.`);
    // Read at most maxBytes + 1, in case the file grew after stat.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > maxBytes) throw new FileReadError(`${path} is more than the ${formatCount(maxBytes)} bytes a ${what} may have.`);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
