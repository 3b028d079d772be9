import { describe, expect, it } from 'vitest';
import { createMemoryHost, DEMO_DATASETS } from '../host/memory-host';
import { EditorState } from './editor.svelte';
import { networkFingerprint } from '../../src-shared/graph/compare';
import { formatLoss, MAX_REMEMBERED_RUNS, TrainingState } from './training.svelte';

const tick = () => new Promise((r) => setTimeout(r, 0));

function setup(handlers: Parameters<typeof createMemoryHost>[0] = {}) {
  const host = createMemoryHost(handlers);
  const editor = new EditorState();
  const frames: (() => void)[] = [];
  const training = new TrainingState(host, editor, (run) => frames.push(run));
  editor.onTrainingSettings = (s) => training.adopt(s);
  const flushFrames = () => frames.splice(0).forEach((f) => f());
  return { host, editor, training, frames, flushFrames };
}

describe('TrainingState', () => {
  it('loads datasets and the backend once connected, and takes a template’s settings', async () => {
    const { editor, training } = setup();
    await tick();
    await tick();
    expect(training.datasets.map((d) => d.name)).toEqual(DEMO_DATASETS.map((d) => d.name));
    expect(training.backend).toBe('cpu');
    editor.loadTemplate('lecture-digits');
    expect(training.settings).toMatchObject({ dataset: 'digits', loss: 'cce', batchSize: 128, epochs: 10, validationSplit: 0.2, seed: 42 });
  });

  it('says before Train which backend the network will use: cpu for a tiny step, else the best one', async () => {
    const { editor, training } = setup({ handlers: { backendInfo: () => ({ backend: 'wasm', available: ['wasm', 'cpu'], forced: false }) } });
    await tick();
    await tick();
    editor.loadTemplate('lecture-3-4-1');
    expect(training.backend).toBe('cpu');
    editor.loadTemplate('lecture-digits');
    expect(training.backend).toBe('wasm');
  });

  it('warns before Train when the loss does not fit the output layer', async () => {
    const { editor, training } = setup();
    await tick();
    editor.loadTemplate('lecture-3-4-1');
    expect(training.fitProblem).toBeNull();
    training.settings.loss = 'cce';
    expect(training.fitProblem).toContain('one unit per class');
    expect(training.suggestion).toEqual({ loss: 'bce', activation: 'sigmoid', units: 1 });
  });

  it('sends a plain snapshot of the network and settings, then follows the run’s events', async () => {
    const { flushFrames, host, editor, training } = setup({ handlers: { train: () => ({ runId: 7 }) } });
    await tick();
    editor.loadTemplate('lecture-3-4-3-2');
    expect(await training.train()).toBe(true);
    const sent = host.sent.find((m) => m.name === 'train')!;
    expect(sent.args).toMatchObject({ network: { name: 'Lecture: 3-4-3-2' }, settings: { dataset: 'spheres', loss: 'cce' }, stream: true, startPaused: false });
    expect(structuredClone(sent.args)).toEqual(sent.args);
    expect(training.status).toBe('running');
    host.emit('started', { runId: 7, backend: 'wasm', dataset: 'spheres', trainSize: 320, validationSize: 80, params: 39, batchesPerEpoch: 20, epochs: 40 });
    host.emit('epoch', { runId: 7, epoch: 1, loss: 0.6, accuracy: 0.7, valLoss: 0.65, valAccuracy: 0.68, samplesPerSec: 1000 });
    // Another run's events are not this run's.
    host.emit('epoch', { runId: 3, epoch: 9, loss: 9, samplesPerSec: 1 });
    await tick();
    // Epochs, like batches, reach the screen at the next animation frame.
    expect(training.epochLog).toHaveLength(0);
    flushFrames();
    expect(training.backend).toBe('wasm');
    expect(training.epoch).toBe(1);
    expect(training.epochLog).toHaveLength(1);
    host.emit('batch', { runId: 7, step: 1, epoch: 1, loss: 7.9 });
    host.emit('done', { runId: 7, reason: 'diverged', epochs: 1, steps: 20, finalLoss: 31.5, backend: 'wasm', message: 'The loss became NaN at batch 20; the last good weights were kept.' });
    await tick();
    expect(training.status).toBe('done');
    expect(training.error).toBe('The loss became NaN at batch 20; the last good weights were kept.');
    // The throttled batch event trailed; the figures end where the trainer stopped, at the last finite loss.
    expect(training.step).toBe(20);
    expect(training.loss).toBe(31.5);
    expect([0.1234, 7.9, 31.5, 123.45, 5.9916e37, Infinity].map(formatLoss)).toEqual(['0.123', '7.900', '31.500', '123.5', '5.99e37', 'Infinity']);
  });

  it('publishes streamed frames once per animation frame, the latest winning', async () => {
    const { host, editor, training, frames, flushFrames } = setup({ handlers: { train: () => ({ runId: 1 }) } });
    await tick();
    editor.loadTemplate('lecture-3-4-1');
    await training.train();
    host.emit('started', { runId: 1, backend: 'cpu', dataset: 'spheres', trainSize: 10, validationSize: 0, params: 16, batchesPerEpoch: 10, epochs: 1 });
    for (let step = 1; step <= 50; step++) {
      host.emit('batch', { runId: 1, step, epoch: 1, loss: 1 / step });
      host.emit('activations', { runId: 1, step, probe: 0, label: 1, input: new Float32Array([1, 2, 3]), layers: [{ layerId: 'dense_1', values: new Float32Array([step, 0, 0, 0]), size: 4 }] });
    }
    await tick();
    expect(frames).toHaveLength(1);
    expect(training.activationMap).toBeNull();
    flushFrames();
    expect(training.step).toBe(50);
    expect(training.loss).toBeCloseTo(1 / 50);
    expect(training.activationMap!.get('dense_1')!.values[0]).toBe(50);
    expect(training.batchLosses).toHaveLength(50);
  });

  it('a refused Train reads as a sentence and leaves the panel ready', async () => {
    const { editor, training } = setup({
      handlers: {
        train: () => {
          throw new Error('Binary cross entropy needs one output unit, but the output layer has 2.');
        },
      },
    });
    await tick();
    editor.loadTemplate('lecture-3-4-3-2');
    expect(await training.train()).toBe(false);
    expect(training.status).toBe('idle');
    expect(training.error).toBe('Training did not start: Binary cross entropy needs one output unit, but the output layer has 2.');
  });

  it('does not send a network with errors', async () => {
    const { host, editor, training } = setup();
    await tick();
    editor.add('dense');
    expect(await training.train()).toBe(false);
    expect(training.error).toContain('must start with an Input layer');
    expect(host.sent.some((m) => m.name === 'train')).toBe(false);
  });

  it('estimates the memory as the network and settings change, and does not send a network over the budget', async () => {
    const { host, editor, training } = setup();
    await tick();
    editor.loadTemplate('lecture-digits');
    // 899,260 parameters x 24 bytes (weights x3, gradients, Adam's two moments) + 4,298 floats per sample
    // (the input and its flattened copy, z and a of each dense layer, the targets) x 128 x 4 bytes
    expect(training.memory.total).toBe(23_782_816);
    expect(training.memoryProblem).toBeNull();
    editor.update('dense_2', { units: 100_000 });
    editor.update('dense_3', { units: 10_000 });
    // 471,000 + 600x100,000+100,000 + 100,000x10,000+10,000 + 10,000x10+10 = 1,060,681,010 parameters; with
    // 222,798 floats per sample at batch 128, 25,570,416,816 bytes = 23.8 GiB
    expect(training.memoryProblem).toMatch(/^This network would need about 23\.8 GiB to train \(1,060,681,010 parameters with Adam at batch 128\), more than the 1\.5 GiB Densely allows; use fewer or smaller layers\.$/);
    expect(await training.train()).toBe(false);
    expect(training.error).toBe(training.memoryProblem);
    expect(host.sent.some((m) => m.name === 'train')).toBe(false);
    training.settings.optimizer = 'sgd';
    expect(training.memoryProblem).toMatch(/with SGD at batch 128/);
  });

  it('a dropped connection ends the run and says so; reconnecting reloads the datasets', async () => {
    const { host, editor, training } = setup({ handlers: { train: () => ({ runId: 1 }) } });
    await tick();
    editor.loadTemplate('lecture-3-4-1');
    await training.train();
    host.setConnection({ connected: false, message: 'The connection to the trainer dropped; reconnecting in 0.5 s.' });
    expect(training.status).toBe('idle');
    expect(training.error).toContain('dropped');
    const before = host.sent.filter((m) => m.name === 'listDatasets').length;
    host.setConnection({ connected: true, message: '' });
    await tick();
    expect(host.sent.filter((m) => m.name === 'listDatasets').length).toBe(before + 1);
  });

  it('after a reconnect (a new trainer), lists only the trainer\'s datasets and says imported ones must be imported again', async () => {
    const imported = { ...DEMO_DATASETS[0]!, name: 'iris', title: 'iris.csv', classes: 3, source: 'imported' as const };
    const { host, training } = setup({ handlers: { importCsv: () => ({ dataset: imported }) } });
    await tick();
    await training.chooseCsv();
    await training.importCsv('species');
    expect(training.datasets.map((d) => d.name)).toContain('iris');
    host.setConnection({ connected: false, message: 'The connection to the trainer dropped; reconnecting in 0.5 s.' });
    host.setConnection({ connected: true, message: '' });
    await tick();
    expect(training.datasets.map((d) => d.name)).toEqual(DEMO_DATASETS.map((d) => d.name));
    expect(training.info).toBe('Reconnected to a new trainer, so imported datasets must be imported again: iris.csv.');
    expect(training.settings.dataset).not.toBe('iris');
    expect(training.dataset).not.toBeNull();
  });

  it('imports a CSV in two steps and selects the new dataset', async () => {
    const imported = { ...DEMO_DATASETS[0]!, name: 'iris', title: 'iris', classes: 3, source: 'imported' as const };
    const { host, training } = setup({ handlers: { importCsv: () => ({ dataset: imported }) } });
    await tick();
    await training.chooseCsv();
    expect(training.csv?.stage).toBe('label');
    await training.importCsv('species');
    expect(host.sent.at(-1)).toMatchObject({ name: 'importCsv', args: { source: { fileId: 'memory-upload' }, labelColumn: 'species' } });
    expect(training.settings.dataset).toBe('iris');
    expect(training.csv).toBeNull();
  });
  it('keeps the latest run of each network for Compare, by fingerprint, and forgets the least recent past the bound', async () => {
    let runId = 0;
    const { host, editor, training, flushFrames } = setup({ handlers: { train: () => ({ runId: ++runId }) } });
    await tick();
    const run = async (losses: number[]) => {
      await training.train();
      const id = runId;
      host.emit('started', { runId: id, backend: 'cpu', dataset: 'spheres', trainSize: 10, validationSize: 0, params: 1, batchesPerEpoch: 1, epochs: losses.length });
      losses.forEach((loss, i) => host.emit('epoch', { runId: id, epoch: i + 1, loss, accuracy: (i + 1) / 4, samplesPerSec: 1 }));
      flushFrames();
      host.emit('done', { runId: id, reason: 'completed', epochs: losses.length, steps: losses.length, finalLoss: losses.at(-1)!, backend: 'cpu' });
      await tick();
    };
    editor.loadTemplate('lecture-3-4-1');
    const small = networkFingerprint(editor.doc);
    await run([0.7, 0.5]);
    editor.loadTemplate('lecture-3-4-3-2');
    await run([0.9, 0.6, 0.4]);
    expect(training.runHistory.get(small)).toEqual({
      networkName: 'Lecture: 3-4-1',
      dataset: 'spheres',
      epochs: [
        { epoch: 1, loss: 0.7, accuracy: 0.25, samplesPerSec: 1 },
        { epoch: 2, loss: 0.5, accuracy: 0.5, samplesPerSec: 1 },
      ],
    });
    expect(training.runHistory.get(networkFingerprint(editor.doc))!.epochs.map((e) => e.loss)).toEqual([0.9, 0.6, 0.4]);
    // Training 3-4-1 again replaces its run instead of adding one.
    editor.loadTemplate('lecture-3-4-1');
    await run([0.3]);
    expect(training.runHistory.size).toBe(2);
    expect(training.runHistory.get(small)!.epochs.map((e) => e.loss)).toEqual([0.3]);
    // Twelve more networks (3-w-1 for w = 5..16): the bound keeps the twelve most recent, so both lecture networks go.
    for (let w = 5; w < 5 + MAX_REMEMBERED_RUNS; w++) {
      editor.update('dense_1', { units: w });
      await run([0.2]);
    }
    expect(training.runHistory.size).toBe(MAX_REMEMBERED_RUNS);
    expect(training.runHistory.has(small)).toBe(false);
  });
});
