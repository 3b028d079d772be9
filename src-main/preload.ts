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
  openProject: () => ipcRenderer.invoke('densely:open-project'),
  saveProject: (suggestedName, text) => ipcRenderer.invoke('densely:save-project', suggestedName, text),
  pickCsv: () => ipcRenderer.invoke('densely:pick-csv'),
};

contextBridge.exposeInMainWorld('densely', api);
