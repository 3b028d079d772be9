import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { decodeMessage, encodeMessage } from '../../src-shared/protocol/codec';
import type { ToRenderer } from '../../src-shared/protocol/messages';
import { startWebHost, type WebHost } from '../web-host';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkedEmit, createDispatcher, type Handlers } from './dispatcher';
import { createUploadStore } from './upload';

describe('the dispatcher', () => {
  const handlers = {
    pause: async () => ({ ok: true as const }),
    stop: async () => {
      throw new Error('There is no training run to stop; press Train first.');
    },
  } as unknown as Handlers;

  it('answers a malformed message with an error event and, where it had an id, a failed response', async () => {
    const sent: ToRenderer[] = [];
    const dispatch = createDispatcher(handlers, (m) => sent.push(m));
    await dispatch({ type: 'request', id: 4, name: 'train', args: { network: 'nope' } });
    await dispatch(42);
    expect(sent[0]).toMatchObject({ type: 'event', name: 'error', payload: { message: expect.stringMatching(/^The "train" request was not valid: network: /) } });
    expect(sent[1]).toMatchObject({ type: 'response', id: 4, ok: false });
    expect(sent[2]).toMatchObject({ type: 'event', name: 'error', payload: { message: expect.stringMatching(/^A message to the trainer was malformed/) } });
    expect(sent).toHaveLength(3);
  });

  it('routes a valid request and turns a handler\'s error into a failed response with its sentence', async () => {
    const sent: ToRenderer[] = [];
    const dispatch = createDispatcher(handlers, (m) => sent.push(m));
    await dispatch({ type: 'request', id: 1, name: 'pause', args: {} });
    await dispatch({ type: 'request', id: 2, name: 'stop', args: {} });
    expect(sent).toEqual([
      { type: 'response', id: 1, ok: true, result: { ok: true } },
      { type: 'response', id: 2, ok: false, error: 'There is no training run to stop; press Train first.' },
    ]);
  });

  it('never lets an invalid event out of the trainer', () => {
    const sent: ToRenderer[] = [];
    const emit = checkedEmit((m) => sent.push(m));
    emit('epoch', { runId: 1, epoch: Number.NaN as unknown as number, loss: 'x' as unknown as number, samplesPerSec: 1 });
    expect(sent).toEqual([{ type: 'event', name: 'error', payload: { message: 'Internal error: the trainer produced an invalid "epoch" event.' } }]);
  });
});

describe('the web host', () => {
  let host: WebHost;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'densely-renderer-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Densely</title>');
    host = await startWebHost(0, { rendererDir: dir });
  });
  afterAll(() => host.close());

  const origin = () => host.url;
  const connect = (headers: Record<string, string>) => new WebSocket(`${host.url.replace('http', 'ws')}/ws`, { headers });

  it('serves the renderer on 127.0.0.1', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(host.url + '/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Densely</title>');
  });

  it('answers garbage on the socket with an error event and keeps serving', async () => {
    const ws = connect({ origin: origin() });
    const received: unknown[] = [];
    ws.on('message', (d) => received.push(decodeMessage(String(d))));
    await new Promise((ok) => ws.once('open', ok));
    ws.send('{not json');
    ws.send(encodeMessage({ type: 'request', id: 9, name: 'listDatasets', args: {} }));
    await expect.poll(() => received.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(received[0]).toEqual({ type: 'event', name: 'error', payload: { message: 'The trainer received a message that is not valid JSON; it was ignored.' } });
    expect(received[1]).toMatchObject({ type: 'response', id: 9, ok: true, result: { datasets: expect.arrayContaining([expect.objectContaining({ name: 'digits' })]) } });
    ws.close();
  });

  it('refuses a socket from another origin', async () => {
    const ws = connect({ origin: 'http://evil.example' });
    const outcome = await new Promise<string>((ok) => {
      ws.once('open', () => ok('open'));
      ws.once('error', (e) => ok(e.message));
    });
    expect(outcome).toMatch(/403/);
  });

  it('takes an upload from its own page and hands out an id', async () => {
    const r = await fetch(host.url + '/upload', { method: 'POST', headers: { origin: origin() }, body: 'a,b\n1,2\n' });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ uploadId: expect.any(String) });
    const foreign = await fetch(host.url + '/upload', { method: 'POST', headers: { origin: 'http://evil.example' }, body: 'a\n1\n' });
    expect(foreign.status).toBe(403);
  });

});

describe('the upload store', () => {
  it('keeps an upload within the limit and refuses a larger one with a sentence, keeping nothing', async () => {
    const store = await createUploadStore(10);
    const server = createServer((req, res) => store.handle(req, res));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const small = await fetch(url, { method: 'POST', body: 'a,b\n1,2\n' });
      const { uploadId } = (await small.json()) as { uploadId: string };
      expect(readFileSync(store.resolve(uploadId)!, 'utf8')).toBe('a,b\n1,2\n');
      const big = await fetch(url, { method: 'POST', body: 'x'.repeat(100) });
      expect(big.status).toBe(413);
      expect(await big.json()).toEqual({ error: 'The file is 100 bytes, more than the 10 Densely imports; use a smaller file.' });
    } finally {
      server.close();
      await store.dispose();
    }
  });
});
