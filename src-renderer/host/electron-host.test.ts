/**
 * The Electron host's side of "open this file" from the system: main sends once the page has loaded, possibly
 * before the app listens, so the host keeps the last one for the first listener; the document then opens it as
 * Open would, or says why it could not.
 */
import { describe, expect, it } from 'vitest';
import type { DenselyPreloadApi, OpenedProjectFile } from '../../src-shared/protocol/preload-api';
import { DocumentFile } from '../state/document-file.svelte';
import { EditorState } from '../state/editor.svelte';
import { createElectronHost } from './electron-host';

function fakeApi() {
  let deliver: ((file: OpenedProjectFile | { error: string }) => void) | null = null;
  const api = {
    send: () => {},
    onMessage: () => () => {},
    onOpenedBySystem: (l: typeof deliver) => ((deliver = l), () => {}),
    onSaveThen: () => () => {},
  } as unknown as DenselyPreloadApi;
  return { api, deliver: (file: OpenedProjectFile | { error: string }) => deliver!(file) };
}

const text = JSON.stringify({ format: 'densely-project', version: 1, name: 'Mine', layers: [{ kind: 'input', id: 'input_1', shape: [3] }, { kind: 'dense', id: 'dense_1', units: 4, activation: 'relu', useBias: true }] });

describe('a project the system asks to open, in Electron', () => {
  it('arriving before the app listens, opens once it does, under its id for Save', () => {
    const { api, deliver } = fakeApi();
    const host = createElectronHost(api);
    deliver({ name: 'mine.densely.json', text, fileId: 'id-1' });
    const editor = new EditorState();
    const project = new DocumentFile(host, editor, () => ({}));
    host.onOpenedBySystem!((file) => project.openedBySystem(file));
    // 3 x 4 + 4 = 16.
    expect(editor.summary.totals.params).toBe(16);
    expect(project.fileName).toBe('mine.densely.json');
    expect(project.location).toBe('id-1');
    expect(project.dirty).toBe(false);
    expect(editor.notice).toEqual({ kind: 'info', text: 'Opened mine.densely.json.' });
  });

  it("a file main could not read says why, and the network stays", () => {
    const { api, deliver } = fakeApi();
    const host = createElectronHost(api);
    const editor = new EditorState();
    editor.loadTemplate('lecture-3-4-3-2');
    const project = new DocumentFile(host, editor, () => ({}));
    host.onOpenedBySystem!((file) => project.openedBySystem(file));
    deliver({ error: 'There is no project file at gone.densely.json; check the path.' });
    expect(editor.notice).toEqual({ kind: 'error', text: 'There is no project file at gone.densely.json; check the path.' });
    expect(editor.summary.totals.params).toBe(39);
  });
});
