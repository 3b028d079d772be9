import { describe, expect, it } from 'vitest';
import { lossReadback, NATIVE_READBACK_BATCHES } from './loss-readback';

describe('when the loss is read back', () => {
  it('reads every batch on cpu and wasm, and a window of batches on the native backends', () => {
    expect(lossReadback('cpu').everyBatches).toBe(1);
    expect(lossReadback('wasm').everyBatches).toBe(1);
    expect(lossReadback('tensorflow').everyBatches).toBe(NATIVE_READBACK_BATCHES);
    expect(lossReadback('tensorflow-gpu').everyBatches).toBe(NATIVE_READBACK_BATCHES);
    expect(NATIVE_READBACK_BATCHES).toBeGreaterThan(1);
  });
});
