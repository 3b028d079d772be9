import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countsBiases } from '../src-shared/graph/document';
import { parseProject } from '../src-shared/graph/project-file';
import { summarize } from '../src-shared/graph/summary';
import { TEMPLATES } from '../src-shared/graph/templates';

describe('the sample projects in assets/samples', () => {
  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s loads as its template, with the lecture count', (id, template) => {
    const loaded = parseProject(readFileSync(new URL(`../assets/samples/${id}.densely.json`, import.meta.url), 'utf8'));
    expect(loaded).toEqual({ ok: true, doc: template.doc });
    const params = summarize(template.doc.layers, { countBiases: countsBiases(template.doc) }).totals.params;
    expect(params).toBe({ 'lecture-3-4-1': 16, 'lecture-3-4-3-2': 39, 'lecture-digits': 899_260, 'lecture-cnn': 30_762, 'lecture-lstm': 24_458 }[id]);
  });
});
