/** Pure helpers for the benchmark's figures: medians, ratios and how they are printed. */

/** The median of some numbers (the mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
}

/** Rounds to `digits` significant digits, keeping whole numbers of 1,000 and more whole. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  if (Math.abs(value) >= 10 ** digits) return Math.round(value);
  return Number(value.toPrecision(digits));
}

/** a / b rounded to 3 significant digits; null when either is missing, not finite or b is 0. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return round(a / b, 3);
}

/** How far a figure is from a target, in words: "2.5x the target", "at 40% of it". */
export function describeRatio(r: number | null, higherIsBetter = true): string {
  if (r === null) return 'no ratio';
  const pct = Math.round(r * 100);
  if (higherIsBetter) return r >= 1 ? `${round(r, 3)}x, at or past parity` : `${pct}% of parity (${round(1 / r, 2)}x short)`;
  return r <= 1 ? `${pct}% of the limit, within it` : `${round(r, 3)}x the limit`;
}

/** 12345.6 -> "12,346"; 1.23456 -> "1.23". */
export function fmt(value: number | null | undefined, digits = 3): string {
  if (value == null || !Number.isFinite(value)) return '-';
  const r = round(value, digits);
  return Math.abs(r) >= 1000 ? Math.round(r).toLocaleString('en-US') : String(r);
}

/** A least-squares line through (x, y) points, with how well it fits (r^2). */
export function linearFit(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number; r2: number } {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return { slope: NaN, intercept: NaN, r2: NaN };
  let sx = 0, sy = 0;
  for (let i = 0; i < n; i++) (sx += xs[i]!), (sy += ys[i]!);
  const mx = sx / n, my = sy / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx, dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}

/** Bytes as MiB with one decimal. */
export const mib = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;
