/**
 * An exported model reaches the browser only through the web host's door:
 * a real host, a real socket that trains and exports, then the download
 * asked for with and without the token, from the page's origin and another.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { decodeMessage, encodeMessage } from '../../src-shared/protocol/codec';
import { chainFromWidths } from '../../src-shared/graph/templates';
import { DEFAULT_TRAINING } from '../../src-shared/training/settings';
import type { WebHost } from '../web-host';
import { createDownloadStore, MAX_HELD } from './download';
import { startStubWebHost } from './stub-web-host';

let host: WebHost;
beforeAll(async () => {
  host = await startStubWebHost();
});
afterAll(() => host.close());

function post(path: string, headers: Record<string, string>): Promise<{ status: number; body: Buffer; type?: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method: 'POST', headers: { host: `127.0.0.1:${host.port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode!, body: Buffer.concat(chunks), ...(res.headers['content-type'] ? { type: res.headers['content-type'] } : {}) }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** Trains 2-4-1 on xor over the socket and exports it; resolves the exportModel answer. */
async function trainAndExport(): Promise<{ downloadId: string; files: { name: string; bytes: number }[]; params: number }> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { headers: { origin: host.origin } });
  await new Promise((ok, fail) => (ws.once('open', ok), ws.once('error', fail)));
  const answers = new Map<number, (m: { ok: boolean; result?: unknown; error?: string }) => void>();
  let done: () => void = () => {};
  const finished = new Promise<void>((ok) => (done = ok));
  ws.on('message', (data) => {
    const m = decodeMessage(data.toString()) as { type: string; id?: number; name?: string; ok?: boolean; result?: unknown; error?: string };
    if (m.type === 'response') answers.get(m.id!)?.(m as { ok: boolean });
    if (m.type === 'event' && m.name === 'done') done();
  });
  let next = 0;
  const ask = (name: string, args: unknown) =>
    new Promise<unknown>((ok, fail) => {
      const id = ++next;
      answers.set(id, (m) => (m.ok ? ok(m.result) : fail(new Error(m.error))));
      ws.send(encodeMessage({ type: 'request', id, name, args } as never));
    });
  try {
    await expect(ask('exportModel', {})).rejects.toThrow('There is no trained network to save as a model; train one first.');
    await ask('train', {
      network: { name: 'xor', layers: chainFromWidths([2, 4, 1], 'relu', 'sigmoid') },
      settings: { ...DEFAULT_TRAINING, dataset: 'xor', loss: 'bce', epochs: 2 },
      stream: false,
      startPaused: false,
    });
    await finished;
    return (await ask('exportModel', {})) as never;
  } finally {
    ws.close();
  }
}

describe('downloading an exported model from the web host', () => {
  it('hands model.json and weights.bin to the page that has the token, and refuses everyone else', async () => {
    const exported = await trainAndExport();
    // 2 x 4 + 4 + 4 x 1 + 1 = 17 parameters, 68 bytes of float32.
    expect(exported.params).toBe(17);
    expect(exported.files).toEqual([
      { name: 'model.json', bytes: expect.any(Number) },
      { name: 'weights.bin', bytes: 68 },
    ]);
    const path = (name: string) => `/download/${exported.downloadId}/${name}`;
    const own = { origin: host.origin, 'x-densely-token': host.token };

    // No token, a wrong one, another origin, no origin, a rebinding Host: 403, and not a byte of the model.
    for (const headers of <Record<string, string>[]>[
      { origin: host.origin },
      { origin: host.origin, 'x-densely-token': 'x'.repeat(43) },
      { origin: 'http://evil.example', 'x-densely-token': host.token },
      { 'x-densely-token': host.token },
      { ...own, host: `evil.example:${host.port}` },
    ]) {
      const r = await post(path('weights.bin'), headers);
      expect(r.status).toBe(403);
      expect(r.body.length).toBeLessThan(200);
      expect(r.body.toString()).not.toContain('Sequential');
    }

    const json = await post(path('model.json'), own);
    expect(json.status).toBe(200);
    expect(json.type).toBe('application/json');
    expect(json.body.byteLength).toBe(exported.files[0]!.bytes);
    const model = JSON.parse(json.body.toString());
    expect(model.format).toBe('layers-model');
    expect(model.weightsManifest[0].paths).toEqual(['./weights.bin']);
    const weights = await post(path('weights.bin'), own);
    expect(weights.status).toBe(200);
    expect(weights.body.byteLength).toBe(68);

    // Anything else under /download is not found, in a sentence; a plain GET is not a download.
    const gone = await post(`/download/${'0'.repeat(36)}/model.json`, own);
    expect(gone.status).toBe(404);
    expect(JSON.parse(gone.body.toString()).error).toMatch(/no longer held.*export the model again/);
    // A path that climbs out of /download is no download (405: the host serves nothing else to a POST).
    const climb = await post(path('../../etc/passwd'), own);
    expect([404, 405]).toContain(climb.status);
    expect(climb.body.toString()).not.toContain('root:');
  }, 60_000);

  it('holds at most a few exports at once, the newest', () => {
    const store = createDownloadStore();
    const ids = Array.from({ length: MAX_HELD + 2 }, () => store.offer([{ name: 'model.json', data: new Uint8Array(1), type: 'application/json' }]));
    expect(store.held).toBe(MAX_HELD);
    expect(new Set(ids).size).toBe(ids.length);
    store.dispose();
    expect(store.held).toBe(0);
  });
});
