import { describe, expect, it } from 'vitest';
import { BACKGROUND_STRENGTH, boundaryRgb, heatmapPixels, outputChecksum, pointColor, valueLimit } from './decision-boundary';

// The canvas's orange (class 1, positive) and blue (class 0, negative).
const ORANGE = [0xc2, 0x41, 0x0c];
const BLUE = [0x1d, 0x4e, 0xd8];
/** White moved `share` of the way to `c`, rounded as a pixel is. */
const toward = (c: number[], share: number) => c.map((v) => Math.round(255 + (v - 255) * share));

describe('the decision boundary colours', () => {
  it('paint an undecided 0.5 white, a sure class 1 orange and a sure class 0 blue, short of full strength', () => {
    expect(BACKGROUND_STRENGTH).toBe(0.55);
    expect(boundaryRgb('probability', 0.5, 1, 1, 2)).toEqual([255, 255, 255]);
    expect(boundaryRgb('probability', 1, 1, 1, 2)).toEqual(toward(ORANGE, 0.55));
    expect(boundaryRgb('probability', 0, 1, 1, 2)).toEqual(toward(BLUE, 0.55));
    // 0.75 is halfway to sure: 0.275 of the way to orange. Red: 255 - 61 * 0.275 = 238.2.
    expect(boundaryRgb('probability', 0.75, 1, 1, 2)[0]).toBe(238);
    // Out of range (a linear output under a classifier's loss) is clamped, not wrapped.
    expect(boundaryRgb('probability', 7, 1, 1, 2)).toEqual(toward(ORANGE, 0.55));
  });

  it('paint a regression on the neurons’ scale, saturating at the largest target', () => {
    expect(boundaryRgb('value', 0, 1, 2, 1)).toEqual([255, 255, 255]);
    expect(boundaryRgb('value', 2, 1, 2, 1)).toEqual(toward(ORANGE, 0.55));
    expect(boundaryRgb('value', -9, 1, 2, 1)).toEqual(toward(BLUE, 0.55));
    expect(valueLimit(Float32Array.from([-3, 1.5]), Float32Array.from([10]))).toBe(3);
    expect(valueLimit(undefined, Float32Array.from([0.5, -4]))).toBe(4);
    expect(pointColor('value', 3, 3)).toBe(`rgb(${ORANGE.join(', ')})`);
  });

  it('paint three classes or more in their own colours, white at chance and strongest when sure', () => {
    // Three classes: chance is 1/3; a confidence of 2/3 is halfway from chance to sure.
    expect(boundaryRgb('classes', 2, 1 / 3, 1, 3)).toEqual([255, 255, 255]);
    expect(boundaryRgb('classes', 0, 1, 1, 3)).toEqual(toward(BLUE, 0.55));
    expect(boundaryRgb('classes', 2, 2 / 3, 1, 3)).toEqual(toward([0x15, 0x80, 0x3d], 0.275));
    expect(pointColor('classes', 1, 1)).toBe('#c2410c');
    expect(pointColor('probability', 0, 1)).toBe('#1d4ed8');
  });

  it('lay the grid out as an image, row 0 on top', () => {
    const px = heatmapPixels({ kind: 'probability', size: 2, output: Float32Array.from([1, 0.5, 0.5, 0]) }, 1, 2);
    expect(px).toHaveLength(16);
    expect(Array.from(px.slice(0, 4))).toEqual([...toward(ORANGE, 0.55), 255]);
    expect(Array.from(px.slice(4, 8))).toEqual([255, 255, 255, 255]);
    expect(Array.from(px.slice(12, 16))).toEqual([...toward(BLUE, 0.55), 255]);
  });

  it('fingerprint the values so a change shows', () => {
    expect(outputChecksum(Float32Array.from([1, 2]))).toBe('5.000');
    expect(outputChecksum(Float32Array.from([2, 1]))).toBe('4.000');
  });
});
