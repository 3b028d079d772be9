/**
 * Receives CSV uploads from the browser host into private temporary files
 * and hands out ids the trainer resolves (no path crosses to the page).
 *
 * Everything is bounded before it is written: how many uploads run at once,
 * each file's size and the bytes all uploads hold on disk together. A limit
 * is checked before each chunk is written, so a refused upload never leaves
 * a byte past it. A file is deleted as soon as it has been imported, and the
 * folders a killed host left behind are removed at the next start.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir, userInfo } from 'node:os';
import { basename, join } from 'node:path';
import { formatCount } from '../../src-shared/format';
import { MAX_CSV_BYTES } from '../../src-shared/protocol/preload-api';
import type { FileGrant } from './file-grants';

export interface UploadLimits {
  /** One file's size: what the trainer imports at most. */
  readonly fileBytes: number;
  /** All uploads on disk together, the ones still arriving included. */
  readonly totalBytes: number;
  /** Uploads arriving at the same time. */
  readonly concurrent: number;
}

export const UPLOAD_LIMITS: UploadLimits = { fileBytes: MAX_CSV_BYTES, totalBytes: 2 * MAX_CSV_BYTES, concurrent: 3 };

/** The one parent of every host's upload folder, per user, so that a start can find what a killed host left. */
export function defaultUploadRoot(): string {
  const who = process.getuid?.() ?? userInfo().username;
  return join(tmpdir(), `densely-uploads-${who}`);
}

export interface UploadStore {
  /** This start's folder (inside the root); removed by dispose(). */
  readonly dir: string;
  handle(req: IncomingMessage, res: ServerResponse): void;
  resolve(id: string): FileGrant | undefined;
  /** Deletes an upload and forgets its id: after its import, whether it succeeded or not. */
  release(id: string): Promise<void>;
  /** Bytes the store holds on disk now (arriving uploads included). */
  bytesHeld(): number;
  dispose(): Promise<void>;
}

export interface UploadStoreOptions {
  readonly limits?: Partial<UploadLimits>;
  readonly root?: string;
}

/** The root must be ours alone: a folder (not a link) owned by this user that nobody else can enter. */
async function prepareRoot(root: string): Promise<void> {
  await mkdir(root, { recursive: true, mode: 0o700 });
  const st = await lstat(root);
  if (!st.isDirectory() || st.isSymbolicLink())
    throw new Error(`The upload folder ${root} is not a plain folder; remove it and start again.`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid)
    throw new Error(`The upload folder ${root} belongs to another user; remove it (or set TMPDIR elsewhere) and start again.`);
  if ((st.mode & 0o077) !== 0) await chmod(root, 0o700);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the folders of hosts that are no longer running (each folder is named after its host's process id). */
export async function removeStaleUploads(root: string): Promise<string[]> {
  const removed: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const pid = /^(\d+)-/.exec(entry.name)?.[1];
    if (!entry.isDirectory() || pid === undefined || isRunning(Number(pid))) continue;
    await rm(join(root, entry.name), { recursive: true, force: true });
    removed.push(entry.name);
  }
  return removed;
}

const mb = (n: number) => `${formatCount(Math.round(n / (1024 * 1024)))} MB`;

export async function createUploadStore(options: UploadStoreOptions = {}): Promise<UploadStore> {
  const limits: UploadLimits = { ...UPLOAD_LIMITS, ...options.limits };
  const root = options.root ?? defaultUploadRoot();
  await prepareRoot(root);
  await removeStaleUploads(root);
  const dir = await mkdtemp(join(root, `${process.pid}-`));
  const files = new Map<string, FileGrant & { bytes: number }>();
  let held = 0;
  let arriving = 0;

  const reply = (res: ServerResponse, status: number, body: object) => {
    if (res.headersSent) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const tooLarge = (bytes?: number) =>
    bytes === undefined
      ? `The file is more than the ${formatCount(limits.fileBytes)} bytes Densely imports; use a smaller file.`
      : `The file is ${formatCount(bytes)} bytes, more than the ${formatCount(limits.fileBytes)} Densely imports; use a smaller file.`;
  const storeFull = () =>
    `The web host already holds ${mb(held)} of uploads waiting to be imported, and this file would pass its ${mb(limits.totalBytes)} limit; import those first, or restart \`npm run web\`.`;

  return {
    dir,
    handle(req, res) {
      if (arriving >= limits.concurrent) {
        req.resume();
        return reply(res, 429, { error: `Densely is already receiving ${limits.concurrent} uploads; wait for them to finish, then try again.` });
      }
      const declared = Number(req.headers['content-length'] ?? NaN);
      if (Number.isFinite(declared) && declared > limits.fileBytes) {
        req.resume();
        return reply(res, 413, { error: tooLarge(declared) });
      }
      if (Number.isFinite(declared) && held + declared > limits.totalBytes) {
        req.resume();
        return reply(res, 507, { error: storeFull() });
      }
      arriving++;
      const id = randomUUID();
      const path = join(dir, `${id}.csv`);
      const given = req.headers['x-filename'];
      let name = 'upload.csv';
      try {
        if (typeof given === 'string' && given) name = basename(decodeURIComponent(given)).slice(0, 200) || name;
      } catch {
        // A malformed name is only cosmetic; keep the default.
      }
      const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
      let received = 0;
      let settled = false;
      const settle = () => {
        if (settled) return false;
        settled = true;
        arriving--;
        return true;
      };
      const fail = (status: number, error: string) => {
        if (!settle()) return;
        held -= received;
        // The file may still be opening: remove it once the stream has closed, and answer after, so nothing is left behind.
        const closed = new Promise<void>((ok) => (out.closed ? ok() : out.once('close', () => ok())));
        out.destroy();
        // Read the rest and throw it away, so that the browser gets the answer rather than a broken pipe.
        req.resume();
        void closed
          .then(() => rm(path, { force: true }))
          .catch(() => {})
          .then(() => reply(res, status, { error }));
      };
      req.on('data', (chunk: Buffer) => {
        if (settled) return;
        // The limits are checked before the chunk is written: nothing past them ever reaches the disk.
        if (received + chunk.length > limits.fileBytes) return fail(413, tooLarge());
        if (held + chunk.length > limits.totalBytes) return fail(507, storeFull());
        received += chunk.length;
        held += chunk.length;
        if (!out.write(chunk)) {
          req.pause();
          out.once('drain', () => req.resume());
        }
      });
      req.on('end', () => {
        if (!settled) out.end();
      });
      req.on('close', () => {
        if (!req.complete) fail(400, 'The upload was interrupted; try again.');
      });
      req.on('error', () => fail(400, 'The upload was interrupted; try again.'));
      out.on('error', (e) => fail(500, `The upload could not be stored (${e.message}); check the free disk space.`));
      out.on('finish', () => {
        if (!settle()) return;
        files.set(id, { path, name, bytes: received });
        reply(res, 200, { uploadId: id });
      });
    },
    resolve(id) {
      const f = files.get(id);
      return f ? { path: f.path, name: f.name } : undefined;
    },
    async release(id) {
      const f = files.get(id);
      if (!f) return;
      files.delete(id);
      held -= f.bytes;
      await rm(f.path, { force: true });
    },
    bytesHeld: () => held,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
