import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BrowserWindow, Dialog, IpcMain } from 'electron';
import { MAX_PROJECT_FILE_BYTES } from '../src-shared/layers/limits';
import { APP_ORIGIN, MALFORMED_REQUEST } from './ipc-guard';
import { createProjectFiles, guardUnsavedChanges, openForSystem, PROJECT_CHANNELS, projectPathInArgs, registerProjectFiles } from './project-files';

const folder = (tag: string) => mkdtempSync(join(tmpdir(), `densely-${tag}-`));
const never = async () => {
  throw new Error('no dialog was expected');
};

describe('project files in main', () => {
  it('saves again to the same file without asking, and Save As asks', async () => {
    const userData = folder('user');
    const docs = folder('docs');
    const files = await createProjectFiles(userData);
    const asked: string[] = [];
    const first = await files.save(null, 'digits.densely.json', 'one', async (s) => (asked.push(s), join(docs, s)));
    expect(first).toEqual({ name: 'digits.densely.json', fileId: expect.any(String) });
    const id = (first as { fileId: string }).fileId;
    expect(await files.save(id, 'digits.densely.json', 'two', never)).toEqual({ name: 'digits.densely.json', fileId: id });
    expect(readFileSync(join(docs, 'digits.densely.json'), 'utf8')).toBe('two');
    expect(asked).toEqual(['digits.densely.json']);
    // Save As: asked again, a new place, a new id.
    const copy = await files.save(null, 'digits.densely.json', 'three', async () => join(docs, 'copy.densely.json'));
    expect(copy).toMatchObject({ name: 'copy.densely.json' });
    expect((copy as { fileId: string }).fileId).not.toBe(id);
    expect(await files.save(null, 'x', 'four', async () => null)).toBeNull();
    expect(await files.save('not-an-id', 'x', 'five', never)).toEqual({ error: 'Densely no longer knows where that file is; use Save As… to choose a place.' });
  });

  it('names the chosen file, never its folders, when a read or a write fails, and says why in words', async () => {
    const files = await createProjectFiles(folder('user'));
    const docs = folder('docs');
    const big = join(docs, 'huge.densely.json');
    writeFileSync(big, 'x'.repeat(MAX_PROJECT_FILE_BYTES + 1));
    const opened = (await files.open(async () => big)) as { error: string };
    expect(opened.error).toBe('huge.densely.json is 2,097,153 bytes, more than the 2,097,152 a project file may have; use a smaller file.');
    expect(opened.error).not.toContain(docs);
    const saved = (await files.save(null, 'net', '{}', async () => join(docs, 'no-such-folder', 'net.densely.json'))) as { error: string };
    expect(saved).toEqual({ error: 'The project could not be saved as net.densely.json (that folder does not exist); use Save As… to choose another folder.' });
  });

  it('keeps the last eight files, newest first, as names and ids only, across a restart', async () => {
    const userData = folder('user');
    const docs = folder('docs');
    const files = await createProjectFiles(userData);
    for (let i = 1; i <= 10; i++) await files.save(null, `n${i}`, `{"n":${i}}`, async () => join(docs, `net${i}.densely.json`));
    await files.open(async () => join(docs, 'net3.densely.json'));
    const again = await createProjectFiles(userData);
    const recent = again.listRecent();
    expect(recent.map((r) => r.name)).toEqual(['net3.densely.json', 'net10.densely.json', 'net9.densely.json', 'net8.densely.json', 'net7.densely.json', 'net6.densely.json', 'net5.densely.json', 'net4.densely.json']);
    expect(JSON.stringify(recent)).not.toContain(docs);
    const opened = await again.openRecent(recent[5]!.id);
    expect(opened).toEqual({ name: 'net6.densely.json', text: '{"n":6}', fileId: recent[5]!.id });
    expect(await again.openRecent('made-up')).toEqual({ error: 'That file is no longer in the recent list; open it with Open….' });
  });

  it('takes a file that went away off the recent list, saying so', async () => {
    const userData = folder('user');
    const docs = folder('docs');
    const files = await createProjectFiles(userData);
    await files.save(null, 'gone', 'x', async () => join(docs, 'gone.densely.json'));
    const [entry] = files.listRecent();
    rmSync(join(docs, 'gone.densely.json'));
    const r = await files.openRecent(entry!.id);
    expect(r).toEqual({ error: expect.stringMatching(/^gone\.densely\.json could not be opened from the recent list: There is no project file at .*; check the path\. It was taken off the list\.$/) });
    expect(files.listRecent()).toEqual([]);
  });

  it('writes, reads and deletes the recovery copy under userData/recovery', async () => {
    const userData = folder('user');
    const files = await createProjectFiles(userData);
    expect(await files.readRecovery()).toBeNull();
    await files.writeRecovery('{"unsaved":true}');
    expect(readFileSync(join(userData, 'recovery', 'recovery.densely.json'), 'utf8')).toBe('{"unsaved":true}');
    expect(await (await createProjectFiles(userData)).readRecovery()).toBe('{"unsaved":true}');
    await files.clearRecovery();
    expect(await files.readRecovery()).toBeNull();
  });

  it('cleans temp files of killed saves in the recovery folder, userData and the folders of recent files', async () => {
    const userData = folder('user');
    const docs = folder('docs');
    const files = await createProjectFiles(userData);
    await files.save(null, 'a', 'x', async () => join(docs, 'a.densely.json'));
    await files.writeRecovery('y');
    writeFileSync(join(docs, 'a.densely.json.3141592653'), '{"to');
    writeFileSync(join(docs, 'their.json.12'), 'not ours');
    writeFileSync(join(userData, 'recovery', 'recovery.densely.json.77'), '{');
    writeFileSync(join(userData, 'recent.json.4294967295'), '{');
    const removed = await (await createProjectFiles(userData)).cleanStaleTempFiles();
    expect(removed.sort()).toEqual([join(docs, 'a.densely.json.3141592653'), join(userData, 'recent.json.4294967295'), join(userData, 'recovery', 'recovery.densely.json.77')].sort());
    expect(readdirSync(docs).sort()).toEqual(['a.densely.json', 'their.json.12']);
  });
});

