/** Dropout masks: one seed per dropout layer and step, derived from the run's seed. */
import { describe, expect, it } from 'vitest';
import type { Layer } from '../../src-shared/layers/registry';
import { deriveSeed } from '../data/random';
import { useBackend } from './backend';
import { buildModel } from './model';

const WIDTH = 64;
const BATCH = 8;
const layers: Layer[] = [
  { kind: 'input', id: 'input_1', shape: [WIDTH] },
  { kind: 'dropout', id: 'dropout_1', rate: 0.5 },
  { kind: 'dropout', id: 'dropout_2', rate: 0.5 },
];

/** The outputs of both dropout layers for an input of ones: the first is its mask, the second the product of both masks. */
async function masks(stepSeed: number): Promise<[Float32Array, Float32Array]> {
  const { tf } = await useBackend('cpu');
  const model = buildModel(tf, layers, 42);
  const [, first, second] = tf.tidy(() => model.forwardAll(tf.ones([BATCH, WIDTH]), { training: true, dropoutSeed: stepSeed }));
  const out: [Float32Array, Float32Array] = [first!.dataSync() as Float32Array, second!.dataSync() as Float32Array];
  first!.dispose();
  second!.dispose();
  model.dispose();
  return out;
}

describe('dropout', () => {
  it('gives two equal-width dropout layers different masks in the same step', async () => {
    const [a, ab] = await masks(deriveSeed(42, 'dropout0'));
    // Kept units are scaled by 1/keep = 2; a unit the first layer kept and the second dropped shows as 2 then 0.
    const droppedOnlyBySecond = a.filter((v, i) => v === 2 && ab[i] === 0).length;
    const keptByBoth = a.filter((v, i) => v === 2 && ab[i] === 4).length;
    // Were the masks the same, every unit the first kept would be kept again (4).
    expect(droppedOnlyBySecond).toBeGreaterThan(0);
    expect(keptByBoth).toBeGreaterThan(0);
    expect(droppedOnlyBySecond + keptByBoth).toBe(a.filter((v) => v === 2).length);
  });

  it('repeats the masks with the same seed and step, and changes them with the step', async () => {
    const step0 = await masks(deriveSeed(42, 'dropout0'));
    const again = await masks(deriveSeed(42, 'dropout0'));
    const step1 = await masks(deriveSeed(42, 'dropout1'));
    expect(Array.from(again[0])).toEqual(Array.from(step0[0]));
    expect(Array.from(again[1])).toEqual(Array.from(step0[1]));
    expect(Array.from(step1[0])).not.toEqual(Array.from(step0[0]));
  });
});
