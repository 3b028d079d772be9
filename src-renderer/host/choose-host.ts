/**
 * Picks the host at startup: the preload API means Electron; `?host=memory`
 * runs the demo trainer in the page; otherwise the browser host and its WebSocket.
 */
import type { DenselyPreloadApi } from '../../src-shared/protocol/preload-api';
import { createBrowserHost } from './browser-host';
import { createElectronHost } from './electron-host';
import type { Host } from './host';
import { createMemoryHost } from './memory-host';

declare global {
  interface Window {
    densely?: DenselyPreloadApi;
  }
}

export function chooseHost(win: Window = window): Host {
  if (win.densely) return createElectronHost(win.densely);
  if (new URLSearchParams(win.location.search).get('host') === 'memory') return createMemoryHost({ demo: true });
  return createBrowserHost(win.location);
}
