import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createUploadStore, type UploadStore, type UploadStoreOptions } from './upload';

const KiB = 1024;
let open: { server: Server; store: UploadStore }[] = [];

async function serve(options: Omit<UploadStoreOptions, 'root'> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'densely-upload-test-'));
  const store = await createUploadStore({ ...options, root });
  const server = createServer((req, res) => store.handle(req, res));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  open.push({ server, store });
  return { store, root, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

afterEach(async () => {
  for (const { server, store } of open) {
    server.closeAllConnections();
    server.close();
    await store.dispose();
  }
  open = [];
});

/** A chunked upload (no length declared) whose body the test writes piece by piece. */
function chunked(url: string) {
  const req = request(url, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } });
  req.on('error', () => {});
  const answer = new Promise<{ status: number; body: string }>((ok) =>
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => ok({ status: res.statusCode!, body }));
    }),
  );
  return { req, answer };
}

const post = (url: string, body: string) => fetch(url, { method: 'POST', body });

describe('the upload store', () => {
  it('keeps an upload within the limit and refuses a declared larger one with a sentence, keeping nothing', async () => {
    const { store, url } = await serve({ limits: { fileBytes: 10 } });
    const small = await post(url, 'a,b\n1,2\n');
    const { uploadId } = (await small.json()) as { uploadId: string };
    expect(readFileSync(store.resolve(uploadId)!.path, 'utf8')).toBe('a,b\n1,2\n');
    const big = await post(url, 'x'.repeat(100));
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ error: 'The file is 100 bytes, more than the 10 Densely imports; use a smaller file.' });
    expect(readdirSync(store.dir)).toEqual([`${uploadId}.csv`]);
  });

  it('refuses a streamed upload as soon as it passes the limit, never writing past it, and deletes what it wrote', async () => {
    const limit = 40 * KiB;
    const { store, url } = await serve({ limits: { fileBytes: limit } });
    const { req, answer } = chunked(url);
    let largest = 0;
    const watch = setInterval(() => {
      for (const f of readdirSync(store.dir)) largest = Math.max(largest, existsSync(join(store.dir, f)) ? statSync(join(store.dir, f)).size : 0);
    }, 1);
    let sent = 0;
    let answered = false;
    void answer.then(() => (answered = true));
    // 100 chunks of 16 KiB (1.6 MB) at a pace the server can answer between: the answer must come after the third.
    for (let i = 0; i < 100 && !answered; i++) {
      req.write(Buffer.alloc(16 * KiB, 0x61));
      sent++;
      await new Promise((r) => setTimeout(r, 5));
    }
    const { status, body } = await answer;
    clearInterval(watch);
    req.destroy();
    expect(status).toBe(413);
    expect(JSON.parse(body)).toEqual({ error: 'The file is more than the 40,960 bytes Densely imports; use a smaller file.' });
    expect(sent).toBeLessThan(100);
    expect(largest).toBeLessThanOrEqual(limit);
    await expect.poll(() => readdirSync(store.dir)).toEqual([]);
    expect(store.bytesHeld()).toBe(0);
  });

  it('bounds the bytes all uploads hold together, and frees them when an upload is released after its import', async () => {
    const { store, url } = await serve({ limits: { fileBytes: 100, totalBytes: 150 } });
    const first = (await (await post(url, 'a'.repeat(100))).json()) as { uploadId: string };
    const refused = await post(url, 'b'.repeat(100));
    expect(refused.status).toBe(507);
    expect(((await refused.json()) as { error: string }).error).toMatch(/^The web host already holds 0 MB of uploads waiting to be imported, and this file would pass its 0 MB limit; import those first/);
    // Streamed without a declared length, the same bound holds chunk by chunk.
    const { req, answer } = chunked(url);
    req.write('c'.repeat(60));
    req.end();
    expect((await answer).status).toBe(507);
    expect(readdirSync(store.dir)).toEqual([`${first.uploadId}.csv`]);
    await store.release(first.uploadId);
    expect(store.resolve(first.uploadId)).toBeUndefined();
    expect(readdirSync(store.dir)).toEqual([]);
    expect((await post(url, 'b'.repeat(100))).status).toBe(200);
  });

  it('counts uploads arriving at once and refuses one more with a sentence', async () => {
    const { url } = await serve({ limits: { concurrent: 1 } });
    const slow = chunked(url);
    slow.req.write('x1,label\n');
    await new Promise((r) => setTimeout(r, 50));
    const second = await post(url, 'x1,label\n1,0\n');
    expect(second.status).toBe(429);
    expect(await second.json()).toEqual({ error: 'Densely is already receiving 1 uploads; wait for them to finish, then try again.' });
    slow.req.end('1,0\n');
    expect((await slow.answer).status).toBe(200);
    expect((await post(url, 'x1,label\n1,0\n')).status).toBe(200);
  });

  it('removes at start the folders hosts that are no longer running left behind, and keeps the others', async () => {
    const root = mkdtempSync(join(tmpdir(), 'densely-upload-test-'));
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    mkdirSync(join(root, `${dead}-abc`));
    writeFileSync(join(root, `${dead}-abc`, 'left.csv'), 'a\n1\n');
    mkdirSync(join(root, `${process.pid}-running`));
    mkdirSync(join(root, 'not-ours'));
    const store = await createUploadStore({ root });
    try {
      expect(readdirSync(root).sort()).toEqual([`${process.pid}-running`, store.dir.split('/').at(-1)!, 'not-ours'].sort());
      expect(statSync(store.dir).mode & 0o777).toBe(0o700);
    } finally {
      await store.dispose();
    }
    expect(existsSync(store.dir)).toBe(false);
  });

  it('refuses an upload root that is a link rather than its own folder', async () => {
    const base = mkdtempSync(join(tmpdir(), 'densely-upload-test-'));
    mkdirSync(join(base, 'elsewhere'));
    symlinkSync(join(base, 'elsewhere'), join(base, 'root'));
    await expect(createUploadStore({ root: join(base, 'root') })).rejects.toThrow(/is not a plain folder; remove it and start again/);
  });
});
