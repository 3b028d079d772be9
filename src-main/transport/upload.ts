/**
 * Receives a CSV upload from the browser host into a private temporary
 * file, bounded in size, and hands out an id the trainer resolves to its path.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_CSV_BYTES } from '../../src-shared/protocol/preload-api';
import { formatCount } from '../../src-shared/format';


export interface UploadStore {
  handle(req: IncomingMessage, res: ServerResponse): void;
  resolve(id: string): string | undefined;
  dispose(): Promise<void>;
}

export async function createUploadStore(maxBytes = MAX_CSV_BYTES): Promise<UploadStore> {
  const dir = await mkdtemp(join(tmpdir(), 'densely-uploads-'));
  const files = new Map<string, string>();
  const reply = (res: ServerResponse, status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  return {
    handle(req, res) {
      const declared = Number(req.headers['content-length'] ?? NaN);
      if (Number.isFinite(declared) && declared > maxBytes) {
        req.resume();
        return reply(res, 413, { error: `The file is ${formatCount(declared)} bytes, more than the ${formatCount(maxBytes)} Densely imports; use a smaller file.` });
      }
      const id = randomUUID();
      const path = join(dir, `${id}.csv`);
      const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
      let received = 0;
      let failed = false;
      const fail = (status: number, error: string) => {
        if (failed) return;
        failed = true;
        out.destroy();
        req.unpipe(out);
        req.resume();
        void rm(path, { force: true });
        reply(res, status, { error });
      };
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) fail(413, `The file is more than the ${formatCount(maxBytes)} bytes Densely imports; use a smaller file.`);
      });
      req.on('error', () => fail(400, 'The upload was interrupted; try again.'));
      out.on('error', (e) => fail(500, `The upload could not be stored (${e.message}); check the free disk space.`));
      out.on('finish', () => {
        if (failed) return;
        files.set(id, path);
        reply(res, 200, { uploadId: id });
      });
      req.pipe(out);
    },
    resolve: (id) => files.get(id),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
