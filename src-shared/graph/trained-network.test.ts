import { describe, expect, it } from 'vitest';
import { TEMPLATES, templateNote } from './templates';
import { trainedLayers } from './trained-network';
import { summarize } from './summary';

describe('trainedLayers: the Count biases switch decides what trains', () => {
  it('the 3-4-1 lecture template, biases left out, trains 3*4 + 4*1 = 16 parameters', () => {
    const t = TEMPLATES.find((x) => x.doc.name === 'Lecture: 3-4-1')!;
    expect(t.doc.countBiases).toBe(false);
    const layers = trainedLayers(t.doc);
    expect(layers.filter((l) => 'useBias' in l).every((l) => (l as { useBias: boolean }).useBias === false)).toBe(true);
    // summarize counts biases by default: the trained network has none left to count.
    expect(summarize(layers).totals.params).toBe(16);
  });

  it('with biases counted, the layers are unchanged: 3*4 + 4 + 4*1 + 1 = 21', () => {
    const t = TEMPLATES.find((x) => x.doc.name === 'Lecture: 3-4-1')!;
    const doc = { ...t.doc, countBiases: true };
    expect(trainedLayers(doc)).toEqual(doc.layers);
    expect(summarize(trainedLayers(doc)).totals.params).toBe(21);
  });

  it('does not change the document it was given', () => {
    const t = TEMPLATES.find((x) => x.doc.name === 'Lecture: 3-4-1')!;
    trainedLayers(t.doc);
    expect(t.doc.layers.some((l) => 'useBias' in l && l.useBias)).toBe(true);
  });
});

describe('templateNote: a template description belongs to the template', () => {
  const t = TEMPLATES.find((x) => x.doc.name === 'Lecture: 3-4-1')!;
  it('reads the description while the network is the template', () => {
    expect(templateNote(t, t.doc)).toBe('Lecture: 3-4-1: 3 inputs, 4 hidden, 1 output: 3 x 4 + 4 x 1 = 16 weights, biases left out.');
  });
  it('says "edited from" once a layer or the bias switch changes', () => {
    expect(templateNote(t, { ...t.doc, countBiases: true })).toBe('Edited from the 3-4-1 template.');
    expect(templateNote(t, { ...t.doc, layers: t.doc.layers.slice(0, 2) })).toBe('Edited from the 3-4-1 template.');
  });
});
