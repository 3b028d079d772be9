import { describe, expect, it } from 'vitest';
import { chainFromWidths, findTemplate } from '../graph/templates';
import type { Layer } from '../layers/registry';
import { describeMemoryEstimate, estimateTrainingMemory, MEMORY_BUDGET_BYTES, memoryBudgetRefusal, type MemoryEstimate } from './memory-budget';

const digits = chainFromWidths([784, 600, 500, 250, 10], 'relu', 'softmax');

describe('the memory a training run needs', () => {
  it('adds up the lecture digit network with Adam at batch 128 by hand', () => {
    const e = estimateTrainingMemory(digits, 'adam', 128);
    // 784x600+600 + 600x500+500 + 500x250+250 + 250x10+10 = 471,000 + 300,500 + 125,250 + 2,510
    expect(e.params).toBe(899_260);
    // three copies of 899,260 float32 weights; one gradient each; Adam's two moments each
    expect(e.weights).toBe(10_791_120);
    expect(e.gradients).toBe(3_597_040);
    expect(e.optimizerState).toBe(7_194_080);
    // per sample: the input 784, z and a of each dense layer (600+500+250+10)x2 = 2,720, the targets 10:
    // 3,514 floats x 128 samples x 4 bytes
    expect(e.activations).toBe(1_799_168);
    expect(e.total).toBe(23_381_408);
    expect(memoryBudgetRefusal(e)).toBeNull();
    expect(describeMemoryEstimate(e)).toBe('Training would need about 22.3 MiB of the 1.5 GiB Densely allows.');
  });

  it('gives the same figure for the digits template, whose 28x28 input is flattened', () => {
    const template = findTemplate('lecture-digits')!.doc.layers;
    const e = estimateTrainingMemory(template, 'adam', 128);
    expect(e.params).toBe(899_260);
    // the Flatten layer's 784 outputs count once more: 784 x 128 x 4 bytes
    expect(e.total).toBe(23_381_408 + 401_408);
  });

  it('counts the optimizer slots tf.train keeps: none for SGD, one for momentum and Adagrad, two for RMSprop and Adam', () => {
    const layers = chainFromWidths([3, 4, 1]);
    // 3x4+4 + 4x1+1 = 21 parameters
    const slotBytes = (o: Parameters<typeof estimateTrainingMemory>[1]) => estimateTrainingMemory(layers, o, 1).optimizerState;
    expect([slotBytes('sgd'), slotBytes('momentum'), slotBytes('adagrad'), slotBytes('rmsprop'), slotBytes('adam')]).toEqual([0, 84, 84, 168, 168]);
  });

  it('counts biases the layers train even while the table leaves them out', () => {
    const withBias = estimateTrainingMemory(chainFromWidths([3, 4, 1], 'relu', 'linear', true), 'sgd', 1);
    const without = estimateTrainingMemory(chainFromWidths([3, 4, 1], 'relu', 'linear', false), 'sgd', 1);
    expect(withBias.params - without.params).toBe(5);
  });
});

describe('the budget', () => {
  it('refuses the billion-parameter chain of the issue in one sentence with the estimate', () => {
    const e = estimateTrainingMemory(chainFromWidths([2, 100_000, 10_000, 1]), 'adam', 16);
    // 2x100,000+100,000 + 100,000x10,000+10,000 + 10,000x1+1
    expect(e.params).toBe(1_000_320_001);
    // 24 bytes per parameter + (2 + 200,000 + 20,000 + 2 + 1) floats x 16 x 4 = 24,021,760,344 bytes = 22.37 GiB
    expect(e.total).toBe(24_021_760_344);
    expect(memoryBudgetRefusal(e)).toBe(
      'This network would need about 22.4 GiB to train (1,000,320,001 parameters with Adam at batch 16), more than the 1.5 GiB Densely allows; use fewer or smaller layers.',
    );
  });

  it('asks for a smaller batch when the activations are what does not fit', () => {
    // 100,001 parameters are 2.4 MB with Adam; 100,000 inputs at batch 65,536 are 26 GB
    const e = estimateTrainingMemory(chainFromWidths([100_000, 1]), 'adam', 65_536);
    expect(memoryBudgetRefusal(e)).toMatch(/at batch 65,536\), more than the 1.5 GiB Densely allows; use a smaller batch size, or fewer or smaller layers\.$/);
  });

  it('is inclusive at the budget and does not say "1.5 GiB, more than 1.5 GiB" just above it', () => {
    const at: MemoryEstimate = { params: 1, optimizer: 'sgd', batchSize: 1, weights: MEMORY_BUDGET_BYTES, gradients: 0, optimizerState: 0, activations: 0, total: MEMORY_BUDGET_BYTES };
    expect(memoryBudgetRefusal(at)).toBeNull();
    const over = { ...at, total: MEMORY_BUDGET_BYTES + 2 ** 20 };
    expect(memoryBudgetRefusal(over)).toMatch(/^This network would need about 1\.50 GiB to train \(1 parameter with/);
  });

  it('estimates what is known of a network with a shape error further on', () => {
    const layers: Layer[] = [...chainFromWidths([2, 100_000, 10_000]), { kind: 'input', id: 'input_2', shape: [3] }];
    expect(memoryBudgetRefusal(estimateTrainingMemory(layers, 'sgd', 1))).toMatch(/^This network would need about/);
  });
});
