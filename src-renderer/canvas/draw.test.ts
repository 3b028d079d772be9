import { describe, expect, it } from 'vitest';
import { formatNeuronValue } from './draw';

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
