import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({ ipcMain: null as unknown as import('node:events').EventEmitter }));
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  electron.ipcMain = new Emitter();
  return electron;
});
// The trainer itself is not under test here: a service whose one handler answers at once.
const service = vi.hoisted(() => ({ pause: vi.fn(async () => ({ ok: true as const })), dispose: vi.fn() }));
vi.mock('../trainer/service', () => ({
  createTrainerService: () => ({ handlers: { pause: service.pause }, dispose: service.dispose }),
}));

import { MAX_IPC_MESSAGE_BYTES } from '../ipc-guard';
import { bindWindow, TO_MAIN, TO_RENDERER } from './ipc';

const mainFrame = { url: 'app://densely/index.html', parent: null };

function fakeWindow() {
  const sent: unknown[] = [];
  const win = Object.assign(new EventEmitter(), {
    isDestroyed: () => false,
    webContents: { send: (channel: string, msg: unknown) => channel === TO_RENDERER && sent.push(msg), mainFrame },
  });
  return { win, sent };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const pause = (id: number) => ({ type: 'request', id, name: 'pause', args: {} });

beforeEach(() => {
  electron.ipcMain.removeAllListeners();
  service.pause.mockClear();
});

describe('the trainer over IPC', () => {
  it('answers the window\'s own top frame', async () => {
    const { win, sent } = fakeWindow();
    bindWindow(win as never);
    electron.ipcMain.emit(TO_MAIN, { sender: win.webContents, senderFrame: mainFrame }, pause(1));
    await settle();
    expect(sent).toEqual([{ type: 'response', id: 1, ok: true, result: { ok: true } }]);
  });

  it('ignores another window, a subframe and a page that is not the app', async () => {
    const { win, sent } = fakeWindow();
    const other = fakeWindow();
    bindWindow(win as never);
    electron.ipcMain.emit(TO_MAIN, { sender: other.win.webContents, senderFrame: mainFrame }, pause(1));
    electron.ipcMain.emit(TO_MAIN, { sender: win.webContents, senderFrame: { url: 'app://densely/index.html', parent: mainFrame } }, pause(2));
    electron.ipcMain.emit(TO_MAIN, { sender: win.webContents, senderFrame: { url: 'https://evil.example/', parent: null } }, pause(3));
    electron.ipcMain.emit(TO_MAIN, { sender: win.webContents, senderFrame: null }, pause(4));
    await settle();
    expect(service.pause).not.toHaveBeenCalled();
    expect(sent).toEqual([]);
  });

  it('refuses a message over the size limit before it is parsed, answering its request id', async () => {
    const { win, sent } = fakeWindow();
    bindWindow(win as never);
    const big = { type: 'request', id: 7, name: 'predict', args: { inputs: [new Array(MAX_IPC_MESSAGE_BYTES).fill(0)] } };
    electron.ipcMain.emit(TO_MAIN, { sender: win.webContents, senderFrame: mainFrame }, big);
    await settle();
    const error = 'Densely refused a request of more than 1 MiB from its window; files go through Open or Import, not the request itself.';
    expect(sent).toEqual([
      { type: 'event', name: 'error', payload: { message: error } },
      { type: 'response', id: 7, ok: false, error },
    ]);
  });

  it('stops listening when the window closes', async () => {
    const { win, sent } = fakeWindow();
    bindWindow(win as never);
    win.emit('closed');
    expect(service.dispose).toHaveBeenCalled();
    electron.ipcMain.emit(TO_MAIN, { sender: win.webContents, senderFrame: mainFrame }, pause(1));
    await settle();
    expect(sent).toEqual([]);
  });
});
