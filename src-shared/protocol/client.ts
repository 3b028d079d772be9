/**
 * The renderer's side of the contract: typed requests with promises, typed
 * event subscriptions, and validation of everything that arrives.
 */
import type { EventName, EventPayload, RequestArgs, RequestName, RequestResult } from './contract';
import { checkResult, checkToRenderer, type ToMain } from './messages';

/** A way to send messages to the trainer and receive its replies: IPC, a WebSocket, or a test double. */
export interface Channel {
  send(msg: ToMain): void;
  /** Subscribes to raw arrivals; returns an unsubscribe function. */
  onMessage(listener: (raw: unknown) => void): () => void;
}

type Listener<K extends EventName> = (payload: EventPayload<K>) => void;

export class TrainerClient {
  private nextId = 1;
  private readonly pending = new Map<number, { name: RequestName; resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<EventName, Set<Listener<any>>>();
  private readonly problemListeners = new Set<(message: string) => void>();
  private readonly unsubscribe: () => void;

  constructor(private readonly channel: Channel) {
    this.unsubscribe = channel.onMessage((raw) => this.receive(raw));
  }

  request<K extends RequestName>(name: K, args: RequestArgs<K>): Promise<RequestResult<K>> {
    const id = this.nextId++;
    return new Promise<RequestResult<K>>((resolve, reject) => {
      this.pending.set(id, { name, resolve: resolve as (v: unknown) => void, reject });
      try {
        this.channel.send({ type: 'request', id, name, args });
      } catch (e) {
        this.pending.delete(id);
        // A message over the size limit is the request's fault, and its sentence says so; anything else is the channel's.
        reject(e instanceof RangeError ? e : new Error(`Could not reach the trainer (${(e as Error).message}); restart Densely.`));
      }
    });
  }

  on<K extends EventName>(name: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set!.delete(listener);
  }

  /** Protocol problems (malformed arrivals); the UI shows them, nothing crashes. */
  onProblem(listener: (message: string) => void): () => void {
    this.problemListeners.add(listener);
    return () => this.problemListeners.delete(listener);
  }

  /** Rejects every request in flight, e.g. when the connection drops. */
  failAll(message: string): void {
    for (const p of this.pending.values()) p.reject(new Error(message));
    this.pending.clear();
  }

  dispose(): void {
    this.unsubscribe();
    this.failAll('The trainer connection was closed.');
  }

  private problem(message: string): void {
    for (const l of this.problemListeners) l(message);
  }

  private receive(raw: unknown): void {
    const checked = checkToRenderer(raw);
    if (!checked.ok) return this.problem(checked.error);
    const msg = checked.value;
    if (msg.type === 'event') {
      for (const l of this.listeners.get(msg.name) ?? []) l(msg.payload);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (!msg.ok) return p.reject(new Error(msg.error));
    const result = checkResult(p.name, msg.result);
    if (!result.ok) {
      this.problem(result.error);
      return p.reject(new Error(result.error));
    }
    p.resolve(result.value);
  }
}
