import { describe, expect, it } from 'vitest';
import { formatNeuronValue, NEURON_COLOR_LIMIT, neuronColor } from './draw';

describe('the value beside an output neuron', () => {
  it('keeps two decimals for ordinary values and stays short for huge or broken ones', () => {
    expect(formatNeuronValue(0.7312)).toBe('0.73');
    expect(formatNeuronValue(-12.4)).toBe('-12.40');
    expect(formatNeuronValue(999.994)).toBe('999.99');
    expect(formatNeuronValue(-1_350_150_400)).toBe('-1.4e9');
    expect(formatNeuronValue(Number.NaN)).toBe('NaN');
    expect(formatNeuronValue(Number.NEGATIVE_INFINITY)).toBe('-∞');
  });
});

describe('neuron colours: one fixed scale, centred on zero', () => {
  const rgb = (c: string) => c.match(/\d+/g)!.map(Number);
  it('zero is white, +limit is the positive orange (#c2410c), -limit the negative blue (#1d4ed8), beyond stays there', () => {
    expect(NEURON_COLOR_LIMIT).toBe(2);
    expect(rgb(neuronColor(0))).toEqual([255, 255, 255]);
    expect(rgb(neuronColor(2))).toEqual([0xc2, 0x41, 0x0c]);
    expect(rgb(neuronColor(-2))).toEqual([0x1d, 0x4e, 0xd8]);
    expect(rgb(neuronColor(50))).toEqual([0xc2, 0x41, 0x0c]);
    expect(rgb(neuronColor(-50))).toEqual([0x1d, 0x4e, 0xd8]);
  });
  it('half way is half way to white: +1 is the mean of white and orange', () => {
    expect(rgb(neuronColor(1))).toEqual([Math.round((255 + 0xc2) / 2), Math.round((255 + 0x41) / 2), Math.round((255 + 0x0c) / 2)]);
  });
  it('a value near zero is pale, whatever else is in the layer', () => {
    for (const v of [0.01, -0.01]) for (const ch of rgb(neuronColor(v))) expect(ch).toBeGreaterThan(248);
  });
  it('a probability runs from white at 0 to orange at 1, clamped outside', () => {
    expect(rgb(neuronColor(0, true))).toEqual([255, 255, 255]);
    expect(rgb(neuronColor(1, true))).toEqual([0xc2, 0x41, 0x0c]);
    expect(rgb(neuronColor(-0.3, true))).toEqual([255, 255, 255]);
    // An output of 0.00 from a sigmoid is white, not the layer's strongest colour as a per-layer scale painted it.
    expect(rgb(neuronColor(0.001, true)).every((ch) => ch >= 254)).toBe(true);
  });
});
