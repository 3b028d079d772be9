import { describe, expect, it } from 'vitest';
import { samplesFor, sweepParams, sweepPoints } from './sweep';

describe('the bench sweep', () => {
  it('counts 784-W-W-10 with biases as a person would', () => {
    // 784*64 + 64 + 64*64 + 64 + 64*10 + 10 = 50,176 + 64 + 4,096 + 64 + 640 + 10
    expect(sweepParams(64)).toBe(55_050);
    // 784*4096 + 4096 + 4096*4096 + 4096 + 40,960 + 10
    expect(sweepParams(4096)).toBe(3_211_264 + 4096 + 16_777_216 + 4096 + 40_960 + 10);
  });

  it('covers batch 16 to 1,024 and width 64 to 4,096', () => {
    const points = sweepPoints();
    expect(points.map((p) => p.batch).filter((_, i) => i < 7)).toEqual([16, 32, 64, 128, 256, 512, 1024]);
    expect(points.slice(7).map((p) => p.width)).toEqual([64, 256, 1024, 4096]);
  });

  it('sizes an epoch to about 1.5 s from a measured rate, in whole batches of at least two', () => {
    // 1,000 samples/s at the same size: 1,500 samples, rounded up to whole batches of 128 -> 12 batches = 1,536.
    expect(samplesFor({ batch: 128, width: 512 }, { samplesPerSec: 1000, params: sweepParams(512) })).toEqual({ samples: 1536, estimatedEpochS: 1.536 });
    // A very slow estimate still takes two batches, and says how long that would be.
    const slow = samplesFor({ batch: 1024, width: 4096 }, { samplesPerSec: 10, params: sweepParams(64) });
    expect(slow.samples).toBe(2048);
    expect(slow.estimatedEpochS).toBeCloseTo(2048 / (10 * (55_050 / sweepParams(4096))), 6);
  });
});