describe('the project-file IPC handlers', () => {
  async function register() {
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
    const ipcMain = { handle: (channel: string, h: never) => void handlers.set(channel, h) } as unknown as IpcMain;
    const userData = folder('user');
    await registerProjectFiles({ ipcMain, dialog: {} as Dialog, BrowserWindow: { fromWebContents: () => null } as unknown as typeof BrowserWindow }, userData, [APP_ORIGIN]);
    const call = (channel: string, frameUrl: string, ...args: unknown[]) => handlers.get(channel)!({ senderFrame: { url: frameUrl, parent: null }, sender: {} }, ...args);
    return { call, userData };
  }

  it('writes the recovery copy for the app itself, and refuses other pages and oversized copies before touching disk', async () => {
    const { call, userData } = await register();
    expect(await call(PROJECT_CHANNELS.writeRecovery, `${APP_ORIGIN}/index.html`, '{"a":1}')).toEqual({ ok: true });
    expect(await call(PROJECT_CHANNELS.readRecovery, `${APP_ORIGIN}/index.html`)).toBe('{"a":1}');
    expect(await call(PROJECT_CHANNELS.writeRecovery, 'https://evil.example/', 'x')).toEqual({ error: 'Densely refused a request from a page that is not its own.' });
    // A full-size project is a legitimate copy; one byte more is refused before it is written.
    expect(await call(PROJECT_CHANNELS.writeRecovery, `${APP_ORIGIN}/index.html`, 'x'.repeat(MAX_PROJECT_FILE_BYTES))).toEqual({ ok: true });
    expect(await call(PROJECT_CHANNELS.writeRecovery, `${APP_ORIGIN}/index.html`, 'x'.repeat(MAX_PROJECT_FILE_BYTES + 1))).toEqual({
      error: MALFORMED_REQUEST,
    });
    expect(await call(PROJECT_CHANNELS.openRecent, `${APP_ORIGIN}/index.html`, { path: '/etc/passwd' })).toEqual({
      error: MALFORMED_REQUEST,
    });
    // What is on disk is the full-size copy: the oversized one never reached it.
    expect(readFileSync(join(userData, 'recovery', 'recovery.densely.json'), 'utf8')).toBe('x'.repeat(MAX_PROJECT_FILE_BYTES));
    expect(await call(PROJECT_CHANNELS.clearRecovery, `${APP_ORIGIN}/index.html`)).toEqual({ ok: true });
    expect(existsSync(join(userData, 'recovery', 'recovery.densely.json'))).toBe(false);
  });
});

