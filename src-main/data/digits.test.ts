import { describe, expect, it } from 'vitest';
import { loadDigits } from './digits';

describe('digits', () => {
  it('loads 10,000 real 28x28 digits, about 1,000 per class, pixels 0..1, once', async () => {
    const d = await loadDigits();
    expect(d.info.samples).toBe(10_000);
    expect(d.info.featureShape).toEqual([28, 28]);
    expect(d.features.length).toBe(10_000 * 784);
    const counts = new Array<number>(10).fill(0);
    for (const l of d.labels) counts[l]!++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
    let min = Infinity;
    let max = -Infinity;
    for (const v of d.features) ((min = Math.min(min, v)), (max = Math.max(max, v)));
    expect(min).toBe(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max).toBeGreaterThan(0.9);
    expect(await loadDigits()).toBe(d);
  });
});
