import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { decodeMessage, encodeMessage } from '../../src-shared/protocol/codec';
import type { ToRenderer } from '../../src-shared/protocol/messages';
import type { WebHost } from '../web-host';
import { readdirSync } from 'node:fs';
import { checkedEmit, createDispatcher, type Handlers } from './dispatcher';
import { startStubWebHost } from './stub-web-host';

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
    host = await startStubWebHost();
  });
  afterAll(() => host.close());

  const connect = (headers: Record<string, string>, token = host.token) =>
    new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${token}`, { headers });

  it('prints an address with a fresh random token, and serves the renderer on 127.0.0.1', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const res = await fetch(host.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Densely</title>');
  });

  it('answers garbage on the socket with an error event and keeps serving', async () => {
    const ws = connect({ origin: host.origin });
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

  it('takes an upload from its own page with the token, and refuses one without it or from elsewhere', async () => {
    const post = (headers: Record<string, string>) => fetch(`${host.origin}/upload`, { method: 'POST', headers, body: 'a,b\n1,2\n' });
    const r = await post({ origin: host.origin, 'x-densely-token': host.token });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ uploadId: expect.any(String) });
    expect((await post({ origin: host.origin })).status).toBe(403);
    expect((await post({ origin: host.origin, 'x-densely-token': 'x'.repeat(43) })).status).toBe(403);
    expect((await post({ origin: 'http://evil.example', 'x-densely-token': host.token })).status).toBe(403);
  });

  it('deletes an upload once it has been imported, and its id no longer resolves', async () => {
    const up = await fetch(`${host.origin}/upload`, { method: 'POST', headers: { origin: host.origin, 'x-densely-token': host.token }, body: 'x1,x2,label\n0,1,0\n1,0,1\n1,1,0\n0,0,1\n' });
    const { uploadId } = (await up.json()) as { uploadId: string };
    const ws = connect({ origin: host.origin });
    const received: { type: string; id?: number }[] = [];
    ws.on('message', (d) => received.push(decodeMessage(String(d)) as { type: string }));
    await new Promise((ok) => ws.once('open', ok));
    const importIt = (id: number) => ws.send(encodeMessage({ type: 'request', id, name: 'importCsv', args: { source: { fileId: uploadId }, name: 'tiny', labelColumn: 'label' } }));
    expect(readdirSync(host.uploadDir)).toContain(`${uploadId}.csv`);
    importIt(1);
    await expect.poll(() => received.find((m) => m.type === 'response' && m.id === 1), { timeout: 10_000 }).toMatchObject({ ok: true, result: { dataset: { name: 'tiny', samples: 4 } } });
    await expect.poll(() => readdirSync(host.uploadDir)).not.toContain(`${uploadId}.csv`);
    importIt(2);
    await expect.poll(() => received.find((m) => m.type === 'response' && m.id === 2), { timeout: 10_000 }).toEqual({
      type: 'response',
      id: 2,
      ok: false,
      error: 'That file is no longer available to the trainer; choose it again.',
    });
    ws.close();
  });
});

