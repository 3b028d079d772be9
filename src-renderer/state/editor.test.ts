import { describe, expect, it } from 'vitest';
import { EditorState } from './editor.svelte';

describe('EditorState', () => {
  it('adds layers at the end, counts them live, and undoes and redoes the adds', () => {
    const ed = new EditorState();
    expect(ed.summary.totals.params).toBe(0);
    ed.add('input');
    ed.add('dense');
    expect(ed.layers.map((l) => l.kind)).toEqual(['input', 'dense']);
    // input of 3, dense of 4 with bias: 3 x 4 + 4.
    expect(ed.summary.totals).toMatchObject({ weights: 12, biases: 4, params: 16 });
    expect(ed.selected?.id).toBe('dense_1');
    ed.undo();
    expect(ed.layers).toHaveLength(1);
    expect(ed.summary.totals.params).toBe(0);
    expect(ed.selectedId).toBeNull();
    ed.redo();
    expect(ed.summary.totals.params).toBe(16);
  });

  it('inserts at a drop index in the chain', () => {
    const ed = new EditorState();
    ed.loadTemplate('lecture-3-4-3-2');
    ed.add('dropout', 2);
    expect(ed.layers.map((l) => l.kind)).toEqual(['input', 'dense', 'dropout', 'dense', 'dense']);
    expect(ed.summary.totals.params).toBe(39);
  });

  it('shows the lecture numbers for the three templates, with the bias switch each needs', () => {
    const ed = new EditorState();
    ed.loadTemplate('lecture-3-4-1');
    expect(ed.countBiases).toBe(false);
    expect(ed.summary.totals).toMatchObject({ weights: 16, biases: 0, params: 16 });
    ed.loadTemplate('lecture-3-4-3-2');
    expect(ed.countBiases).toBe(true);
    expect(ed.summary.totals.params).toBe(39);
    ed.loadTemplate('lecture-digits');
    expect(ed.summary.totals.params).toBe(899_260);
    expect(ed.summary.layers[2]!.arithmetic).toBe('784 x 600 + 600 = 471,000');
  });

  it('undoing a template load brings back the earlier network and bias switch', () => {
    const ed = new EditorState();
    ed.loadTemplate('lecture-3-4-3-2');
    ed.loadTemplate('lecture-3-4-1');
    expect(ed.countBiases).toBe(false);
    ed.undo();
    expect(ed.countBiases).toBe(true);
    expect(ed.summary.totals.params).toBe(39);
    ed.redo();
    expect(ed.countBiases).toBe(false);
    expect(ed.summary.totals.params).toBe(16);
  });

  it('the bias switch changes the totals at once, and undoes like any edit', () => {
    const ed = new EditorState();
    ed.loadTemplate('lecture-3-4-3-2');
    ed.setCountBiases(false);
    expect(ed.summary.totals).toMatchObject({ weights: 30, biases: 0, params: 30 });
    ed.undo();
    expect(ed.countBiases).toBe(true);
    expect(ed.summary.totals.params).toBe(39);
  });

  it('an edit of units typed in steps is one undo step', () => {
    const ed = new EditorState();
    ed.loadTemplate('lecture-3-4-3-2');
    ed.update('dense_1', { units: 1 }, 'later');
    ed.update('dense_1', { units: 10 }, 'later');
    ed.commit();
    // 3x10+10 + 10x3+3 + 3x2+2 = 40 + 33 + 8
    expect(ed.summary.totals.params).toBe(81);
    ed.undo();
    expect(ed.summary.totals.params).toBe(39);
  });

  it('deletes the selected layer and moves the selection to its neighbour', () => {
    const ed = new EditorState();
    ed.loadTemplate('lecture-3-4-3-2');
    ed.select('dense_2');
    ed.remove();
    expect(ed.layers.map((l) => l.id)).toEqual(['input_1', 'dense_1', 'dense_3']);
    expect(ed.selectedId).toBe('dense_3');
    // 3x4+4 + 4x2+2
    expect(ed.summary.totals.params).toBe(26);
  });

  it('arrow keys walk the selection and stop at the ends', () => {
    const ed = new EditorState();
    ed.loadTemplate('lecture-3-4-1');
    ed.selectBy(1);
    expect(ed.selectedId).toBe('input_1');
    ed.selectBy(1);
    ed.selectBy(1);
    ed.selectBy(1);
    expect(ed.selectedId).toBe('dense_2');
    ed.selectBy(-1);
    expect(ed.selectedId).toBe('dense_1');
  });

  it('a drag that reorders is one undo step', () => {
    const ed = new EditorState();
    ed.loadTemplate('lecture-3-4-3-2');
    ed.move('dense_3', 2, 'later');
    ed.move('dense_3', 1, 'later');
    ed.commit();
    expect(ed.layers.map((l) => l.id)).toEqual(['input_1', 'dense_3', 'dense_1', 'dense_2']);
    ed.undo();
    expect(ed.layers.map((l) => l.id)).toEqual(['input_1', 'dense_1', 'dense_2', 'dense_3']);
  });
});
