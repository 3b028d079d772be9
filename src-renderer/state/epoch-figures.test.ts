import { describe, expect, it } from 'vitest';
import { epochFigures, formatAccuracy } from './epoch-figures';

describe('epochFigures: what the panel reads after an epoch', () => {
  it('labels each figure from its own field: train from loss/accuracy, validation from valLoss/valAccuracy', () => {
    expect(epochFigures({ epoch: 1, loss: 0.2468, accuracy: 0.9731, valLoss: 0.1357, valAccuracy: 0.96, samplesPerSec: 1000 })).toEqual({
      trainLoss: '0.247',
      valLoss: '0.136',
      trainAccuracy: '97.3%',
      valAccuracy: '96.0%',
    });
  });

  it('a regression has no accuracy and a run without validation no validation figures: they read "–"', () => {
    expect(epochFigures({ epoch: 3, loss: 1.5, samplesPerSec: 10 })).toEqual({ trainLoss: '1.500', valLoss: '–', trainAccuracy: '–', valAccuracy: '–' });
    expect(epochFigures(null)).toEqual({ trainLoss: '–', valLoss: '–', trainAccuracy: '–', valAccuracy: '–' });
  });

  it('accuracy is a percentage with one decimal, 0 and 1 included', () => {
    expect([0, 1, 0.5, 0.99949].map(formatAccuracy)).toEqual(['0.0%', '100.0%', '50.0%', '99.9%']);
  });
});
