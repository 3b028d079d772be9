/**
 * Binds one trainer service per WebSocket connection (the browser host's
 * side of the contract). Text frames carry codec-encoded messages; the web
 * host has checked Host, Origin and token before the handshake, and the
 * socket's maxPayload refuses any frame over MAX_MESSAGE_BYTES before it is read.
 */
import type { WebSocket } from 'ws';
import { decodeMessage, encodeMessage } from '../../src-shared/protocol/codec';
import type { ToRenderer } from '../../src-shared/protocol/messages';
import { createTrainerService, type ServiceOptions } from '../trainer/service';
import { checkedEmit, createDispatcher, type Handlers } from './dispatcher';

/** Events a slow socket may skip: a newer one supersedes them (latest wins). */
const DROPPABLE = new Set(['activations', 'weights', 'batch', 'boundary']);
/** Bytes queued on a socket beyond which droppable events are skipped. */
const BACKLOG_LIMIT = 1 << 20;

export interface SocketOptions extends ServiceOptions {
  /** Called once an import of `fileId` has ended, whether it succeeded or not: the upload is deleted then. */
  readonly onImported?: (fileId: string) => void;
}

export function bindSocket(socket: WebSocket, options: SocketOptions): void {
  const send = (msg: ToRenderer) => {
    if (socket.readyState !== socket.OPEN) return;
    if (msg.type === 'event' && DROPPABLE.has(msg.name) && socket.bufferedAmount > BACKLOG_LIMIT) return;
    socket.send(encodeMessage(msg));
  };
  const service = createTrainerService(checkedEmit(send), options);
  const handlers: Handlers = {
    ...service.handlers,
    async importCsv(args) {
      try {
        return await service.handlers.importCsv(args);
      } finally {
        options.onImported?.(args.source.fileId);
      }
    },
  };
  const dispatch = createDispatcher(handlers, send);
  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      send({ type: 'event', name: 'error', payload: { message: 'The trainer received a binary message; only text messages are understood.' } });
      return;
    }
    let raw: unknown;
    try {
      raw = decodeMessage(data.toString());
    } catch {
      send({ type: 'event', name: 'error', payload: { message: 'The trainer received a message that is not valid JSON; it was ignored.' } });
      return;
    }
    void dispatch(raw);
  });
  socket.on('close', () => service.dispose());
  socket.on('error', () => {
    service.dispose();
    // A refused frame (over the size limit, malformed) leaves the rest of its body on the wire: give a browser a second
    // to answer the close frame, then stop reading what it sends.
    setTimeout(() => socket.terminate(), 1000).unref();
  });
}
