/**
 * The web host tried as an attacker would, against a real running host with
 * real HTTP and WebSocket clients: issue 7's "done when" for the web host.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsPromises from 'node:fs/promises';
import { request } from 'node:http';
import { syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { decodeMessage, encodeMessage } from '../../src-shared/protocol/codec';
import type { WebHost } from '../web-host';
import { startStubWebHost } from './stub-web-host';

let host: WebHost;
beforeAll(async () => {
  host = await startStubWebHost();
});
afterAll(() => host.close());

/** Opens a socket with the given headers; resolves 'open' or the HTTP status the handshake was refused with. */
function attempt(path: string, headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((ok) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, { headers });
    ws.once('open', () => (ok('open'), ws.close()));
    ws.once('unexpected-response', (_req, res) => (ok(res.statusCode ?? 0), ws.terminate()));
    ws.once('error', () => {});
  });
}

/** A plain GET with a chosen Host header (fetch will not let a test set one). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; ms: number }> {
  const started = performance.now();
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers: { host: `127.0.0.1:${host.port}`, ...headers } }, (res) => {
      res.resume();
      res.on('end', () => ok({ status: res.statusCode!, headers: res.headers, ms: performance.now() - started }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('who may connect', () => {
  const own = () => ({ origin: host.origin });
  const withToken = (t: string) => `/ws?token=${t}`;

  it('lets in the page that carries the token, on 127.0.0.1 or localhost', async () => {
    expect(await attempt(withToken(host.token), own())).toBe('open');
    expect(await attempt(withToken(host.token), { host: `localhost:${host.port}`, origin: `http://localhost:${host.port}` })).toBe('open');
  });

  it('refuses a DNS-rebinding page (Host and Origin both evil.example:PORT), even one that knew the token', async () => {
    const evil = `evil.example:${host.port}`;
    expect(await attempt(withToken(host.token), { host: evil, origin: `http://${evil}` })).toBe(403);
    expect((await get('/', { host: evil })).status).toBe(403);
  });

  it('refuses a connection without the token, or with a wrong one of the same length', async () => {
    expect(await attempt('/ws', own())).toBe(403);
    expect(await attempt(withToken(''), own())).toBe(403);
    const wrong = randomBytes(32).toString('base64url');
    expect(wrong).toHaveLength(host.token.length);
    expect(await attempt(withToken(wrong), own())).toBe(403);
  });

  it('refuses another origin, a missing Origin, and a Host this host does not listen on ([::1])', async () => {
    expect(await attempt(withToken(host.token), { origin: 'http://evil.example' })).toBe(403);
    expect(await attempt(withToken(host.token), { origin: `http://localhost:${host.port}` })).toBe(403);
    expect(await attempt(withToken(host.token), { origin: `https://127.0.0.1:${host.port}` })).toBe(403);
    expect(await attempt(withToken(host.token), {})).toBe(403);
    expect(await attempt(withToken(host.token), { host: `[::1]:${host.port}`, origin: `http://[::1]:${host.port}` })).toBe(403);
  });

  it('tells a page whether its token is the host\'s (so a page from an earlier start can say so)', async () => {
    expect((await get(withToken(host.token))).status).toBe(426);
    expect((await get(withToken('x'.repeat(43)))).status).toBe(403);
  });
});

describe('with the token, no request can name a path', () => {
  /** Every path the trainer's process is asked to open or stat while the test runs. */
  const touched: string[] = [];
  const restore: (() => void)[] = [];
  beforeAll(() => {
    const record = (p: unknown) => {
      if (typeof p === 'string' || p instanceof URL || Buffer.isBuffer(p)) touched.push(resolve(p instanceof URL ? p.pathname : String(p)));
    };
    const spy = (target: Record<string, unknown>, names: string[]) => {
      for (const name of names) {
        const original = target[name] as (...a: unknown[]) => unknown;
        target[name] = function (this: unknown, ...args: unknown[]) {
          record(args[0]);
          return original.apply(this, args);
        };
        restore.push(() => (target[name] = original));
      }
    };
    spy(fs as unknown as Record<string, unknown>, ['open', 'openSync', 'createReadStream', 'readFile', 'readFileSync', 'stat', 'statSync', 'lstat', 'lstatSync']);
    spy(fsPromises as unknown as Record<string, unknown>, ['open', 'readFile', 'stat', 'lstat']);
    // Modules that imported these by name see the spies too.
    syncBuiltinESMExports();
  });
  afterAll(() => {
    restore.forEach((r) => r());
    syncBuiltinESMExports();
  });

  it('refuses every way of naming /etc/passwd, never opens it, and quotes nothing of it', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { headers: { origin: host.origin } });
    const answers = new Map<number, { ok: boolean; error?: string; result?: unknown }>();
    const events: string[] = [];
    ws.on('message', (d) => {
      const m = decodeMessage(String(d)) as { type: string; id: number; ok: boolean; error?: string; result?: unknown; payload?: { message: string } };
      if (m.type === 'response') answers.set(m.id, m);
      else if (m.payload?.message) events.push(m.payload.message);
    });
    await new Promise((ok) => ws.once('open', ok));

    // A real upload, imported under a path-like name: the positive control that the spies see the importer's reads.
    const up = await fetch(`${host.origin}/upload`, { method: 'POST', headers: { origin: host.origin, 'x-densely-token': host.token }, body: 'x1,x2,label\n0,1,0\n1,0,1\n' });
    const { uploadId } = (await up.json()) as { uploadId: string };
    const uploadPath = resolve(host.uploadDir, `${uploadId}.csv`);

    const attempts: unknown[] = [
      { source: { path: '/etc/passwd' }, name: 'p', labelColumn: 'label' },
      { source: { fileId: 'x', path: '/etc/passwd' }, name: 'p', labelColumn: 'label' },
      { source: '/etc/passwd', name: 'p', labelColumn: 'label' },
      { source: { path: 'file:///etc/passwd' }, name: 'p', labelColumn: 'label' },
      { path: '/etc/passwd', name: 'p', labelColumn: 'label' },
      { source: { fileId: '/etc/passwd' }, name: 'p', labelColumn: 'label' },
      { source: { fileId: '../../../../../../etc/passwd' }, name: 'p', labelColumn: 'label' },
      { source: { fileId: uploadId }, name: '/etc/passwd', labelColumn: 'label' },
    ];
    attempts.forEach((args, i) => ws.send(encodeMessage({ type: 'request', id: i + 1, name: 'importCsv', args })));
    await expect.poll(() => answers.size, { timeout: 20_000 }).toBe(attempts.length);

    for (const id of [1, 2, 3, 4, 5]) {
      expect(answers.get(id)).toMatchObject({ ok: false, error: expect.stringMatching(/^The "importCsv" request was not valid: source/) });
    }
    for (const id of [6, 7]) expect(answers.get(id)).toEqual({ type: 'response', id, ok: false, error: 'That file is no longer available to the trainer; choose it again.' });
    // The name is only a dataset's name: the upload is what was read.
    expect(answers.get(8)).toMatchObject({ ok: true, result: { dataset: { name: '/etc/passwd', samples: 2 } } });

    expect(touched).toContain(uploadPath);
    expect(touched.filter((p) => p.includes('passwd'))).toEqual([]);
    const everything = JSON.stringify([...answers.values(), ...events]);
    expect(everything).not.toMatch(/root:|nologin|\/bin\/(ba)?sh/);
    ws.close();
  });
});

