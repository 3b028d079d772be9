import { describe, expect, it } from 'vitest';
import type { Layer } from '../layers/registry';
import { compareNetworks, formatDifference, networkFingerprint } from './compare';
import { newLayer } from './document';
import { chainFromWidths } from './templates';

const kinds = (c: ReturnType<typeof compareNetworks>) => c.rows.map((r) => [r.left?.id ?? null, r.right?.id ?? null, r.status]);
const withLayer = (layers: Layer[], kind: Layer['kind'], at: number): Layer[] => [...layers.slice(0, at), newLayer(layers, kind), ...layers.slice(at)];

describe('comparing two networks', () => {
  it('3-4-1 without biases against 3-4-3-2 with them: 16 against 39, +23', () => {
    // By hand: 3-4-1 without biases is 3x4 + 4x1 = 16 weights. 3-4-3-2 with biases is (12+4) + (12+3) + (6+2) = 30 weights + 9 biases = 39.
    const c = compareNetworks({ layers: chainFromWidths([3, 4, 1]), countBiases: false }, { layers: chainFromWidths([3, 4, 3, 2]), countBiases: true });
    expect(c.left.totals).toEqual({ weights: 16, biases: 0, trainable: 16, nonTrainable: 0, params: 16 });
    expect(c.right.totals).toEqual({ weights: 30, biases: 9, trainable: 39, nonTrainable: 0, params: 39 });
    expect(c.delta).toEqual({ weights: 14, biases: 9, trainable: 23, nonTrainable: 0, params: 23 });
    // input and the 4-unit layer match; the 1-unit output pairs with the 3-unit layer (both dense); the 2-unit layer is new.
    expect(kinds(c)).toEqual([
      ['input_1', 'input_1', 'same'],
      ['dense_1', 'dense_1', 'changed'],
      ['dense_2', 'dense_2', 'changed'],
      [null, 'dense_3', 'added'],
    ]);
    // dense_1 gains its 4 biases; dense_2 goes from 4x1 = 4 to 4x3 + 3 = 15; dense_3 adds 3x2 + 2 = 8.
    expect(c.rows.map((r) => [r.delta.weights, r.delta.biases, r.delta.params])).toEqual([
      [0, 0, 0],
      [0, 4, 4],
      [8, 3, 11],
      [6, 2, 8],
    ]);
  });

  it('an inserted dropout reads as one added row, and every layer after it still matches', () => {
    const before = chainFromWidths([784, 600, 10]);
    const after = withLayer(before, 'dropout', 2);
    const c = compareNetworks({ layers: before }, { layers: after });
    expect(kinds(c)).toEqual([
      ['input_1', 'input_1', 'same'],
      ['dense_1', 'dense_1', 'same'],
      [null, 'dropout_1', 'added'],
      ['dense_2', 'dense_2', 'same'],
    ]);
    // 784x600 + 600 + 600x10 + 10 = 476,400 + 6,010 = 477,010 on both sides.
    expect(c.left.totals.params).toBe(477_010);
    expect(c.delta.params).toBe(0);
  });

  it('a removed layer reads as removed, and the counts it took go negative', () => {
    const c = compareNetworks({ layers: chainFromWidths([3, 4, 3, 2]) }, { layers: chainFromWidths([3, 4, 2]) });
    // Signatures: input:3 dense:4 dense:3 dense:2 against input:3 dense:4 dense:2. The 3-unit layer goes; the output
    // keeps its 2 units but now reads 4 inputs: 4x2 + 2 = 10 instead of 3x2 + 2 = 8.
    expect(kinds(c)).toEqual([
      ['input_1', 'input_1', 'same'],
      ['dense_1', 'dense_1', 'same'],
      ['dense_2', null, 'removed'],
      ['dense_3', 'dense_2', 'changed'],
    ]);
    expect(c.rows.map((r) => r.delta.params)).toEqual([0, 0, -15, 2]);
    // 39 against (12+4) + (8+2) = 26.
    expect(c.delta.params).toBe(-13);
  });

  it('layers of different kinds between matches are removed and added, not paired', () => {
    const left = chainFromWidths([3, 4, 1]);
    const right: Layer[] = [left[0]!, { ...newLayer(left, 'dropout'), id: 'dropout_1' }, { kind: 'dense', id: 'dense_2', units: 1, activation: 'sigmoid', useBias: true }];
    const c = compareNetworks({ layers: left }, { layers: right });
    expect(kinds(c)).toEqual([
      ['input_1', 'input_1', 'same'],
      ['dense_1', null, 'removed'],
      [null, 'dropout_1', 'added'],
      ['dense_2', 'dense_2', 'changed'],
    ]);
    // The output reads 3 inputs instead of 4: 3x1 + 1 = 4 against 4x1 + 1 = 5.
    expect(c.rows.at(-1)!.delta.params).toBe(-1);
  });

  it('batch norm moves the non-trainable total: 2 x 8 moving statistics', () => {
    const left = chainFromWidths([10, 8]);
    const c = compareNetworks({ layers: left }, { layers: withLayer(left, 'batchNorm', 2) });
    // gamma and beta (8 each) train; the moving mean and variance (8 each) do not. Densely counts all four as weights.
    expect(c.delta).toEqual({ weights: 32, biases: 0, trainable: 16, nonTrainable: 16, params: 32 });
  });
});

describe('a difference as people write it', () => {
  it('has a sign and thousands separators', () => {
    expect(formatDifference(12_544)).toBe('+12,544');
    expect(formatDifference(-899_260)).toBe('-899,260');
    expect(formatDifference(0)).toBe('0');
  });
});

describe('a network fingerprint', () => {
  const base = chainFromWidths([3, 4, 1]);
  it('ignores ids and names, which do not change what trains', () => {
    const renamed = base.map((l, i) => ({ ...l, id: `layer_${i}`, name: `Layer ${i}` }) as Layer);
    expect(networkFingerprint({ layers: renamed })).toBe(networkFingerprint({ layers: base }));
  });
  it('changes with a layer setting and with the bias switch', () => {
    const wider = chainFromWidths([3, 5, 1]);
    expect(networkFingerprint({ layers: wider })).not.toBe(networkFingerprint({ layers: base }));
    expect(networkFingerprint({ layers: base, countBiases: false })).not.toBe(networkFingerprint({ layers: base }));
    expect(networkFingerprint({ layers: base })).toMatch(/^[0-9a-f]{16}$/);
  });
});
