/**
 * Binds the trainer service to Electron IPC for one window. Messages are
 * accepted only from that window's own top frame, and validated like any other.
 */
import type { BrowserWindow, IpcMainEvent } from 'electron';
import { ipcMain } from 'electron';
import type { ToRenderer } from '../../src-shared/protocol/messages';
import { createTrainerService, type ServiceOptions } from '../trainer/service';
import { checkedEmit, createDispatcher } from './dispatcher';

export const TO_MAIN = 'densely:to-main';
export const TO_RENDERER = 'densely:to-renderer';

export function bindWindow(win: BrowserWindow, options: ServiceOptions = {}): () => void {
  const send = (msg: ToRenderer) => {
    if (!win.isDestroyed()) win.webContents.send(TO_RENDERER, msg);
  };
  const service = createTrainerService(checkedEmit(send), options);
  const dispatch = createDispatcher(service.handlers, send);
  const listener = (event: IpcMainEvent, raw: unknown) => {
    if (event.sender !== win.webContents || event.senderFrame !== win.webContents.mainFrame) return;
    void dispatch(raw);
  };
  ipcMain.on(TO_MAIN, listener);
  const unbind = () => {
    ipcMain.off(TO_MAIN, listener);
    service.dispose();
  };
  win.on('closed', unbind);
  return unbind;
}
