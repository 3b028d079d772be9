/**
 * Shape inference and counting over random chains of the registry's layer
 * kinds: either every layer has a shape of positive whole numbers, or exactly
 * the first bad layer says why in a sentence and those after it wait; every
 * count is a non-negative whole number and the totals are their sums.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryChain } from './arbitrary-layers';
import { layerLabel } from './document';
import { summarize } from './summary';

const isPositiveWhole = (d: number) => Number.isSafeInteger(d) && d > 0;
const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

describe('shape inference on random chains', () => {
  it('gives every layer a shape, or a sentence on exactly the first bad one; counts are whole and add up', () => {
    fc.assert(
      fc.property(arbitraryChain(10), fc.boolean(), (layers, countBiases) => {
        const s = summarize(layers, { countBiases });
        expect(s.layers).toHaveLength(layers.length);
        const bad = s.layers.findIndex((row) => row.error !== null);
        s.layers.forEach((row, i) => {
          expect([row.weights, row.biases, row.params].every(isCount)).toBe(true);
          expect(row.params).toBe(row.weights + row.biases);
          if (!countBiases) expect(row.biases).toBe(0);
          if (bad < 0 || i < bad) {
            expect(row.outputShape!.length).toBeGreaterThan(0);
            expect(row.outputShape!.every(isPositiveWhole)).toBe(true);
          } else if (i === bad) {
            expect(row.outputShape).toBeNull();
            // One sentence that names the layer and ends as a sentence does.
            expect(row.error!.startsWith(`${layerLabel(layers[i]!)}: `)).toBe(true);
            expect(row.error).toMatch(/^[^\n]+\.$/);
            expect(s.errors).toContain(row.error);
          } else {
            expect(row).toMatchObject({ outputShape: null, error: null, weights: 0, biases: 0, params: 0 });
          }
          // A dense layer's count, worked out here from its input: in x units weights, units biases.
          const layer = layers[i]!;
          if (layer.kind === 'dense' && row.outputShape) {
            const fanIn = row.inputShape!.reduce((a, b) => a * b, 1);
            expect(row.outputShape).toEqual([layer.units]);
            expect(row.weights).toBe(fanIn * layer.units);
            expect(row.biases).toBe(countBiases && layer.useBias ? layer.units : 0);
          }
        });
        expect(s.totals.weights).toBe(s.layers.reduce((a, r) => a + r.weights, 0));
        expect(s.totals.biases).toBe(s.layers.reduce((a, r) => a + r.biases, 0));
        expect(s.totals.params).toBe(s.totals.weights + s.totals.biases);
        // A chain without a layer error is wrong only as a whole (empty, or not starting with an input).
        if (bad < 0) expect(s.errors.length === 0 || layers.length === 0 || layers[0]!.kind !== 'input').toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