/**
 * Another client, on its own thread (as an attacker's process would be): opens
 * a socket by hand and streams one text frame announcing `total` bytes, 64 KiB
 * at a time, until the host closes it. Posts 'streaming' once the body is
 * under way, and then { closeCode, sent } when the host's close frame arrives.
 */
const BIG_FRAME_SENDER = `
const { parentPort, workerData } = require('node:worker_threads');
const { request } = require('node:http');
const { randomBytes } = require('node:crypto');
const { port, token, origin, total } = workerData;
const req = request({ host: '127.0.0.1', port, path: '/ws?token=' + token, headers: {
  host: '127.0.0.1:' + port, origin, connection: 'Upgrade', upgrade: 'websocket',
  'sec-websocket-version': '13', 'sec-websocket-key': randomBytes(16).toString('base64') } });
req.on('response', (res) => parentPort.postMessage({ refused: res.statusCode }));
req.on('upgrade', (_res, socket) => {
  let sent = 0;
  let closeCode = null;
  socket.on('error', () => {});
  socket.on('data', (d) => {
    if (closeCode === null && d[0] === 0x88 && d.length >= 4) {
      closeCode = d.readUInt16BE(2);
      parentPort.postMessage({ closeCode, sent });
    }
  });
  // A masked text frame (mask key 0, so the body goes as it is) whose header announces the whole size.
  const header = Buffer.alloc(14);
  header[0] = 0x81;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(total), 2);
  socket.write(header);
  const chunk = Buffer.alloc(64 * 1024, 0x5b);
  // Paced by the socket (write until it is full, then wait for drain), so that sent is what reached the host's side.
  const pump = () => {
    while (!socket.destroyed && sent < total) {
      const more = socket.write(chunk);
      sent += chunk.length;
      if (sent === chunk.length * 4) parentPort.postMessage({ streaming: true, sent });
      if (!more) return socket.once('drain', pump);
    }
  };
  pump();
});
req.end();
`;

describe('one message cannot freeze the host', () => {
  it('refuses a 50 MiB message from its header, and answers GET / within 100 ms while it arrives', async () => {
    const total = 50 * 1024 * 1024;
    const sender = new Worker(BIG_FRAME_SENDER, { eval: true, workerData: { port: host.port, token: host.token, origin: host.origin, total } });
    let closed: { closeCode: number; sent: number } | null = null;
    let streaming = false;
    sender.on('message', (m: { streaming?: boolean; closeCode?: number; sent: number; refused?: number }) => {
      if (m.refused) throw new Error(`the handshake was refused (${m.refused})`);
      if (m.streaming) streaming = true;
      if (m.closeCode !== undefined) closed = { closeCode: m.closeCode, sent: m.sent };
    });
    try {
      await expect.poll(() => streaming, { timeout: 10_000 }).toBe(true);
      // While the frame is arriving, the page's own address must still answer at once. The best of three
      // filters out a busy machine's scheduling; a host busy with the frame would be slow all three times.
      const during = [await get('/'), await get('/'), await get('/')];
      expect(during.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(Math.min(...during.map((r) => r.ms))).toBeLessThan(100);
      await expect.poll(() => closed, { timeout: 10_000 }).not.toBeNull();
      expect(closed!.closeCode).toBe(1009);
      // Refused from the frame's header: the close came before most of the body was even sent.
      expect(closed!.sent).toBeLessThan(total / 2);
    } finally {
      await sender.terminate();
    }
  });
});
