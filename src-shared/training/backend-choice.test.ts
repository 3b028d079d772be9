import { describe, expect, it } from 'vitest';
import { CPU_MAX_STEP_WORK, expectedBackend, prefersCpu } from './backend-choice';

describe('which backend a network trains on', () => {
  it('puts a tiny step on cpu and a large one on the best backend, unless one is forced', () => {
    // Playground's 2-4-2-1 (25 parameters), batch 10: 250 of work.
    expect(expectedBackend(25, 10, 'wasm', false)).toBe('cpu');
    // The lecture's digit network, batch 128.
    expect(expectedBackend(899_260, 128, 'wasm', false)).toBe('wasm');
    expect(expectedBackend(25, 10, 'wasm', true)).toBe('wasm');
  });

  it('draws the line at parameters times batch size', () => {
    expect(prefersCpu(CPU_MAX_STEP_WORK, 1)).toBe(true);
    expect(prefersCpu(CPU_MAX_STEP_WORK + 1, 1)).toBe(false);
    expect(prefersCpu(113, 32)).toBe(true);
    expect(prefersCpu(113, 64)).toBe(false);
  });
});
