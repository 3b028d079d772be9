/**
 * Binds the trainer service to Electron IPC for one window. Messages are
 * accepted only from that window's own top frame showing the app's origin,
 * bounded in size before they are parsed, and validated like any other.
 */
import type { BrowserWindow, IpcMainEvent } from 'electron';
import { ipcMain } from 'electron';
import type { ToRenderer } from '../../src-shared/protocol/messages';
import { APP_ORIGIN, isTrustedFrame, isWithinJsonBudget, MAX_IPC_MESSAGE_BYTES, oversizedRequest } from '../ipc-guard';
import { createTrainerService, type ServiceOptions } from '../trainer/service';
import { checkedEmit, createDispatcher } from './dispatcher';

export const TO_MAIN = 'densely:to-main';
export const TO_RENDERER = 'densely:to-renderer';

/** The request id of a refused message, if it has one, so that its caller is answered rather than left waiting. */
function requestId(raw: unknown): number | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
}

/** `origins` are the pages that may talk to the trainer (trustedOrigins); the app's own by default. */
export function bindWindow(win: BrowserWindow, options: ServiceOptions = {}, origins: readonly string[] = [APP_ORIGIN]): () => void {
  const send = (msg: ToRenderer) => {
    if (!win.isDestroyed()) win.webContents.send(TO_RENDERER, msg);
  };
  const service = createTrainerService(checkedEmit(send), options);
  const dispatch = createDispatcher(service.handlers, send);
  const listener = (event: IpcMainEvent, raw: unknown) => {
    // Another window, a subframe, or a page that navigated away gets no answer at all.
    if (win.isDestroyed() || event.sender !== win.webContents || !isTrustedFrame(event.senderFrame, origins)) return;
    if (!isWithinJsonBudget(raw, MAX_IPC_MESSAGE_BYTES)) {
      const error = oversizedRequest(MAX_IPC_MESSAGE_BYTES);
      send({ type: 'event', name: 'error', payload: { message: error } });
      const id = requestId(raw);
      if (id !== undefined) send({ type: 'response', id, ok: false, error });
      return;
    }
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
