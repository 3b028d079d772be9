import { describe, expect, it } from 'vitest';
import { chainFromWidths } from '../graph/templates';
import type { Layer } from '../layers/registry';
import { inputFitError } from './input-fit';
import { lossFit } from './loss-fit';

const digits = { featureShape: [28, 28], title: 'Digits', image: true };
const spheres = { featureShape: [3], title: 'Spheres', image: false };
const withInput = (shape: number[]): Layer[] => {
  const [first, ...rest] = chainFromWidths([1, 4, 10], 'relu', 'softmax');
  return [{ ...first!, shape } as Layer, ...rest];
};

describe('whether the input takes the dataset', () => {
  it('flags an input of 3 on the digits, saying what to set', () => {
    expect(inputFitError(withInput([3]), digits)).toBe(
      'The input layer takes 3, but Digits holds 28x28 images; set the input to 28x28 followed by a Flatten layer, or to 784.',
    );
  });

  it('takes the digits as 784 values, as 28x28, or as 28x28x1 for a convolution', () => {
    expect(inputFitError(withInput([784]), digits)).toBeNull();
    expect(inputFitError(withInput([28, 28]), digits)).toBeNull();
    expect(inputFitError(withInput([28, 28, 1]), digits)).toBeNull();
  });

  it('says how many features a table of numbers has', () => {
    expect(inputFitError(withInput([2]), spheres)).toBe('The input layer takes 2 values, but Spheres has 3 features per sample; set the input to 3.');
    expect(inputFitError(withInput([3]), spheres)).toBeNull();
  });
});

describe('a loss that does not fit: can it train anyway?', () => {
  const tenClasses = { task: 'classification' as const, classes: 10, title: 'Digits' };
  it('trains anyway with mean squared error on softmax, so a class can watch it', () => {
    const p = lossFit({ units: 10, activation: 'softmax' }, 'mse', tenClasses);
    expect(p?.message).toMatch(/^Softmax outputs with mean squared error train poorly/);
    expect(p?.trainable).toBe(true);
  });

  it('does not when the output has too few units for the classes', () => {
    expect(lossFit({ units: 4, activation: 'softmax' }, 'cce', tenClasses)?.trainable).toBe(false);
    expect(lossFit({ units: 1, activation: 'sigmoid' }, 'bce', tenClasses)?.trainable).toBe(false);
    expect(lossFit({ units: 10, activation: 'softmax' }, 'cce', tenClasses)).toBeNull();
  });
});
