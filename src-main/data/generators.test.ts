import { describe, expect, it } from 'vitest';
import { GENERATORS } from './generators';
import { featureSize } from './dataset';

describe('generated datasets', () => {
  for (const g of GENERATORS) {
    describe(g.info.name, () => {
      const a = g.generate(7);
      it('has the size its info says', () => {
        expect(a.labels.length).toBe(g.info.samples);
        expect(a.features.length).toBe(g.info.samples * featureSize(g.info));
        expect(a.features.every(Number.isFinite)).toBe(true);
      });
      it('is the same for the same seed and differs for another', () => {
        const b = g.generate(7);
        const c = g.generate(8);
        expect(b.features).toEqual(a.features);
        expect(b.labels).toEqual(a.labels);
        expect(c.features).not.toEqual(a.features);
      });
      if (g.info.task === 'classification') {
        it('has balanced classes', () => {
          const counts = new Array<number>(g.info.classes).fill(0);
          for (const l of a.labels) counts[l]!++;
          for (const c of counts) expect(Math.abs(c - g.info.samples / g.info.classes)).toBeLessThanOrEqual(g.info.samples * 0.05);
        });
      } else {
        it('has targets of both signs', () => {
          expect(Math.min(...a.labels)).toBeLessThan(0);
          expect(Math.max(...a.labels)).toBeGreaterThan(0);
        });
      }
    });
  }

  it('spheres has three features and two classes, as the lecture networks expect', () => {
    const s = GENERATORS.find((g) => g.info.name === 'spheres')!;
    expect(s.info.featureShape).toEqual([3]);
    expect(s.info.classes).toBe(2);
  });

  it('circle-pm1 is Playground\'s circle: 500 points, +1 inside radius 2.5, -1 in the ring from 3.5', () => {
    const c = GENERATORS.find((g) => g.info.name === 'circle-pm1')!.generate(3);
    expect(c.labels.length).toBe(500);
    for (let i = 0; i < 500; i++) {
      const r = Math.hypot(c.features[2 * i]!, c.features[2 * i + 1]!);
      expect(c.labels[i]).toBe(r <= 2.5 ? 1 : -1);
      expect(r <= 2.5 || r >= 3.5).toBe(true);
    }
  });

  it('xor labels follow the quadrant signs', () => {
    const x = GENERATORS.find((g) => g.info.name === 'xor')!.generate(1);
    for (let i = 0; i < 50; i++) expect(x.labels[i]).toBe(x.features[2 * i]! * x.features[2 * i + 1]! >= 0 ? 1 : 0);
  });
});
