import { describe, expect, it } from 'vitest';
import { insertLayer, moveLayer, removeLayer, updateLayer } from './commands';
import { emptyDocument } from './document';
import { apply, canRedo, canUndo, commit, createHistory, redo, undo } from './history';
import { summarize } from './summary';

describe('edits and undo', () => {
  it('adds layers with fresh ids at the drop position', () => {
    let doc = insertLayer(emptyDocument(), 'input', 0).doc;
    doc = insertLayer(doc, 'dense', 1).doc;
    doc = insertLayer(doc, 'dense', 1).doc;
    expect(doc.layers.map((l) => l.id)).toEqual(['input_1', 'dense_2', 'dense_1']);
    expect(summarize(doc.layers).totals.params).toBe(3 * 4 + 4 + 4 * 4 + 4);
  });

  it('undoes and redoes each captured edit', () => {
    let h = createHistory(emptyDocument());
    h = apply(h, insertLayer(h.present, 'input', 0).doc);
    h = apply(h, insertLayer(h.present, 'dense', 1).doc);
    expect(summarize(h.present.layers).totals.params).toBe(16);
    h = undo(h);
    expect(h.present.layers).toHaveLength(1);
    expect(canRedo(h)).toBe(true);
    h = redo(h);
    expect(h.present.layers).toHaveLength(2);
    h = apply(h, removeLayer(h.present, 'dense_1'));
    h = undo(h);
    expect(h.present.layers.map((l) => l.id)).toEqual(['input_1', 'dense_1']);
  });

  it('folds an edit under way (typing, dragging) into one undo step', () => {
    let h = createHistory(insertLayer(insertLayer(emptyDocument(), 'input', 0).doc, 'dense', 1).doc);
    for (const units of [1, 12, 128]) h = apply(h, updateLayer(h.present, 'dense_1', { units }), 'later');
    h = commit(h);
    expect(h.past).toHaveLength(1);
    h = undo(h);
    expect(h.present.layers[1]).toMatchObject({ units: 4 });
    expect(canUndo(h)).toBe(false);
  });

  it('moves a layer and keeps its id', () => {
    let doc = insertLayer(emptyDocument(), 'input', 0).doc;
    doc = insertLayer(doc, 'flatten', 1).doc;
    doc = insertLayer(doc, 'dense', 2).doc;
    expect(moveLayer(doc, 'dense_1', 1).layers.map((l) => l.id)).toEqual(['input_1', 'dense_1', 'flatten_1']);
  });
});
