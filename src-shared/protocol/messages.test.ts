import { describe, expect, it } from 'vitest';
import { TrainerClient, type Channel } from './client';
import { decodeMessage, encodeMessage } from './codec';
import { checkRequest, checkToRenderer, firstOverlongArray, type ToMain } from './messages';
import { requests } from './contract';

const network = { name: 'n', layers: [{ kind: 'input', id: 'in', shape: [2] }, { kind: 'dense', id: 'd', units: 1, activation: 'sigmoid', useBias: true }] };
const settings = { dataset: 'xor', loss: 'bce', optimizer: 'adam', learningRate: 0.01, batchSize: 10, epochs: 5, validationSplit: 0.2, shuffle: true, seed: 1 };

describe('validation on arrival', () => {
  it('accepts a well-formed train request and fills defaults', () => {
    const r = checkRequest({ type: 'request', id: 1, name: 'train', args: { network, settings } });
    expect(r.ok && r.value.args).toMatchObject({ stream: true, startPaused: false });
  });

  it('says what is wrong with a malformed request, keeping its id for the reply', () => {
    expect(checkRequest({ type: 'request', id: 7, name: 'train', args: { network, settings: { ...settings, batchSize: 0 } } })).toEqual({
      ok: false,
      id: 7,
      error: 'The "train" request was not valid: settings.batchSize: Too small: expected number to be >=1.',
    });
    expect(checkRequest({ type: 'request', id: 2, name: 'explode', args: {} })).toEqual({ ok: false, id: 2, error: 'The trainer has no request named "explode".' });
    const bad = checkRequest('hello');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/^A message to the trainer was malformed/);
  });

  it('refuses an 800,000-layer request by its length, before a single layer is looked at', () => {
    let looked = 0;
    const layer = {
      get kind() {
        looked++;
        return 'dense';
      },
      id: 'd',
      units: 1,
      activation: 'relu',
      useBias: true,
    };
    const layers = new Array(800_000).fill(layer);
    const r = checkRequest({ type: 'request', id: 3, name: 'train', args: { network: { name: 'n', layers }, settings } });
    expect(r).toEqual({ ok: false, id: 3, error: 'The "train" request was not valid: network.layers: 800,000 items, more than the 1,000 allowed.' });
    // Refused from the array's length alone: not one of the 800,000 layers was looked at (walking them through their
    // schemas took seconds), which a clock on a shared machine could only approximate.
    expect(looked).toBe(0);
  });

  it('checks the lengths of nested arrays too (a predict batch and each of its inputs), and leaves arrays within bounds to the schema', () => {
    expect(firstOverlongArray(requests.predict.args, { inputs: new Array(1025).fill([0]) })).toBe('inputs: 1,025 items, more than the 1,024 allowed');
    expect(firstOverlongArray(requests.predict.args, { inputs: [[1, 2], new Array(1_000_001).fill(0)] })).toBe('inputs.1: 1,000,001 items, more than the 1,000,000 allowed');
    expect(firstOverlongArray(requests.predict.args, { inputs: [[1, 2], [3]] })).toBeNull();
    expect(firstOverlongArray(requests.train.args, { network: { name: 'n', layers: 'not an array' } })).toBeNull();
  });

  it('rejects an event whose payload does not fit its schema', () => {
    const r = checkToRenderer({ type: 'event', name: 'epoch', payload: { runId: 1, epoch: 'one' } });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^The trainer's "epoch" event was not valid: epoch: expected number/);
  });

  it('carries Float32Array through the text codec', () => {
    const msg = { type: 'event', name: 'activations', payload: { values: new Float32Array([0.5, -1, 3]) } };
    const back = decodeMessage(encodeMessage(msg)) as typeof msg;
    expect(back.payload.values).toBeInstanceOf(Float32Array);
    expect(Array.from(back.payload.values)).toEqual([0.5, -1, 3]);
  });
});

describe('the client', () => {
  function loopback(answer: (msg: ToMain) => unknown[]) {
    const listeners = new Set<(raw: unknown) => void>();
    const channel: Channel = {
      send: (msg) => queueMicrotask(() => answer(msg).forEach((m) => listeners.forEach((l) => l(m)))),
      onMessage: (l) => (listeners.add(l), () => listeners.delete(l)),
    };
    return new TrainerClient(channel);
  }

  it('resolves a request with its validated result and routes events', async () => {
    const client = loopback((msg) => [
      { type: 'event', name: 'state', payload: { runId: 3, status: 'paused' } },
      { type: 'response', id: msg.id, ok: true, result: { ok: true } },
    ]);
    const states: string[] = [];
    client.on('state', (p) => states.push(p.status));
    await expect(client.request('pause', {})).resolves.toEqual({ ok: true });
    expect(states).toEqual(['paused']);
  });

  it('rejects with the trainer\'s sentence, and reports malformed answers without crashing', async () => {
    const failing = loopback((msg) => [{ type: 'response', id: msg.id, ok: false, error: 'Nothing is training; press Train first.' }]);
    await expect(failing.request('step', {})).rejects.toThrow('Nothing is training; press Train first.');
    const garbled = loopback((msg) => [{ type: 'response', id: msg.id, ok: true, result: { runId: 'x' } }]);
    const problems: string[] = [];
    garbled.onProblem((m) => problems.push(m));
    await expect(garbled.request('train', { network: network as never, settings: settings as never })).rejects.toThrow(/answer to "train" was not valid/);
    expect(problems).toHaveLength(1);
  });
});
