import { describe, expect, it } from 'vitest';
import { chain, harness, settings } from './test-harness';

const xor = { network: chain([2, 8, 1], 'sigmoid'), settings: settings({ dataset: 'xor', loss: 'bce', epochs: 50 }), stream: true, startPaused: false };

describe('trainer service', () => {
  it('pauses, steps one batch at a time, resumes and stops', async () => {
    const h = harness();
    const { runId } = await h.service.handlers.train(xor);
    await h.waitFor('batch');
    await h.service.handlers.pause({});
    expect(h.of('state').at(-1)).toEqual({ runId, status: 'paused' });
    await new Promise((r) => setTimeout(r, 30));
    const before = h.of('batch').length;
    const stepOf = () => h.of('batch').at(-1)!.step;
    const s0 = stepOf();
    await new Promise((r) => setTimeout(r, 50));
    expect(h.of('batch').length).toBe(before);
    await h.service.handlers.step({});
    await h.waitFor('batch', (b) => b.step === s0 + 1);
    await h.service.handlers.step({});
    await h.waitFor('batch', (b) => b.step === s0 + 2);
    await new Promise((r) => setTimeout(r, 30));
    expect(stepOf()).toBe(s0 + 2);
    await h.service.handlers.resume({});
    await h.waitFor('epoch');
    await h.service.handlers.stop({});
    const done = await h.waitFor('done');
    expect(done.reason).toBe('stopped');
    await expect(Promise.resolve().then(() => h.service.handlers.step({}))).rejects.toThrow(/no training run/);
    h.service.dispose();
  });

  it('starts paused for Step, and a new Train stops the old run first', async () => {
    const h = harness();
    const first = await h.service.handlers.train({ ...xor, startPaused: true });
    expect(await h.waitFor('state')).toEqual({ runId: first.runId, status: 'paused' });
    await h.service.handlers.step({});
    await h.waitFor('batch', (b) => b.runId === first.runId && b.step === 1);
    const second = await h.service.handlers.train({ ...xor, settings: { ...xor.settings, epochs: 2 } });
    expect(h.of('done').find((d) => d.runId === first.runId)?.reason).toBe('stopped');
    const done = await h.waitFor('done', (d) => d.runId === second.runId);
    expect(done.reason).toBe('completed');
    h.service.dispose();
  });

  it('runs one batch for each Step press, however quick the presses', async () => {
    const h = harness();
    const { runId } = await h.service.handlers.train({ ...xor, startPaused: true });
    await h.waitFor('state');
    // Two presses before the trainer has run a batch.
    await Promise.all([h.service.handlers.step({}), h.service.handlers.step({})]);
    await h.waitFor('batch', (b) => b.step === 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.of('batch').map((b) => b.step)).toEqual([1, 2]);
    expect(h.of('state').at(-1)).toEqual({ runId, status: 'paused' });
    h.service.dispose();
  });

  it('honours a Stop sent while the run is still loading: it ends at once, stopped, having trained nothing', async () => {
    const h = harness();
    const digits = { network: chain([784, 16, 10], 'softmax'), settings: settings({ dataset: 'digits', loss: 'cce', epochs: 1 }), stream: true, startPaused: false };
    const train = h.service.handlers.train(digits);
    // The 10,000 digits are being read from disk.
    await new Promise((r) => setTimeout(r, 5));
    expect(await h.service.handlers.stop({})).toEqual({ ok: true });
    const { runId } = await train;
    const done = await h.waitFor('done', (d) => d.runId === runId);
    expect(done).toMatchObject({ reason: 'stopped', epochs: 0, steps: 0, finalLoss: null });
    await new Promise((r) => setTimeout(r, 50));
    expect(h.of('started')).toEqual([]);
    expect(h.of('batch')).toEqual([]);
    // A Train after the Stop trains as usual.
    const next = await h.service.handlers.train({ ...xor, settings: { ...xor.settings, epochs: 1 } });
    expect((await h.waitFor('done', (d) => d.runId === next.runId)).reason).toBe('completed');
    h.service.dispose();
  });

  it('evaluates: loss, accuracy, confusion matrix and a gallery with pixels for images', async () => {
    const h = harness();
    await h.service.handlers.train({ network: chain([784, 16, 10], 'softmax'), settings: settings({ dataset: 'digits', loss: 'cce', epochs: 1, batchSize: 64, learningRate: 0.003 }), stream: false, startPaused: false });
    await h.waitFor('done');
    const r = await h.service.handlers.evaluate({ limit: 500 });
    expect(r.accuracy).toBeGreaterThan(0.6);
    expect(r.confusion!.length).toBe(10);
    expect(r.confusion!.flat().reduce((a, b) => a + b, 0)).toBe(500);
    expect(r.samples.length).toBe(24);
    expect(r.samples[0]!.pixels!.length).toBe(784);
    expect(r.samples.some((s) => s.label !== s.predicted)).toBe(true);
    h.service.dispose();
  });

  it('lists datasets and imports a CSV into the registry, with progress', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const path = join(mkdtempSync(join(tmpdir(), 'densely-svc-')), 'pts.csv');
    writeFileSync(path, ['x1,x2,cls', ...Array.from({ length: 200 }, (_, i) => `${i % 2 ? 1 : -1},${(i % 7) / 7},${i % 2}`)].join('\n'));
    const { createFileGrants } = await import('../transport/file-grants');
    const grants = createFileGrants();
    const h = harness('cpu', undefined, { resolveFile: grants.resolve });
    const names = (await h.service.handlers.listDatasets({})).datasets.map((d) => d.name);
    expect(names).toEqual(['xor', 'circle', 'gauss', 'spiral', 'circle-pm1', 'reg-plane', 'reg-gauss', 'spheres', 'digits']);
    const { dataset } = await h.service.handlers.importCsv({ source: { fileId: grants.grant(path, 'pts.csv') }, name: 'pts', labelColumn: 'cls' });
    expect(dataset).toMatchObject({ name: 'pts', classes: 2, samples: 200, featureShape: [2] });
    expect(h.of('importProgress').at(-1)).toMatchObject({ name: 'pts', rows: 200 });
    expect((await h.service.handlers.listDatasets({})).datasets.map((d) => d.name)).toContain('pts');
    await h.service.handlers.train({ network: chain([2, 1], 'sigmoid'), settings: settings({ dataset: 'pts', loss: 'bce', epochs: 20, learningRate: 0.05 }), stream: false, startPaused: false });
    const done = await h.waitFor('done');
    expect(done.reason).toBe('completed');
    expect(h.of('epoch').at(-1)!.valAccuracy).toBe(1);
    await expect(h.service.handlers.importCsv({ source: { fileId: 'x' }, name: 'u', labelColumn: 'cls' })).rejects.toThrow(/choose it again/);
    h.service.dispose();
  });

  it('names the backend and the ones available', async () => {
    const h = harness('wasm');
    const info = await h.service.handlers.backendInfo({});
    expect(info.backend).toBe('wasm');
    expect(info.available).toEqual(expect.arrayContaining(['wasm', 'cpu']));
    h.service.dispose();
  });
});
