import { describe, expect, it } from 'vitest';
import { describeRatio, fmt, linearFit, median, mib, ratio, round } from './stats';
import { circleFigures } from './playground';

describe('benchmark figures', () => {
  it('median takes the middle value, the mean of the middle two, and ignores non-finite values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([2782, 2975, 2702])).toBe(2782);
    expect(median([5, NaN, Infinity, 1])).toBe(3);
    expect(median([])).toBeNaN();
  });

  it('ratio is a / b to 3 significant digits, and null without both figures', () => {
    expect(ratio(2480, 1877)).toBe(1.32);
    expect(ratio(75.14, 2776)).toBe(0.0271);
    expect(ratio(33.4, 53)).toBe(0.63);
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(null, 5)).toBeNull();
    expect(ratio(5, NaN)).toBeNull();
  });

  it('round keeps 3 significant digits below 1,000 and whole numbers above', () => {
    expect(round(0.123456)).toBe(0.123);
    expect(round(2782.4)).toBe(2782);
    expect(round(12.345, 4)).toBe(12.35);
    expect(fmt(2782.4)).toBe('2,782');
    expect(fmt(0.0271)).toBe('0.0271');
    expect(fmt(null)).toBe('-');
    expect(mib(3 * 2 ** 20 + 2 ** 19)).toBe(3.5);
  });

  it('describes how far a figure is from parity or from a limit', () => {
    expect(describeRatio(0.5)).toBe('50% of parity (2x short)');
    expect(describeRatio(1.32)).toBe('1.32x, at or past parity');
    expect(describeRatio(0.25, false)).toBe('25% of the limit, within it');
    expect(describeRatio(2, false)).toBe('2x the limit');
    expect(describeRatio(null)).toBe('no ratio');
  });

  it('a linear fit finds slope, intercept and a perfect r^2 on a line', () => {
    const f = linearFit([100, 200, 400, 800], [0.12, 0.24, 0.48, 0.96]);
    expect(f.slope).toBeCloseTo(0.0012, 10);
    expect(f.intercept).toBeCloseTo(0, 10);
    expect(f.r2).toBeCloseTo(1, 10);
  });

  it("Playground figures: epochs/s between epoch events, time from Train to a test loss (valLoss / 2) below 0.01", () => {
    const f = circleFigures({
      trainAt: 1000,
      doneAt: 1400,
      epochs: [
        { epoch: 1, loss: 1, valLoss: 0.5, samplesPerSec: 0, t: 1100 },
        { epoch: 2, loss: 0.5, valLoss: 0.03, samplesPerSec: 0, t: 1200 },
        { epoch: 3, loss: 0.1, valLoss: 0.019, samplesPerSec: 0, t: 1300 },
        { epoch: 4, loss: 0.1, valLoss: 0.01, samplesPerSec: 0, t: 1400 },
      ],
    });
    expect(f.epochsPerSec).toBe(10);
    expect(f.epochsPerSecFromClick).toBe(10);
    expect(f.secondsToTarget).toBe(0.3);
    expect(f.finalTestLoss).toBe(0.005);
  });
});
