/**
 * The web host's downloads (issue 11): an exported model's files, held in
 * memory under a random id until the page fetches them. The page asks with
 * `POST /download/<id>/<name>`, checked by the web host as an upload is
 * (token, pinned Host, own Origin) before anything is answered. Bounded: at
 * most MAX_HELD offers at once (a newer one drops the oldest), each for at
 * most HOLD_MS, and the files are whatever the trainer wrote, never a path.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DOWNLOAD_PATH } from '../../src-shared/protocol/contract';

export interface DownloadFile {
  readonly name: string;
  readonly data: Uint8Array;
  readonly type: string;
}

export const MAX_HELD = 4;
export const HOLD_MS = 10 * 60 * 1000;

export interface DownloadStore {
  /** Holds the files and returns the id the page fetches them by. */
  offer(files: readonly DownloadFile[]): string;
  /** Answers an already-checked `POST /download/<id>/<name>`. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Whether `pathname` is a download's. */
  matches(pathname: string): boolean;
  readonly held: number;
  dispose(): void;
}

const json = (res: ServerResponse, status: number, error: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error }));

export function createDownloadStore(holdMs = HOLD_MS): DownloadStore {
  const offers = new Map<string, { files: readonly DownloadFile[]; timer: NodeJS.Timeout }>();
  const drop = (id: string) => {
    const o = offers.get(id);
    if (!o) return;
    clearTimeout(o.timer);
    offers.delete(id);
  };
  return {
    offer(files) {
      while (offers.size >= MAX_HELD) drop(offers.keys().next().value!);
      const id = randomUUID();
      const timer = setTimeout(() => drop(id), holdMs);
      timer.unref();
      offers.set(id, { files, timer });
      return id;
    },
    matches: (pathname) => pathname.startsWith(`${DOWNLOAD_PATH}/`),
    handle(req, res) {
      // The request carries no body worth reading.
      req.resume();
      const [id, name, ...rest] = new URL(req.url ?? '/', 'http://localhost').pathname.slice(DOWNLOAD_PATH.length + 1).split('/');
      const file = rest.length === 0 ? offers.get(id ?? '')?.files.find((f) => f.name === name) : undefined;
      if (!file) return json(res, 404, 'that download is no longer held (it is kept for 10 minutes); export the model again');
      res
        .writeHead(200, {
          'content-type': file.type,
          'content-length': String(file.data.byteLength),
          'content-disposition': `attachment; filename="${file.name}"`,
          'cache-control': 'no-store',
        })
        .end(Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength));
    },
    get held() {
      return offers.size;
    },
    dispose() {
      for (const id of [...offers.keys()]) drop(id);
    },
  };
}
