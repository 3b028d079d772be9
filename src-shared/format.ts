/** How Densely writes a count for people: with thousands separators, the same everywhere (899,260). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * A value as a person reads it off a slide: three significant digits (0.165, 0.73, 12.3), a large one whole (1,235), a tiny one in
 * exponent form (2.4e-5), and never `-0` or `-0.00`: what rounds to zero is written 0.
 */
export function formatReading(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  if (Math.abs(v) >= 1000) return (v < 0 ? '−' : '') + Math.round(Math.abs(v)).toLocaleString('en-US');
  const r = Number(v.toPrecision(3));
  if (r === 0) return '0';
  const sign = r < 0 ? '−' : '';
  const m = Math.abs(r);
  if (m < 1e-4) return sign + Number(m.toPrecision(2)).toExponential();
  return sign + String(m);
}
