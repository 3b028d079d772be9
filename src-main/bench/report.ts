/**
 * How the benchmark speaks: one JSON line per measurement on stdout as soon as
 * it is taken, and the sentences of the human summary, printed at the end.
 */
import { readFileSync } from 'node:fs';

export type Measurement = Record<string, unknown>;

export class Report {
  readonly measurements: Measurement[] = [];
  private readonly lines: string[] = [];

  constructor(private readonly out: (line: string) => void = (l) => process.stdout.write(l + '\n')) {}

  /** Prints one measurement as one JSON line. */
  record(m: Measurement): void {
    this.measurements.push(m);
    this.out(JSON.stringify(m));
  }

  /** A part that could not run: one JSON line saying why, and one summary sentence. */
  failed(part: string, why: string): void {
    this.record({ bench: part, error: why });
    this.say(`${part}: could not run: ${why}`);
  }

  /** A sentence for the human summary. */
  say(line: string): void {
    this.lines.push(line);
  }

  summary(): string[] {
    return [...this.lines];
  }
}

/** /proc/loadavg's three load averages, or null where there is no /proc. */
export function loadAverage(): [number, number, number] | null {
  try {
    const [a, b, c] = readFileSync('/proc/loadavg', 'utf8').split(/\s+/).map(Number);
    return [a!, b!, c!];
  } catch {
    return null;
  }
}

/** Peak and current resident memory of a process in bytes (VmHWM, VmRSS), or null. */
export function processMemory(pid: number | 'self' = 'self'): { peakRss: number; rss: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { peakRss: kb('VmHWM'), rss: kb('VmRSS') };
  } catch {
    return null;
  }
}

/** Runs `fn`, failing with a sentence after `ms`; `onTimeout` gets the chance to stop the work. */
export async function withTimeout<T>(what: string, ms: number, fn: () => Promise<T>, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, fail) => {
    timer = setTimeout(() => {
      onTimeout?.();
      fail(new Error(`${what} took longer than ${Math.round(ms / 1000)} s, its time limit`));
    }, ms);
  });
  try {
    return await Promise.race([fn(), limit]);
  } finally {
    clearTimeout(timer);
  }
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
