import { describe, expect, it } from 'vitest';
import { channelPixels, divergingRgb, kernelPixels, maxAbs } from './feature-maps';

describe('feature maps and kernels as pixels', () => {
  it('white at zero, full orange at +scale, full blue at -scale, halfway between', () => {
    expect(divergingRgb(0, 2)).toEqual([255, 255, 255]);
    expect(divergingRgb(2, 2)).toEqual([0xc2, 0x41, 0x0c]);
    expect(divergingRgb(-5, 2)).toEqual([0x1d, 0x4e, 0xd8]);
    // Halfway to orange: 255 + (194 - 255) / 2 = 224.5, rounded to 225.
    expect(divergingRgb(1, 2)[0]).toBe(225);
  });

  it('picks one channel out of a channels-last output', () => {
    // A 2x2 map with 2 channels: channel 1 is 10, -10, 0, 10.
    const values = [1, 10, 2, -10, 3, 0, 4, 10];
    const px = channelPixels(values, [2, 2, 2], 1, maxAbs([10, -10, 0, 10]));
    expect(Array.from(px.slice(0, 4))).toEqual([0xc2, 0x41, 0x0c, 255]);
    expect(Array.from(px.slice(4, 8))).toEqual([0x1d, 0x4e, 0xd8, 255]);
    expect(Array.from(px.slice(8, 12))).toEqual([255, 255, 255, 255]);
  });

  it("averages a filter's kernel over its input channels", () => {
    // kh = kw = 1, cin = 2, filters = 2: rows are (position, channel), cols filters. Filter 0 sees 4 and -4: mean 0.
    const kernel = [4, 1, -4, 1];
    expect(Array.from(kernelPixels(kernel, [1, 1, 2, 2], 0, 4))).toEqual([255, 255, 255, 255]);
    expect(Array.from(kernelPixels(kernel, [1, 1, 2, 2], 1, 1))).toEqual([0xc2, 0x41, 0x0c, 255]);
  });
});
