/**
 * The main process's wiring, with Electron stubbed at its edges: what is done
 * before `ready`, what after, and which URL the window loads.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => [] as string[]);
const electron = vi.hoisted(() => {
  const windows: { options: Record<string, unknown>; loaded?: string }[] = [];
  class BrowserWindow {
    static getAllWindows = () => windows;
    webContents = { on: () => {}, setWindowOpenHandler: () => {} };
    loaded: string | undefined;
    constructor(public options: Record<string, unknown>) {
      windows.push(this);
    }
    once() {}
    on() {}
    loadURL(url: string) {
      calls.push(`loadURL ${url}`);
      this.loaded = url;
      return Promise.resolve();
    }
  }
  const listeners = new Map<string, (...args: unknown[]) => void>();
  return {
    windows,
    listeners,
    app: {
      isPackaged: false,
      enableSandbox: () => calls.push('enableSandbox'),
      whenReady: () => {
        calls.push('whenReady');
        return Promise.resolve();
      },
      on: (name: string, l: (...args: unknown[]) => void) => {
        calls.push(`on ${name}`);
        listeners.set(name, l);
      },
      quit: () => {},
      getPath: () => '/nonexistent-user-data',
    },
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: () => calls.push('registerSchemesAsPrivileged'),
      handle: (scheme: string) => calls.push(`handle ${scheme}`),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => calls.push('setPermissionRequestHandler'),
        setPermissionCheckHandler: () => calls.push('setPermissionCheckHandler'),
        setDevicePermissionHandler: () => calls.push('setDevicePermissionHandler'),
      },
    },
    shell: { openExternal: vi.fn() },
    ipcMain: { handle: (channel: string) => calls.push(`ipc ${channel}`) },
    dialog: {},
  };
});
vi.mock('electron', () => electron);
// The trainer (and tfjs with it) stays out of this test.
vi.mock('./transport/ipc', () => ({ bindWindow: (_win: unknown, _options: unknown, origins: string[]) => calls.push(`bindWindow ${origins.join(' ')}`) }));
// Project files touch userData on disk; here only their place in the start-up order matters.
vi.mock('./project-files', () => ({
  registerProjectFiles: async (_electron: unknown, _userData: unknown, origins: string[]) => {
    calls.push(`registerProjectFiles ${origins.join(' ')}`);
    return {};
  },
  guardUnsavedChanges: () => calls.push('guardUnsavedChanges'),
}));

async function start(isPackaged: boolean, devUrl: string | undefined) {
  calls.length = 0;
  electron.windows.length = 0;
  electron.app.isPackaged = isPackaged;
  if (devUrl === undefined) delete process.env.ELECTRON_RENDERER_URL;
  else process.env.ELECTRON_RENDERER_URL = devUrl;
  vi.resetModules();
  await import('./electron-main');
  await new Promise((r) => setTimeout(r, 0));
  return electron.windows[0]!;
}

const saved = process.env.ELECTRON_RENDERER_URL;
beforeEach(() => vi.spyOn(console, 'warn').mockImplementation(() => {}));
afterEach(() => {
  if (saved === undefined) delete process.env.ELECTRON_RENDERER_URL;
  else process.env.ELECTRON_RENDERER_URL = saved;
  vi.restoreAllMocks();
});

describe('the Electron main process', () => {
  it('privileges its scheme and guards web contents before ready; serves, denies and registers after', async () => {
    await start(true, undefined);
    const ready = calls.indexOf('whenReady');
    for (const before of ['enableSandbox', 'registerSchemesAsPrivileged', 'on session-created', 'on web-contents-created']) {
      expect(calls.indexOf(before), before).toBeGreaterThanOrEqual(0);
      expect(calls.indexOf(before), before).toBeLessThan(ready);
    }
    const load = calls.findIndex((c) => c.startsWith('loadURL'));
    for (const after of ['setPermissionRequestHandler', 'setPermissionCheckHandler', 'handle app', 'ipc densely:pick-csv', 'registerProjectFiles app://densely', 'guardUnsavedChanges']) {
      expect(calls.indexOf(after), after).toBeGreaterThan(ready);
      expect(calls.indexOf(after), after).toBeLessThan(load);
    }
  });

  it('loads app://densely/ when packaged, even with a dev server URL in the environment', async () => {
    const win = await start(true, 'http://localhost:5173/');
    expect(win.loaded).toBe('app://densely/index.html');
    expect(calls).toContain('bindWindow app://densely');
  });

  it('loads the dev server only when not packaged', async () => {
    const dev = await start(false, 'http://localhost:5173/');
    expect(dev.loaded).toBe('http://localhost:5173/');
    expect(calls).toContain('bindWindow app://densely http://localhost:5173');
    const plain = await start(false, undefined);
    expect(plain.loaded).toBe('app://densely/index.html');
  });

  it('opens its window sandboxed and isolated, with no Node, no webview and no insecure content', async () => {
    const win = await start(true, undefined);
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(win.options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
  });
});
