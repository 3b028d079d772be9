/**
 * The trainer's side of the contract: validates each request on arrival,
 * routes it to its handler, and answers with a response. A malformed message
 * gets an `error` event (and a failed response where it had an id), never a crash.
 */
import type { EventName, EventPayload, ParsedArgs, RequestName, RequestResult } from '../../src-shared/protocol/contract';
import { events } from '../../src-shared/protocol/contract';
import { checkRequest, type ToRenderer } from '../../src-shared/protocol/messages';

export type Handlers = { [K in RequestName]: (args: ParsedArgs<K>) => Promise<RequestResult<K>> | RequestResult<K> };

export type Emit = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

/** Builds an emit function that checks outgoing events too: a bug here must not reach the renderer as garbage. */
export function checkedEmit(send: (msg: ToRenderer) => void): Emit {
  return (name, payload) => {
    const parsed = events[name].safeParse(payload);
    if (!parsed.success) {
      send({ type: 'event', name: 'error', payload: { message: `Internal error: the trainer produced an invalid "${name}" event.` } });
      return;
    }
    send({ type: 'event', name, payload } as ToRenderer);
  };
}

export function createDispatcher(handlers: Handlers, send: (msg: ToRenderer) => void): (raw: unknown) => Promise<void> {
  return async (raw) => {
    const checked = checkRequest(raw);
    if (!checked.ok) {
      send({ type: 'event', name: 'error', payload: { message: checked.error } });
      if (checked.id !== undefined) send({ type: 'response', id: checked.id, ok: false, error: checked.error });
      return;
    }
    const { id, name, args } = checked.value;
    try {
      const handler = handlers[name] as (a: unknown) => Promise<unknown> | unknown;
      const result = await handler(args);
      send({ type: 'response', id, ok: true, result });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      send({ type: 'response', id, ok: false, error: message });
    }
  };
}
