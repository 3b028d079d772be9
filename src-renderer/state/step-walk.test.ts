import { describe, expect, it } from 'vitest';
import { formatReading } from '../../src-shared/format';
import type { StepReport } from '../../src-shared/training/gradient-step';
import { batchRefusal, movePhase, PHASES, type Phase, phaseSentence, phaseStrip, sampleLoss, shownLinks, updateLine, walkColumns } from './step-walk';

describe('the five phases', () => {
  it('go forward with → and back with ←, in the lecture order, stopping at either end', () => {
    const seen = ['initialise'];
    let p: Phase = PHASES[0];
    for (let i = 0; i < 6; i++) seen.push((p = movePhase(p, 1)));
    expect(seen).toEqual(['initialise', 'forward', 'loss', 'backpropagate', 'update', 'update', 'update']);
    expect(movePhase('loss', -1)).toBe('forward');
    expect(movePhase('initialise', -1)).toBe('initialise');
  });

  it('read as a numbered strip with the current one marked', () => {
    const strip = phaseStrip('backpropagate');
    expect(strip.map((s) => s.label).join(' · ')).toBe('1 Initialise · 2 Forward · 3 Loss · 4 Backpropagate · 5 Update');
    expect(strip.filter((s) => s.current).map((s) => s.label)).toEqual(['4 Backpropagate']);
  });
});

describe('numbers as the walk shows them', () => {
  it('rounds to three significant digits and never writes a negative zero', () => {
    expect([0.165, 0.2, -0.35, 0.73104, 12.345, 1234.5, -0.0000004, 0.0000246, -0.0004].map(formatReading)).toEqual([
      '0.165',
      '0.2',
      '−0.35',
      '0.731',
      '12.3',
      '1,235',
      '−4e-7',
      '2.5e-5',
      '−0.0004',
    ]);
    expect(formatReading(-0)).toBe('0');
    expect(formatReading(-1e-30)).toBe('−1e-30');
  });

  it("writes the update as the lecture does, with the trainer's result", () => {
    expect(updateLine('w', 0.2, 0.1, 0.35, 0.165)).toBe('w = 0.2 − 0.1 × 0.35 = 0.165');
    expect(updateLine('w₁₂', -0.5, 0.05, -0.4, -0.48)).toBe('w₁₂ = −0.5 − 0.05 × (−0.4) = −0.48');
  });

  it('spells out one sample’s loss for each loss the trainer has', () => {
    // (0.73 − 1)² = 0.0729; −log(0.81) = 0.2107; −log(1 − 0.19) the same; a mean over two outputs divides by 2.
    expect(sampleLoss('mse', [0.73], [1])).toEqual({ text: '(0.73 − 1)² = 0.0729', value: expect.closeTo(0.0729, 10) });
    expect(sampleLoss('mse', [0.5, 0.2], [1, 0]).text).toBe('((0.5 − 1)² + (0.2 − 0)²) / 2 = 0.145');
    expect(sampleLoss('bce', [0.81], [1]).text).toBe('−log(0.81) = 0.211');
    expect(sampleLoss('bce', [0.19], [0]).text).toBe('−log(1 − 0.19) = 0.211');
    expect(sampleLoss('mae', [0.7], [1]).text).toBe('|0.7 − 1| = 0.3');
    // One-hot over three classes: only the right class's term, −log(0.6) = 0.5108.
    expect(sampleLoss('cce', [0.3, 0.6, 0.1], [0, 1, 0]).text).toBe('−log(0.6) = 0.511');
    expect(sampleLoss('kld', [0.3, 0.6, 0.1], [0, 1, 0]).value).toBeCloseTo(0.5108, 4);
  });

  it('refuses a batch larger than it can show, saying what to set', () => {
    expect(batchRefusal(64)).toBeNull();
    expect(batchRefusal(128)).toBe('The walk-through shows every value of its batch, so its batch size is at most 64, not 128; set Batch size to 64 or less.');
  });
});

const layer = (name: string, inputs: number, units: number) => ({
  name,
  activation: 'relu',
  kernel: Array.from({ length: inputs }, () => Array<number>(units).fill(0.1)),
  bias: null,
  z: [Array<number>(units).fill(0.5)],
  a: [Array<number>(units).fill(0.5)],
  dKernel: Array.from({ length: inputs }, () => Array<number>(units).fill(0.01)),
  dBias: null,
  kernelAfter: Array.from({ length: inputs }, () => Array<number>(units).fill(0.099)),
  biasAfter: null,
});

describe('what the drawing labels', () => {
  it('labels every link of a small layer and only the chosen neuron’s of a wide one, counting the rest', () => {
    expect(shownLinks(layer('d', 3, 4), null)).toEqual({ links: expect.any(Array), hidden: 0 });
    expect(shownLinks(layer('d', 3, 4), null).links).toHaveLength(12);
    const wide = shownLinks(layer('d', 784, 16), 3);
    expect(wide.links).toHaveLength(10);
    expect(wide.links.every((l) => l.j === 3)).toBe(true);
    expect(wide.hidden).toBe(784 * 16 - 10);
  });

  it('names the columns and says each phase in one sentence with its number', () => {
    const report: StepReport = { loss: 'bce', learningRate: 0.05, batch: { x: [[1, 2, 3]], y: [[1]] }, lossValue: 0.6931, layers: [layer('dense_1', 3, 4), { ...layer('dense_2', 4, 1), activation: 'sigmoid', a: [[0.5]] }] };
    expect(walkColumns(report).map((c) => [c.title, c.units])).toEqual([
      ['input (3)', 3],
      ['dense_1 · relu', 4],
      ['dense_2 · sigmoid', 1],
    ]);
    expect(phaseSentence(report, 'loss', 0)).toBe('Step 3 of 5, loss: the output is compared with the target; the loss of the batch, the mean over 1 sample, is 0.693.');
    expect(phaseSentence(report, 'forward', 0)).toContain('the output is 0.5.');
  });
});
