import { describe, expect, it } from 'vitest';
import { averageInto, shardsOf, threadsFromEnv, trainingThreads } from './pool';

describe('how many threads a run trains on', () => {
  const digits = { backend: 'wasm' as const, batchSize: 128, params: 899_260, batchDependent: false, cores: 2 };
  it('trains on one thread unless asked (two threads measured slower on 2 cores)', () => {
    expect(trainingThreads(digits)).toBe(1);
    expect(trainingThreads({ ...digits, cores: 16 })).toBe(1);
  });
  it("with 'auto', uses every core on wasm where the batch is large enough to split", () => {
    const auto = { ...digits, forced: 'auto' as const };
    expect(trainingThreads(auto)).toBe(2);
    expect(trainingThreads({ ...auto, cores: 16 })).toBe(4); // 128 / 32 rows per shard
    expect(trainingThreads({ ...auto, cores: 16, batchSize: 1024 })).toBe(8); // at most 8
  });
  it('stays on one thread where sharing costs more than it gives, or the batch must stay whole', () => {
    expect(trainingThreads({ ...digits, forced: 'auto', backend: 'tensorflow' })).toBe(1);
    expect(trainingThreads({ ...digits, forced: 'auto', backend: 'cpu' })).toBe(1);
    expect(trainingThreads({ ...digits, forced: 'auto', batchDependent: true })).toBe(1);
    expect(trainingThreads({ ...digits, forced: 'auto', params: 21, batchSize: 10 })).toBe(1); // Playground's 2-4-2-1
    expect(trainingThreads({ ...digits, forced: 'auto', batchSize: 48 })).toBe(1); // 48 / 32 -> one shard
  });
  it('takes a forced count (DENSELY_THREADS) within the batch and the limit', () => {
    expect(trainingThreads({ ...digits, params: 21, forced: 3 })).toBe(3);
    expect(trainingThreads({ ...digits, forced: 1 })).toBe(1);
    expect(trainingThreads({ ...digits, batchSize: 4, forced: 6 })).toBe(4); // a row each at least
    expect(trainingThreads({ ...digits, backend: 'cpu', forced: 2 })).toBe(1);
    expect(threadsFromEnv({ DENSELY_THREADS: '3' })).toBe(3);
    expect(threadsFromEnv({ DENSELY_THREADS: '0' })).toBeUndefined();
    expect(threadsFromEnv({ DENSELY_THREADS: 'all' })).toBeUndefined();
    expect(threadsFromEnv({ DENSELY_THREADS: 'Auto' })).toBe('auto');
  });
});

describe('splitting a batch and averaging its shards', () => {
  it('cuts rows into contiguous shards in order, sizes differing by at most one', () => {
    const rows = Int32Array.from([10, 11, 12, 13, 14, 15, 16]);
    expect(shardsOf(rows, 3).map((s) => [...s])).toEqual([[10, 11, 12], [13, 14], [15, 16]]);
    expect(shardsOf(Int32Array.from([7]), 2).map((s) => [...s])).toEqual([[7], []]);
  });
  it("weighs each shard's mean gradient by its size: the whole batch's mean", () => {
    // Batch of 5 samples with per-sample gradients 1, 2, 3 | 10, 20: the batch mean is 36 / 5 = 7.2.
    // Shard means 2 (n = 3) and 15 (n = 2): 2 * 3/5 + 15 * 2/5 = 1.2 + 6 = 7.2.
    const into = new Float32Array(2);
    averageInto(into, [
      { gradients: Float32Array.from([2, -1]), n: 3 },
      { gradients: Float32Array.from([15, 4]), n: 2 },
    ]);
    expect(into[0]).toBeCloseTo(7.2, 5);
    expect(into[1]).toBeCloseTo(-1 * 0.6 + 4 * 0.4, 6);
    // An empty shard weighs nothing.
    averageInto(into, [
      { gradients: Float32Array.from([3, 3]), n: 1 },
      { gradients: Float32Array.from([0, 0]), n: 0 },
    ]);
    expect([...into]).toEqual([3, 3]);
  });
});
