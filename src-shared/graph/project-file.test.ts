import { describe, expect, it } from 'vitest';
import { MAX_LAYERS, MAX_PROJECT_FILE_BYTES } from '../layers/limits';
import { parseProject, serializeProject } from './project-file';
import { TEMPLATES } from './templates';

const file = (over: Record<string, unknown>) =>
  JSON.stringify({ format: 'densely-project', version: 1, name: 'n', layers: [{ kind: 'input', id: 'in', shape: [3] }], ...over });

describe('the project file', () => {
  it('round-trips every template exactly', () => {
    for (const t of TEMPLATES) {
      const loaded = parseProject(serializeProject(t.doc));
      expect(loaded).toEqual({ ok: true, doc: t.doc });
    }
  });

  it('keeps the bias switch, so the 3-4-1 saved with biases left out reopens showing 16', () => {
    const doc = { ...TEMPLATES[0]!.doc, countBiases: false };
    expect(parseProject(serializeProject(doc))).toEqual({ ok: true, doc });
    expect(parseProject(file({ countBiases: 'no' }))).toEqual({ ok: false, error: 'The project file is not valid: countBiases: expected boolean, received string.' });
  });

  it('names the field and what was expected', () => {
    const bad = file({ layers: [{ kind: 'input', id: 'in', shape: [3] }, { kind: 'dense', id: 'd', units: 'four', activation: 'relu', useBias: true }] });
    expect(parseProject(bad)).toEqual({ ok: false, error: 'The project file is not valid: layers[1].units: expected number, received string.' });
    const kind = file({ layers: [{ kind: 'conv', id: 'c' }] });
    const r = parseProject(kind);
    expect(r.ok).toBe(false);
    // The list grows with every kind, so only its start and a few members are pinned here.
    expect(!r.ok && r.error).toMatch(/^The project file is not valid: layers\[0\]\.kind: expected one of "input", "dense", "activation", "dropout", "flatten", .*"conv2d".*"lstm".*\.$/);
    const act = file({ layers: [{ kind: 'dense', id: 'd', units: 2, activation: 'swish', useBias: true }] });
    expect(!parseProject(act).ok && (parseProject(act) as { error: string }).error).toContain('layers[0].activation: expected one of "linear"');
  });

  it('explains files that are not projects, never with a stack trace', () => {
    expect(parseProject('{oops')).toMatchObject({ ok: false, error: expect.stringMatching(/^The file is not valid JSON \(.+\); open a Densely project file/) });
    expect(parseProject('[1,2]')).toMatchObject({ ok: false, error: expect.stringContaining('holds no JSON object') });
    expect(parseProject(JSON.stringify({ format: 'keras' }))).toEqual({
      ok: false,
      error: 'format: expected "densely-project", found "keras"; this is not a Densely project file.',
    });
    expect(parseProject(file({ version: 9 }))).toMatchObject({ ok: false, error: expect.stringContaining('newer than the 1 this Densely reads') });
  });

  it('enforces each limit with its own message', () => {
    const big = 'x'.repeat(MAX_PROJECT_FILE_BYTES + 1);
    expect(parseProject(big)).toMatchObject({ ok: false, error: expect.stringContaining('more than the 2,097,152 a project file may have') });
    const many = file({ layers: Array.from({ length: MAX_LAYERS + 1 }, (_, i) => ({ kind: 'flatten', id: `f${i}` })) });
    expect(parseProject(many)).toMatchObject({ ok: false, error: 'layers: the file has 1,001 layers, more than the limit of 1,000.' });
    const wide = file({ layers: [{ kind: 'input', id: 'in', shape: [3] }, { kind: 'dense', id: 'd', units: 1e12, activation: 'relu', useBias: true }] });
    expect(parseProject(wide)).toEqual({ ok: false, error: 'layers[1]: 1,000,000,000,000 units is more than the limit of 100,000 per layer.' });
    const dup = file({ layers: [{ kind: 'input', id: 'a', shape: [3] }, { kind: 'flatten', id: 'a' }] });
    expect(parseProject(dup)).toEqual({ ok: false, error: 'layers[1].id: "a" is used twice; each layer needs its own id.' });
  });

  it('loads a half-built network with shape errors, since a person may save work in progress', () => {
    const r = parseProject(file({ layers: [{ kind: 'input', id: 'in', shape: [28, 28] }, { kind: 'dense', id: 'd', units: 3, activation: 'relu', useBias: true }] }));
    expect(r.ok).toBe(true);
  });
});
