/**
 * The envelopes that carry the contract, and their validation on arrival.
 * Validation never throws: it returns the message or a sentence.
 */
import { z } from 'zod';
import { describeIssue } from '../graph/validation';
import { events, requests, type EventName, type EventPayload, type RequestName } from './contract';

export interface RequestMessage {
  readonly type: 'request';
  readonly id: number;
  readonly name: RequestName;
  readonly args: unknown;
}
export type ResponseMessage =
  | { readonly type: 'response'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly type: 'response'; readonly id: number; readonly ok: false; readonly error: string };
export interface EventMessage<K extends EventName = EventName> {
  readonly type: 'event';
  readonly name: K;
  readonly payload: EventPayload<K>;
}
export type ToMain = RequestMessage;
export type ToRenderer = ResponseMessage | EventMessage;

type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const requestEnvelope = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  name: z.string(),
  args: z.unknown(),
});

/** Checks a message from the renderer: the envelope, the name, then the arguments. */
export function checkRequest(raw: unknown): Checked<{ id: number; name: RequestName; args: unknown }> & { id?: number } {
  const env = requestEnvelope.safeParse(raw);
  if (!env.success) return { ok: false, error: `A message to the trainer was malformed (${describeIssue(env.error)}).` };
  const { id, name } = env.data;
  if (!Object.hasOwn(requests, name)) return { ok: false, id, error: `The trainer has no request named "${name}".` };
  const spec = requests[name as RequestName];
  const args = spec.args.safeParse(env.data.args ?? {});
  if (!args.success) return { ok: false, id, error: `The "${name}" request was not valid: ${describeIssue(args.error)}.` };
  return { ok: true, value: { id, name: name as RequestName, args: args.data } };
}

const toRendererEnvelope = z.union([
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(false), error: z.string() }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);

/** Checks a message from the trainer; results are checked against their request by the client. */
export function checkToRenderer(raw: unknown): Checked<ToRenderer> {
  const env = toRendererEnvelope.safeParse(raw);
  if (!env.success) return { ok: false, error: `A message from the trainer was malformed (${describeIssue(env.error)}).` };
  const msg = env.data;
  if (msg.type === 'response') return { ok: true, value: msg as ResponseMessage };
  if (!Object.hasOwn(events, msg.name)) return { ok: false, error: `The trainer sent an unknown event "${msg.name}".` };
  const payload = events[msg.name as EventName].safeParse(msg.payload);
  if (!payload.success) return { ok: false, error: `The trainer's "${msg.name}" event was not valid: ${describeIssue(payload.error)}.` };
  return { ok: true, value: { type: 'event', name: msg.name as EventName, payload: payload.data } as EventMessage };
}

export function checkResult<K extends RequestName>(name: K, raw: unknown): Checked<unknown> {
  const parsed = requests[name].result.safeParse(raw);
  if (!parsed.success) return { ok: false, error: `The trainer's answer to "${name}" was not valid: ${describeIssue(parsed.error)}.` };
  return { ok: true, value: parsed.data };
}
