/**
 * Text encoding for channels that cannot carry typed arrays (the WebSocket).
 * Electron IPC clones Float32Array as it is and needs none of this.
 */
const F32 = '$f32';

export function encodeMessage(msg: unknown): string {
  return JSON.stringify(msg, (_key, value: unknown) => (value instanceof Float32Array ? { [F32]: Array.from(value) } : value));
}

/** Parses text from the channel; throws SyntaxError on bad JSON (callers report it). */
export function decodeMessage(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const v = value as Record<string, unknown>;
      const arr = v[F32];
      if (Array.isArray(arr) && Object.keys(v).length === 1 && arr.every((x) => typeof x === 'number' || x === null))
        return Float32Array.from(arr as (number | null)[], (x) => (x === null ? Number.NaN : x));
    }
    return value;
  });
}
