/**
 * Binds one trainer service per WebSocket connection (the browser host's
 * side of the contract). Text frames carry codec-encoded messages.
 */
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { decodeMessage, encodeMessage } from '../../src-shared/protocol/codec';
import type { ToRenderer } from '../../src-shared/protocol/messages';
import { createTrainerService, type ServiceOptions } from '../trainer/service';
import { checkedEmit, createDispatcher } from './dispatcher';

/** Events a slow socket may skip: a newer one supersedes them (latest wins). */
const DROPPABLE = new Set(['activations', 'weights', 'batch']);
/** Bytes queued on a socket beyond which droppable events are skipped. */
const BACKLOG_LIMIT = 1 << 20;

/** The browser host connects from the page this server served; anything else is refused. */
export function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  const host = req.headers.host;
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function bindSocket(socket: WebSocket, options: ServiceOptions): void {
  const send = (msg: ToRenderer) => {
    if (socket.readyState !== socket.OPEN) return;
    if (msg.type === 'event' && DROPPABLE.has(msg.name) && socket.bufferedAmount > BACKLOG_LIMIT) return;
    socket.send(encodeMessage(msg));
  };
  const service = createTrainerService(checkedEmit(send), options);
  const dispatch = createDispatcher(service.handlers, send);
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
  socket.on('error', () => service.dispose());
}
