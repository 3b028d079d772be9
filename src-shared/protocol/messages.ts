/**
 * The envelopes that carry the contract, and their validation on arrival.
 * Validation never throws: it returns the message or a sentence.
 */
import { z } from 'zod';
import { formatCount } from '../format';
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

/**
 * The largest message either side sends over the WebSocket. A real request
 * (the digit template, a predict batch) is under 100 KB; CSVs go through the
 * upload instead. The web host's socket refuses a larger frame before reading it.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * The web host's per-start token: the page's address carries it as `?token=`,
 * the socket's address too (a browser WebSocket cannot set headers), an upload in this header.
 */
export const TOKEN_PARAM = 'token';
export const TOKEN_HEADER = 'x-densely-token';

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
  const overlong = firstOverlongArray(spec.args, env.data.args ?? {});
  if (overlong) return { ok: false, id, error: `The "${name}" request was not valid: ${overlong}.` };
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

interface SchemaDef {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly checks?: readonly { readonly _zod: { readonly def: { readonly check: string; readonly maximum?: number } } }[];
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/**
 * Checks every array in `value` against its schema's maximum length before
 * zod looks at a single element, so that an 800,000-layer request costs one
 * comparison rather than 800,000 layer checks. Walks the schema, not the
 * value: only arrays the schema declares are visited, and the elements of an
 * array are walked only when it is within its bound and they can hold arrays.
 * Returns the first overlong array as a sentence fragment, or null.
 */
export function firstOverlongArray(schema: z.ZodType, value: unknown, path: readonly (string | number)[] = []): string | null {
  const def = defOf(schema);
  if (WRAPPERS.has(def.type) && def.innerType) return firstOverlongArray(def.innerType, value, path);
  if (def.type === 'pipe' && def.in) return firstOverlongArray(def.in, value, path);
  if (def.type === 'object' && def.shape && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, field] of Object.entries(def.shape)) {
      if (!Object.hasOwn(value, key)) continue;
      const found = firstOverlongArray(field, (value as Record<string, unknown>)[key], [...path, key]);
      if (found) return found;
    }
    return null;
  }
  if (def.type === 'array' && Array.isArray(value)) {
    const max = def.checks?.find((c) => c._zod.def.check === 'max_length')?._zod.def.maximum;
    if (max !== undefined && value.length > max)
      return `${path.join('.') || 'the message'}: ${formatCount(value.length)} items, more than the ${formatCount(max)} allowed`;
    if (def.element && mayHoldArrays(def.element)) {
      for (let i = 0; i < value.length; i++) {
        const found = firstOverlongArray(def.element, value[i], [...path, i]);
        if (found) return found;
      }
    }
  }
  return null;
}

function mayHoldArrays(schema: z.ZodType): boolean {
  const def = defOf(schema);
  if (WRAPPERS.has(def.type) && def.innerType) return mayHoldArrays(def.innerType);
  if (def.type === 'pipe' && def.in) return mayHoldArrays(def.in);
  return def.type === 'array' || def.type === 'object';
}
