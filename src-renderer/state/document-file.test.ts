import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseProject, serializeProject } from '../../src-shared/graph/project-file';
import { findTemplate } from '../../src-shared/graph/templates';
import { createMemoryHost, type MemoryHost } from '../host/memory-host';
import { DocumentFile } from './document-file.svelte';
import { EditorState } from './editor.svelte';
import { TrainingState } from './training.svelte';

/** The app's wiring (main.ts), on the in-memory host. */
function setup(host: MemoryHost = createMemoryHost()) {
  const editor = new EditorState();
  const training = new TrainingState(host, editor, () => {});
  editor.onTrainingSettings = (s) => training.adopt(s);
  const project = new DocumentFile(host, editor, () => training.settings);
  return { host, editor, training, project };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('opening and saving', () => {
  it('a bad project file keeps the network and says which field is wrong', async () => {
    const { host, editor, project } = setup();
    editor.loadTemplate('lecture-3-4-3-2');
    host.nextOpen = { name: 'bad.json', text: '{"format":"densely-project","version":1,"name":"x","layers":[{"kind":"dense","id":"d","units":"four","activation":"relu","useBias":true}]}' };
    await project.open();
    expect(editor.summary.totals.params).toBe(39);
    expect(editor.notice?.kind).toBe('error');
    expect(editor.notice?.text).toContain('bad.json could not be opened');
    expect(editor.notice?.text).toContain('layers[0]');
    expect(project.fileName).toBeNull();
  });

  it('saves the network with its training setup and opens what it saved: 899,260 parameters again', async () => {
    const { host, editor, training, project } = setup();
    editor.loadTemplate('lecture-digits');
    expect(await project.save()).toBe(true);
    expect(host.saved).toHaveLength(1);
    const t = findTemplate('lecture-digits')!;
    expect(host.saved[0]!.name).toBe('lecture-digits.densely.json');
    expect(host.saved[0]!.text).toBe(serializeProject({ ...t.doc, training: { ...training.settings }, countBiases: true }));
    const other = setup(host);
    host.nextOpen = { name: host.saved[0]!.name, text: host.saved[0]!.text };
    await other.project.open();
    expect(other.editor.summary.totals.params).toBe(899_260);
    expect(other.training.settings).toMatchObject({ dataset: 'digits', batchSize: 128, epochs: 10 });
    expect(other.project.title).toBe('lecture-digits.densely.json — Densely');
  });

  it('saves the bias switch with the file: the 3-4-1 reopens showing 16 in an editor counting biases', async () => {
    const { host, editor, project } = setup();
    editor.loadTemplate('lecture-3-4-1');
    await project.save();
    const other = setup(host);
    other.editor.loadTemplate('lecture-3-4-3-2');
    host.nextOpen = { name: 'a.densely.json', text: host.saved[0]!.text };
    await other.project.open();
    expect(other.editor.countBiases).toBe(false);
    expect(other.editor.summary.totals.params).toBe(16);
    other.editor.undo();
    expect(other.editor.countBiases).toBe(true);
    expect(other.editor.summary.totals.params).toBe(39);
  });

  it('Save writes to the same place without asking once the file has one; Save As always asks', async () => {
    const { host, editor, project } = setup();
    editor.loadTemplate('lecture-3-4-1');
    host.nextSaveAs = 'mine.densely.json';
    await project.save();
    editor.update('dense_1', { units: 5 });
    await project.save();
    expect(host.saved.map((s) => [s.name, s.asked])).toEqual([
      ['mine.densely.json', true],
      ['mine.densely.json', false],
    ]);
    host.nextSaveAs = 'copy.densely.json';
    await project.saveAs();
    expect(host.saved.at(-1)).toMatchObject({ name: 'copy.densely.json', asked: true });
    expect(project.title).toBe('copy.densely.json — Densely');
    // A cancelled Save As changes nothing and leaves the mark as it was.
    editor.update('dense_1', { units: 6 });
    host.nextSaveAs = null;
    expect(await project.saveAs()).toBe(false);
    expect(project.title).toBe('• copy.densely.json — Densely');
  });

  it('a template loaded over an opened file is a new, untitled network: Save asks where', async () => {
    const { host, editor, project } = setup();
    host.nextOpen = { name: 'kept.densely.json', text: serializeProject(findTemplate('lecture-3-4-1')!.doc), location: 'kept.densely.json' };
    await project.open();
    editor.loadTemplate('lecture-3-4-3-2');
    expect(project.title).toBe('• Untitled — Densely');
    host.nextSaveAs = 'new.densely.json';
    await project.save();
    expect(host.saved).toEqual([expect.objectContaining({ name: 'new.densely.json', asked: true })]);
  });
});

describe('the unsaved mark', () => {
  it('appears on the first edit after a save, goes on save, and goes when undo returns to the saved network', async () => {
    const { editor, training, project } = setup();
    expect(project.title).toBe('Untitled — Densely');
    expect(project.dirty).toBe(false);
    editor.loadTemplate('lecture-3-4-3-2');
    expect(project.title).toBe('• Untitled — Densely');
    await project.save();
    expect(project.title).toBe('lecture-3-4-3-2.densely.json — Densely');
    editor.update('dense_1', { units: 8 });
    expect(project.title).toBe('• lecture-3-4-3-2.densely.json — Densely');
    editor.update('dense_1', { units: 9 });
    editor.undo();
    expect(project.dirty).toBe(true);
    editor.undo();
    // Back at the saved network, though two edits were made: the mark compares documents, not edits.
    expect(project.title).toBe('lecture-3-4-3-2.densely.json — Densely');
    // The training setup is saved with the project, so changing it is an unsaved change too.
    training.settings.epochs = 7;
    expect(project.dirty).toBe(true);
    training.settings.epochs = 40;
    expect(project.dirty).toBe(false);
  });
});

describe('the recovery copy', () => {
  it('is written within a second of an edit, holds the network, and is deleted after a save', async () => {
    vi.useFakeTimers();
    const { host, editor, project } = setup();
    await project.start(1000);
    editor.loadTemplate('lecture-digits');
    expect(host.recovery.text).toBeNull();
    await vi.advanceTimersByTimeAsync(1000);
    const copy = parseProject(host.recovery.text!);
    expect(copy.ok && copy.doc.layers.length).toBe(6);
    expect(copy.ok && copy.doc.name).toBe('Lecture: digits');
    editor.update('dense_1', { units: 300 });
    await vi.advanceTimersByTimeAsync(1000);
    const again = parseProject(host.recovery.text!);
    expect(again.ok && again.doc.layers.find((l) => l.id === 'dense_1')).toMatchObject({ units: 300 });
    await project.save();
    expect(host.recovery.text).toBeNull();
    project.stop();
  });

  it('is offered at the next start; restoring gives back the same network, unsaved, with its file name', async () => {
    vi.useFakeTimers();
    const first = setup();
    await first.project.start(1000);
    first.editor.loadTemplate('lecture-3-4-3-2');
    await first.project.save();
    first.editor.update('dense_2', { units: 7 });
    await vi.advanceTimersByTimeAsync(1000);
    first.project.stop();

    // A new page on the same storage: the crash happened here.
    const host = createMemoryHost();
    host.recovery.text = first.host.recovery.text;
    const next = setup(host);
    await next.project.start(1000);
    expect(next.project.offer).toMatchObject({ fileName: 'lecture-3-4-3-2.densely.json', networkName: 'Lecture: 3-4-3-2' });
    // Edits before the person chooses never overwrite the copy on offer.
    next.editor.add('dense');
    await vi.advanceTimersByTimeAsync(3000);
    expect(host.recovery.text).toBe(first.host.recovery.text);
    await next.project.restore();
    expect(next.project.offer).toBeNull();
    // 3-4-7-2 with biases: (12 + 4) + (28 + 7) + (14 + 2) = 67.
    expect(next.editor.layers.map((l) => l.id)).toEqual(first.editor.layers.map((l) => l.id));
    expect(next.editor.summary.totals.params).toBe(67);
    expect(next.project.title).toBe('• lecture-3-4-3-2.densely.json — Densely');
    expect(next.editor.notice?.text).toMatch(/^Restored your unsaved work from .+; save it to keep it\.$/);
    next.project.stop();
  });

  it('is deleted when the person discards it, and a damaged copy is not offered', async () => {
    const host = createMemoryHost();
    host.recovery.text = serializeProject(findTemplate('lecture-3-4-1')!.doc);
    const { project } = setup(host);
    await project.start(60_000);
    expect(project.offer).toMatchObject({ fileName: null, networkName: 'Lecture: 3-4-1' });
    await project.discard();
    expect(project.offer).toBeNull();
    expect(host.recovery.text).toBeNull();
    project.stop();

    host.recovery.text = '{"format":"densely-proj';
    const other = setup(host);
    await other.project.start(60_000);
    expect(other.project.offer).toBeNull();
    other.project.stop();
  });

  it('says once, in a sentence, when the copy cannot be kept', async () => {
    const host = createMemoryHost();
    host.recovery.write = async () => {
      throw new Error('Densely could not keep a recovery copy in this browser (quota exceeded); save your work to keep it.');
    };
    const { editor, project } = setup(host);
    editor.loadTemplate('lecture-3-4-1');
    await project.keepRecovery();
    expect(editor.notice).toEqual({ kind: 'error', text: 'Densely could not keep a recovery copy in this browser (quota exceeded); save your work to keep it.' });
    editor.notice = null;
    editor.update('dense_1', { units: 2 });
    await project.keepRecovery();
    expect(editor.notice).toBeNull();
  });
});

describe('a page about to unload', () => {
  it('deletes the copy of work that is clean again, and copies unsaved edits at once where writes are synchronous', async () => {
    const { host, editor, project } = setup();
    editor.loadTemplate('lecture-3-4-1');
    await project.save();
    editor.update('dense_1', { units: 9 });
    await project.keepRecovery();
    expect(host.recovery.text).not.toBeNull();
    editor.undo();
    project.flushRecovery(true);
    await Promise.resolve();
    expect(host.recovery.text).toBeNull();
    editor.redo();
    project.flushRecovery(false);
    await Promise.resolve();
    expect(host.recovery.text).toBeNull();
    project.flushRecovery(true);
    await Promise.resolve();
    expect(parseProject(host.recovery.text!).ok).toBe(true);
  });
});
