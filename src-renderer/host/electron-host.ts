/**
 * The Electron host: rides on the narrow preload API (`window.densely`),
 * never on Electron itself. IPC carries typed arrays as they are.
 */
import { TrainerClient } from '../../src-shared/protocol/client';
import type { DenselyPreloadApi } from '../../src-shared/protocol/preload-api';
import { pageStorage, type Host, type OpenedProject } from './host';

export function createElectronHost(api: DenselyPreloadApi): Host {
  const trainer = new TrainerClient({ send: (msg) => api.send(msg), onMessage: (listener) => api.onMessage(listener) });
  // Main sends once the page has loaded, which can be before the app mounts and listens: the last one waits here.
  type Opened = OpenedProject | { readonly error: string };
  let openListener: ((file: Opened) => void) | null = null;
  let waiting: Opened | null = null;
  api.onOpenedBySystem((r) => {
    const file: Opened = 'error' in r ? { error: r.error } : { name: r.name, text: r.text, location: r.fileId };
    if (openListener) openListener(file);
    else waiting = file;
  });
  return {
    kind: 'electron',
    trainer,
    async openProject() {
      const r = await api.openProjectFile();
      if (r === null) return null;
      if ('error' in r) throw new Error(r.error);
      return { name: r.name, text: r.text, location: r.fileId, ...(r.weightFiles ? { weightFiles: r.weightFiles } : {}), ...(r.weightNote ? { weightNote: r.weightNote } : {}) };
    },
    async saveProject(suggestedName, text, location) {
      const r = await api.saveProjectFile(location ?? null, suggestedName, text);
      if (r === null) return null;
      if ('error' in r) throw new Error(r.error);
      return { name: r.name, location: r.fileId };
    },
    recentFiles: {
      async list() {
        const r = await api.listRecentFiles();
        if ('error' in r) throw new Error(r.error);
        return r;
      },
      async open(id) {
        const r = await api.openRecentFile(id);
        if ('error' in r) throw new Error(r.error);
        return { name: r.name, text: r.text, location: r.fileId };
      },
    },
    recovery: {
      async read() {
        const r = await api.readRecovery();
        return r !== null && typeof r === 'object' ? null : r;
      },
      async write(text) {
        const r = await api.writeRecovery(text);
        if ('error' in r) throw new Error(r.error);
      },
      async clear() {
        const r = await api.clearRecovery();
        if ('error' in r) throw new Error(r.error);
      },
    },
    onSaveThen: (listener) => api.onSaveThen(listener),
    onOpenedBySystem(listener) {
      openListener = listener;
      if (waiting) listener(waiting);
      waiting = null;
      return () => {
        if (openListener === listener) openListener = null;
      };
    },
    async chooseCsv(onProgress) {
      const picked = await api.pickCsv();
      if (!picked) return null;
      if ('error' in picked) throw new Error(picked.error);
      // The trainer reads the picked file itself, streaming; there is nothing to upload.
      onProgress(1);
      return { source: { fileId: picked.fileId }, name: picked.name };
    },
    storage: pageStorage(),
    onConnection(listener) {
      // IPC to the main process cannot drop while the window exists.
      listener({ connected: true, message: '' });
      return () => {};
    },
  };
}