describe('before a window with unsaved changes unloads', () => {
  function fakeWindow(title: string) {
    const sent: unknown[][] = [];
    const webContents = Object.assign(new EventEmitter(), { send: (...args: unknown[]) => void sent.push(args) });
    const win = Object.assign(new EventEmitter(), { webContents, getTitle: () => title });
    return { win: win as unknown as BrowserWindow, webContents, sent, emitClose: () => win.emit('close', {}) };
  }
  function unload(webContents: { emit(name: string, e: unknown): boolean }) {
    let allowed = false;
    webContents.emit('will-prevent-unload', { preventDefault: () => (allowed = true) });
    return allowed;
  }

  it("asks Save, Don't Save or Cancel, naming the file; Don't Save unloads and deletes the recovery copy", async () => {
    const { win, webContents, emitClose } = fakeWindow('• lecture.densely.json — Densely');
    const asked: { message: string; buttons: string[] }[] = [];
    let cleared = 0;
    guardUnsavedChanges(win, { showMessageBoxSync: ((_w: unknown, o: { message: string; buttons: string[] }) => (asked.push(o), 1)) as never }, { clearRecovery: async () => void cleared++ });
    emitClose();
    expect(unload(webContents)).toBe(true);
    expect(asked).toEqual([expect.objectContaining({ buttons: ['Save', "Don't Save", 'Cancel'], message: 'Save the changes to lecture.densely.json before closing?' })]);
    expect(cleared).toBe(1);
  });

  it('Cancel keeps the window; Save keeps it and has the page save, then close or reload as was meant', () => {
    const { win, webContents, sent, emitClose } = fakeWindow('• Untitled — Densely');
    let answer = 2;
    const messages: string[] = [];
    guardUnsavedChanges(win, { showMessageBoxSync: ((_w: unknown, o: { message: string }) => (messages.push(o.message), answer)) as never }, { clearRecovery: async () => {} });
    emitClose();
    expect(unload(webContents)).toBe(false);
    expect(sent).toEqual([]);
    answer = 0;
    emitClose();
    expect(unload(webContents)).toBe(false);
    // A reload (no close before it) is named as one.
    expect(unload(webContents)).toBe(false);
    expect(sent).toEqual([[PROJECT_CHANNELS.saveThen, 'close'], [PROJECT_CHANNELS.saveThen, 'reload']]);
    expect(messages.at(-1)).toBe('Save the changes to Untitled before reloading?');
  });
});

describe('projects the system asks to open', () => {
  it('finds the project on a command line among the switches Chromium adds, relative to where it was typed', () => {
    expect(projectPathInArgs(['--no-sandbox', 'nets/a.densely.json'], '/home/ada')).toBe('/home/ada/nets/a.densely.json');
    expect(projectPathInArgs(['/tmp/B.DENSELY.JSON'], '/home/ada')).toBe('/tmp/B.DENSELY.JSON');
    expect(projectPathInArgs(['file:///home/ada/my%20nets/c.densely.json'], '/')).toBe('/home/ada/my nets/c.densely.json');
    // The value of --backend is never a file, and a bare switch or a folder is not a project.
    expect(projectPathInArgs(['--backend', 'x.json', '--inspect', '.'], '/home/ada')).toBeNull();
    expect(projectPathInArgs([], '/home/ada')).toBeNull();
  });

  it('reads the file as Open does and sends its name, text and id, never its path', async () => {
    const docs = folder('docs');
    const path = join(docs, 'mine.densely.json');
    writeFileSync(path, '{"x":1}');
    const files = await createProjectFiles(folder('user'));
    const sent: unknown[][] = [];
    const win = { webContents: { send: (...args: unknown[]) => void sent.push(args) } };
    await openForSystem(files, path, win);
    expect(sent).toEqual([[PROJECT_CHANNELS.openedBySystem, { name: 'mine.densely.json', text: '{"x":1}', fileId: expect.any(String) }]]);
    expect(JSON.stringify(sent)).not.toContain(docs);
    // Opened like Open: it heads the recent list, under the id that was sent.
    expect(files.listRecent()[0]).toEqual({ id: (sent[0]![1] as { fileId: string }).fileId, name: 'mine.densely.json' });

    sent.length = 0;
    await openForSystem(files, join(docs, 'gone.densely.json'), win);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual([PROJECT_CHANNELS.openedBySystem, { error: 'There is no project file at gone.densely.json; check the path.' }]);
  });
});
