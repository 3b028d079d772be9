/**
 * The Electron main process: one window running the renderer, with the
 * trainer service bound to it over IPC. Hardened as Electron's security
 * checklist asks: context isolation, sandbox, no Node in the page, no
 * navigation away, no new windows.
 */
import { app, BrowserWindow, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerDialogs } from './dialogs';
import { createFileGrants } from './transport/file-grants';
import { bindWindow } from './transport/ipc';

/** Files the person picked in a dialog, by id; the trainer services resolve them. */
const grants = createFileGrants();

const here = dirname(fileURLToPath(import.meta.url));

function backendFromArgs(): string | undefined {
  const i = process.argv.indexOf('--backend');
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: 'Densely',
    show: false,
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  const backend = backendFromArgs();
  bindWindow(win, { ...(backend ? { backend } : {}), resolveFile: grants.resolve });
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(join(here, '../renderer/index.html'));
}

app.whenReady().then(() => {
  registerDialogs(grants);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
