/**
 * The Electron main process: one window running the renderer, with the
 * trainer service bound to it over IPC. Hardened as Electron's security
 * checklist asks (docs/security.md, item by item): the page is served from
 * app://densely/ with a CSP header, runs sandboxed and isolated with no Node,
 * gets no permission, cannot navigate away or open windows, and every IPC
 * handler checks its sender and its payload.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerAppScheme, rendererUrl, serveApp } from './app-protocol';
import { registerDialogs } from './dialogs';
import { trustedOrigins } from './ipc-guard';
import { saveModelWithDialog } from './model-save-dialog';
import { guardUnsavedChanges, openForSystem, projectPathInArgs, registerProjectFiles, type ProjectFiles } from './project-files';
import { createFileGrants } from './transport/file-grants';
import { bindWindow } from './transport/ipc';
import { denyAllPermissions, denyPermissionsInEverySession, guardAllWebContents } from './web-contents-guard';

/** Files the person picked in a dialog, by id; the trainer services resolve them. */
const grants = createFileGrants();

const here = dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = join(here, '../renderer');

/** Read once: a packaged app ignores the dev server's URL entirely. */
const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const origins = trustedOrigins(app.isPackaged, devUrl);

/** Open, Save, Recent and the recovery copy; set once the app is ready, before the first window. */
let projectFiles: ProjectFiles | null = null;

/**
 * Project files the system asked to open (`densely FILE`, the file manager, macOS open-file) wait here until the
 * window has loaded the page that listens for them; only the last one is kept, as only one document is open.
 */
let mainWindow: BrowserWindow | null = null;
let pageLoaded = false;
let waitingPath: string | null = null;

function openFromSystem(path: string): void {
  waitingPath = path;
  if (!projectFiles || !mainWindow || !pageLoaded) return;
  waitingPath = null;
  void openForSystem(projectFiles, path, mainWindow);
}

/** The arguments after the executable (packaged) or after `electron .` (development). */
const ownArgs = (argv: readonly string[]) => argv.slice(app.isPackaged ? 1 : 2);

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
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  const backend = backendFromArgs();
  bindWindow(win, { ...(backend ? { backend } : {}), resolveFile: grants.resolve, deliverModel: saveModelWithDialog(dialog, () => win) }, origins);
  if (projectFiles) guardUnsavedChanges(win, dialog, projectFiles);
  win.once('ready-to-show', () => win.show());
  mainWindow = win;
  pageLoaded = false;
  win.webContents.once('did-finish-load', () => {
    pageLoaded = true;
    if (waitingPath) openFromSystem(waitingPath);
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(rendererUrl(app.isPackaged, devUrl));
}

// One Densely at a time: `densely FILE` while it runs hands FILE to the running app (second-instance) and quits.
const primary = app.requestSingleInstanceLock();
if (!primary) app.quit();
app.on('second-instance', (_event, argv, workingDirectory) => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
  const path = projectPathInArgs(ownArgs(argv), workingDirectory);
  if (path) openFromSystem(path);
});
// macOS hands files over by event, not argv, and may do so before `ready` (a double-click that launched the app).
app.on('open-file', (event, path) => {
  event.preventDefault();
  openFromSystem(path);
});
{
  const path = projectPathInArgs(ownArgs(process.argv), process.cwd());
  if (path) openFromSystem(path);
}

// Before `ready`: the scheme must be privileged before any session exists, and
// the guards must be in place before the first web contents is created.
app.enableSandbox();
registerAppScheme(protocol);
denyPermissionsInEverySession(app);
guardAllWebContents(app, shell, origins);

void app.whenReady().then(async () => {
  if (!primary) return;
  denyAllPermissions(session.defaultSession);
  serveApp(protocol, RENDERER_DIR);
  registerDialogs(grants, origins);
  // Also removes the temp files that a save killed mid-write left behind.
  projectFiles = await registerProjectFiles({ ipcMain, dialog, BrowserWindow }, app.getPath('userData'), origins);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
