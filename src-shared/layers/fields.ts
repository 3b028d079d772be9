/**
 * A kind's editable fields as data: the inspector renders them, shape
 * inference checks them, and a new layer takes their defaults. Every check
 * returns a sentence that says what is wrong and what to enter instead.
 */
import { formatCount } from '../format';

/** The layer's own fields: everything but kind, id and name. */
export type FieldKey<L> = Exclude<keyof L, 'kind' | 'id' | 'name'> & string;

interface Base<L> {
  readonly key: FieldKey<L>;
  /** The label beside the field, e.g. "Kernel size". */
  readonly label: string;
  /** One sentence under the field. */
  readonly help: string;
}

export interface ChoiceOption {
  readonly value: string;
  readonly label: string;
  /** A line shown under the field while this option is chosen. */
  readonly help?: string;
}

export type FieldSpec<L> =
  | (Base<L> & { readonly type: 'integer'; readonly min: number; readonly max: number; readonly default: number })
  | (Base<L> & {
      readonly type: 'number';
      readonly min: number;
      readonly max: number;
      /** True when `max` itself is not allowed, as for a dropout rate of 1. */
      readonly maxExclusive?: boolean;
      readonly default: number;
    })
  | (Base<L> & { readonly type: 'choice'; readonly options: readonly ChoiceOption[]; readonly default: string })
  | (Base<L> & { readonly type: 'boolean'; readonly default: boolean })
  /** Two whole numbers, height x width: a kernel, a pool or strides. "3" means 3x3. */
  | (Base<L> & { readonly type: 'pair'; readonly min: number; readonly max: number; readonly default: readonly [number, number] })
  /** One to `maxRank` whole numbers: a shape such as 28x28x1. */
  | (Base<L> & { readonly type: 'shape'; readonly min: number; readonly max: number; readonly maxRank: number; readonly default: readonly number[] });

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** A new layer's fields, from the defaults of its field specs. */
export function defaultsOf<L extends { kind: string }>(kind: L['kind'], fields: readonly FieldSpec<L>[]): Omit<L, 'id' | 'name'> {
  const out: Record<string, unknown> = { kind };
  for (const f of fields) out[f.key] = Array.isArray(f.default) ? [...f.default] : f.default;
  return out as Omit<L, 'id' | 'name'>;
}

/** Why `value` is not a whole number from min to max, or null. `what` names it in the sentence. */
export function wholeNumberError(value: unknown, what: string, min: number, max: number): string | null {
  const range = `a whole number from ${formatCount(min)} to ${formatCount(max)}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${what} must be a number; enter ${range}.`;
  if (!Number.isInteger(value)) return `${what} must be a whole number, not ${value}; enter ${range}.`;
  if (value < min) return `${what} must be at least ${formatCount(min)}, not ${formatCount(value)}.`;
  if (value > max) return `${what} of ${formatCount(value)} is more than the limit of ${formatCount(max)}; enter ${range}.`;
  return null;
}

/** Why a field's value is not allowed, as a sentence starting with the field's label, or null. */
export function fieldError(field: AnyFieldSpec, value: unknown): string | null {
  switch (field.type) {
    case 'integer':
      return wholeNumberError(value, field.label, field.min, field.max);
    case 'number': {
      const range = `from ${field.min} up to ${field.maxExclusive ? '(not including) ' : ''}${field.max}`;
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${field.label} must be a number ${range}.`;
      if (value < field.min || value > field.max || (field.maxExclusive && value === field.max))
        return `${field.label} must be ${range}, not ${value}.`;
      return null;
    }
    case 'choice':
      return field.options.some((o) => o.value === value)
        ? null
        : `${field.label} must be one of ${field.options.map((o) => o.label).join(', ')}, not ${String(value)}.`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `${field.label} must be on or off.`;
    case 'pair':
    case 'shape': {
      const rank = field.type === 'pair' ? 2 : field.maxRank;
      if (!Array.isArray(value) || value.length < (field.type === 'pair' ? 2 : 1) || value.length > rank)
        return field.type === 'pair'
          ? `${field.label} must be two whole numbers, height x width, such as 3x3.`
          : `${field.label} must have 1 to ${rank} dimensions, such as 784, 28x28 or 28x28x1.`;
      for (const d of value) {
        const e = wholeNumberError(d, `Each of ${field.label.toLowerCase()}`, field.min, field.max);
        if (e) return e;
      }
      return null;
    }
  }
}

/** The first field error of a layer, prefixed with its label, or null. */
export function layerFieldsError<L>(fields: readonly FieldSpec<L>[], layer: L, label: string): string | null {
  for (const f of fields) {
    const e = fieldError(f as unknown as AnyFieldSpec, layer[f.key]);
    if (e) return `${label}: ${e}`;
  }
  return null;
}

const DIMS = /^\s*\d[\d,]*(\s*[x×*]\s*\d[\d,]*)*\s*$/i;
const dims = (t: string) => t.trim().split(/\s*[x×*]\s*/i).map((d) => Number(d.replace(/,/g, '')));

/** Reads what a person typed into a text field (integer, number, pair, shape); choices and switches need no parsing. */
export function parseFieldText(field: AnyFieldSpec, text: string): Parsed<unknown> {
  const t = text.trim();
  let value: unknown;
  switch (field.type) {
    case 'integer':
      if (!t) return { ok: false, error: `Enter ${field.label.toLowerCase()}, a whole number from ${formatCount(field.min)} to ${formatCount(field.max)}.` };
      value = Number(t.replace(/,/g, ''));
      break;
    case 'number':
      if (!t) return { ok: false, error: `Enter ${field.label.toLowerCase()}, such as ${field.default}.` };
      value = Number(t);
      break;
    case 'pair': {
      if (!DIMS.test(t)) return { ok: false, error: `Write ${field.label.toLowerCase()} as height x width, such as 3x3, or one number for a square.` };
      const d = dims(t);
      value = d.length === 1 ? [d[0], d[0]] : d;
      break;
    }
    case 'shape':
      if (!DIMS.test(t))
        return { ok: false, error: `Write ${field.label.toLowerCase()} as up to ${field.maxRank} whole numbers joined by x, such as 784, 28x28 or 28x28x1.` };
      value = dims(t);
      break;
    default:
      value = t;
  }
  const e = fieldError(field, value);
  return e ? { ok: false, error: e } : { ok: true, value };
}

/** A field's value as the person reads it in a text field: 3x3, 28x28x1, 0.2. */
export function formatFieldValue(value: unknown): string {
  return Array.isArray(value) ? value.join('x') : String(value);
}

/** A field of some kind, for code that renders every kind alike (the inspector). */
export type AnyFieldSpec = FieldSpec<{ readonly [key: string]: unknown }>;

/** A kind's fields seen from code that handles every kind alike. */
export function fieldsOf(spec: { readonly fields: readonly unknown[] }): readonly AnyFieldSpec[] {
  return spec.fields as readonly AnyFieldSpec[];
}
