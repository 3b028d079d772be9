/**
 * The preload script: exposes a narrow, typed API on `window.densely`
 * through contextBridge. ipcRenderer itself never reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { DenselyPreloadApi } from '../src-shared/protocol/preload-api';

// Channel names are repeated here, not imported, so the sandboxed preload bundles nothing from main.
const TO_MAIN = 'densely:to-main';
const TO_RENDERER = 'densely:to-renderer';

const api: DenselyPreloadApi = {
  send: (msg) => ipcRenderer.send(TO_MAIN, msg),
  onMessage(listener) {
    const wrapped = (_event: IpcRendererEvent, msg: unknown) => listener(msg);
    ipcRenderer.on(TO_RENDERER, wrapped);
    return () => ipcRenderer.off(TO_RENDERER, wrapped);
  },
  pickCsv: () => ipcRenderer.invoke('densely:pick-csv'),
  // Project files and the recovery copy (src-main/project-files.ts): ids and names cross, never paths.
  openProjectFile: () => ipcRenderer.invoke('densely:project-open'),
  openRecentFile: (id) => ipcRenderer.invoke('densely:project-open-recent', id),
  saveProjectFile: (fileId, suggestedName, text) => ipcRenderer.invoke('densely:project-save', fileId, suggestedName, text),
  listRecentFiles: () => ipcRenderer.invoke('densely:recent-list'),
  readRecovery: () => ipcRenderer.invoke('densely:recovery-read'),
  writeRecovery: (text) => ipcRenderer.invoke('densely:recovery-write', text),
  clearRecovery: () => ipcRenderer.invoke('densely:recovery-clear'),
  onSaveThen(listener) {
    const wrapped = (_event: IpcRendererEvent, then: unknown) => {
      if (then === 'close' || then === 'reload') listener(then);
    };
    ipcRenderer.on('densely:save-then', wrapped);
    return () => ipcRenderer.off('densely:save-then', wrapped);
  },
  onOpenedBySystem(listener) {
    const wrapped = (_event: IpcRendererEvent, file: Parameters<typeof listener>[0]) => listener(file);
    ipcRenderer.on('densely:project-opened-by-system', wrapped);
    return () => ipcRenderer.off('densely:project-opened-by-system', wrapped);
  },
};

contextBridge.exposeInMainWorld('densely', api);
