/**
 * An opt-in timing trace for the benchmark (`npm run bench`): open the page
 * with `?trace=1` and `window.__densely` keeps when Train was pressed, when
 * each epoch event arrived (with its losses), and the canvas's draw times as
 * performance measures (`densely:canvas-layout`, `-draw`, `-paint`).
 * Without the flag `trace` is null and nothing is recorded, so a long session
 * never grows the performance timeline.
 */

export interface TraceEpoch {
  readonly epoch: number;
  readonly loss: number;
  readonly valLoss?: number;
  readonly samplesPerSec: number;
  /** performance.now() when the event reached the page. */
  readonly t: number;
}

export interface Trace {
  /** performance.now() when Train was pressed (the request sent), per run. */
  trainAt: number | null;
  epochs: TraceEpoch[];
  doneAt: number | null;
}

declare global {
  interface Window {
    __densely?: Trace;
  }
}

function fromLocation(): Trace | null {
  if (typeof window === 'undefined' || !window.location) return null;
  if (new URLSearchParams(window.location.search).get('trace') !== '1') return null;
  const t: Trace = { trainAt: null, epochs: [], doneAt: null };
  window.__densely = t;
  return t;
}

export const trace: Trace | null = fromLocation();

/** Runs `fn` and, when tracing, records its duration as the measure `densely:NAME`. */
export function traced<T>(name: string, fn: () => T): T {
  if (!trace) return fn();
  const start = performance.now();
  try {
    return fn();
  } finally {
    performance.measure(`densely:${name}`, { start, end: performance.now() });
  }
}
