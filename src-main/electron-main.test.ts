/**
 * The main process's wiring, with Electron stubbed at its edges: what is done
 * before `ready`, what after, and which URL the window loads.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => [] as string[]);
const electron = vi.hoisted(() => {
  const windows: { options: Record<string, unknown>; loaded?: string; loadFinished: () => void; focused: number }[] = [];
  class BrowserWindow {
    static getAllWindows = () => windows;
    focused = 0;
    loadFinished = () => {};
    webContents = {
      on: () => {},
      setWindowOpenHandler: () => {},
      once: (name: string, l: () => void) => {
        if (name === 'did-finish-load') this.loadFinished = l;
      },
    };
    loaded: string | undefined;
    constructor(public options: Record<string, unknown>) {
      windows.push(this);
    }
    once() {}
    on() {}
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {
      this.focused++;
    }
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
      quit: () => calls.push('quit'),
      getPath: () => '/nonexistent-user-data',
      /** Whether this process is the one Densely (false: another already runs). */
      lock: true,
      requestSingleInstanceLock: () => electron.app.lock,
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
// openForSystem is the same read as Open (project-files.test.ts); here: which path reaches it, when, and for which window.
const opened = vi.hoisted(() => [] as { path: string; win: unknown }[]);
vi.mock('./project-files', async (importOriginal) => ({
  projectPathInArgs: (await importOriginal<typeof import('./project-files')>()).projectPathInArgs,
  registerProjectFiles: async (_electron: unknown, _userData: unknown, origins: string[]) => {
    calls.push(`registerProjectFiles ${origins.join(' ')}`);
    return {};
  },
  guardUnsavedChanges: () => calls.push('guardUnsavedChanges'),
  openForSystem: async (_files: unknown, path: string, win: unknown) => void opened.push({ path, win }),
}));

const savedArgv = process.argv;

async function start(isPackaged: boolean, devUrl: string | undefined, argv: string[] = ['/opt/Densely/densely'], lock = true) {
  calls.length = 0;
  opened.length = 0;
  electron.windows.length = 0;
  electron.listeners.clear();
  electron.app.isPackaged = isPackaged;
  electron.app.lock = lock;
  process.argv = argv;
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
  process.argv = savedArgv;
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

  it('opens the project named on its command line once the page has loaded, as an absolute path', async () => {
    const win = await start(true, undefined, ['/opt/Densely/densely', '--no-sandbox', 'nets/digits.densely.json']);
    // The page that listens has not loaded yet: nothing is sent into the void.
    expect(opened).toEqual([]);
    win.loadFinished();
    expect(opened).toEqual([{ path: join(process.cwd(), 'nets/digits.densely.json'), win }]);
  });

  it('in development skips `electron .` and opens nothing when no project is named', async () => {
    const win = await start(false, undefined, ['/x/electron', '.', '--backend', 'cpu']);
    win.loadFinished();
    expect(opened).toEqual([]);
  });

  it('a second `densely FILE` focuses this window and opens FILE from the folder it was typed in', async () => {
    const win = await start(true, undefined);
    win.loadFinished();
    electron.listeners.get('second-instance')!({}, ['/opt/Densely/densely', '--allow-file-access-from-files', 'b.densely.json'], '/home/ada/nets');
    expect(win.focused).toBe(1);
    expect(opened).toEqual([{ path: '/home/ada/nets/b.densely.json', win }]);
    // A second start with no file only brings the window forward.
    electron.listeners.get('second-instance')!({}, ['/opt/Densely/densely'], '/home/ada');
    expect(win.focused).toBe(2);
    expect(opened).toHaveLength(1);
  });

  it("takes macOS's open-file, even before the window exists, and keeps the default handling from running", async () => {
    const win = await start(true, undefined);
    const preventDefault = vi.fn();
    electron.listeners.get('open-file')!({ preventDefault }, '/Users/ada/c.densely.json');
    expect(preventDefault).toHaveBeenCalled();
    expect(opened).toEqual([]);
    win.loadFinished();
    expect(opened).toEqual([{ path: '/Users/ada/c.densely.json', win }]);
  });

  it('quits without a window when another Densely already runs (that one got the file)', async () => {
    await start(true, undefined, ['/opt/Densely/densely', 'a.densely.json'], false);
    expect(calls).toContain('quit');
    expect(electron.windows).toHaveLength(0);
  });
});
