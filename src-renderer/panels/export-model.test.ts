/** Export ▸ Trained model… and Open of a model.json, on the in-memory host: the sentences a person reads. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryHost } from '../host/memory-host';
import { DocumentFile } from '../state/document-file.svelte';
import { EditorState } from '../state/editor.svelte';
import { TrainingState } from '../state/training.svelte';
import { exportModelBlocked, exportTrainedModel } from './export-model';

const files = [
  { name: 'model.json', bytes: 2048 },
  { name: 'weights.bin', bytes: 156 },
];

describe('Export ▸ Trained model…', () => {
  it('is off, with its reason, until a run has trained and is paused or done', () => {
    expect(exportModelBlocked({ step: 0, status: 'idle' })).toBe('Train the network first: the trained model is saved once a run has trained.');
    expect(exportModelBlocked({ step: 12, status: 'running' })).toBe('Pause or stop training first: the model is saved from a paused or finished run.');
    expect(exportModelBlocked({ step: 12, status: 'paused' })).toBeNull();
    expect(exportModelBlocked({ step: 12, status: 'done' })).toBeNull();
  });

  it('downloads by id in the browser, says where Electron saved, and says a cancel or a failure in a sentence', async () => {
    const fetched: [string, readonly string[]][] = [];
    const progress: string[] = [];
    const web = { ...createMemoryHost({ handlers: { exportModel: () => ({ files, params: 39, downloadId: 'abc' }) } }), downloadModel: async (id: string, names: readonly string[]) => void fetched.push([id, names]) };
    expect(await exportTrainedModel(web, (n) => progress.push(n.text))).toEqual({
      kind: 'info',
      text: 'Downloaded the trained model: model.json and weights.bin (39 parameters, 3 KB); keep the two files in one folder and load model.json with tf.loadLayersModel.',
    });
    expect(fetched).toEqual([['abc', ['model.json', 'weights.bin']]]);
    expect(progress).toEqual(['Saving the trained model as a TensorFlow.js model…', 'Downloading model.json and weights.bin (39 parameters, 3 KB)…']);

    const desktop = createMemoryHost({ handlers: { exportModel: () => ({ files, params: 39, savedIn: 'models' }) } });
    expect((await exportTrainedModel(desktop, () => {})).text).toBe(
      'Saved the trained model in models: model.json and weights.bin (39 parameters, 3 KB); load it with tf.loadLayersModel.',
    );
    const cancelled = createMemoryHost({ handlers: { exportModel: () => ({ files, params: 39, cancelled: true }) } });
    expect(await exportTrainedModel(cancelled, () => {})).toEqual({ kind: 'info', text: 'The trained model was not saved.' });
    const refused = createMemoryHost({
      handlers: {
        exportModel: () => {
          throw new Error("gru_1 is a GRU, which Densely trains as Keras does (reset_after, a second bias), and TensorFlow.js's layers have no such GRU; a network with a GRU can't be saved as a TensorFlow.js model yet.");
        },
      },
    });
    expect(await exportTrainedModel(refused, () => {})).toEqual({ kind: 'error', text: expect.stringMatching(/^The trained model could not be saved: gru_1 is a GRU, .* yet\.$/) });
  });
});

describe('Open of a model.json', () => {
  it('opens as a new untitled network with its counts and sentence, and hands its weights to the canvas', async () => {
    const host = createMemoryHost();
    const editor = new EditorState();
    const training = new TrainingState(host, editor, () => {});
    const project = new DocumentFile(host, editor, () => training.settings);
    let drawn: unknown = 'untouched';
    project.onModelWeights = (w) => (drawn = w);
    const text = readFileSync(join(import.meta.dirname, '../../src-shared/import/fixtures/keras2-mlp-no-input-layer.model.json'), 'utf8');
    // 101,770 float32s, each its own index.
    const bytes = new Uint8Array(Float32Array.from({ length: 101_770 }, (_, i) => i).buffer);
    host.nextOpen = { name: 'model.json', text, weightFiles: [{ name: 'group1-shard1of1.bin', bytes }] };
    await project.open();
    expect(editor.notice).toEqual({ kind: 'info', text: 'Opened model.json: 4 layers, 101,770 parameters, with its trained weights drawn.' });
    expect(editor.summary.totals.params).toBe(101_770);
    expect(project.fileName).toBeNull();
    expect(project.dirty).toBe(false);
    const weights = drawn as Map<string, { cols: number; kernel?: Float32Array; bias?: Float32Array }>;
    expect([...weights.keys()]).toEqual(['dense', 'dense_1']);
    // dense_1's kernel follows dense's 100,352 + 128 values.
    expect(weights.get('dense_1')!.kernel![0]).toBe(100_480);
    expect(weights.get('dense_1')!.cols).toBe(10);
  });
});
