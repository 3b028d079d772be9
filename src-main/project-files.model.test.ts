/** Electron's Open with a model.json and its weight files picked together (issue 11), against real files. */
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_WEIGHT_BYTES } from '../src-shared/import/layers-weights';
import { createProjectFiles } from './project-files';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'densely-open-model-'));
  await writeFile(join(dir, 'model.json'), '{"modelTopology":{}}');
  await writeFile(join(dir, 'weights.bin'), Uint8Array.from([1, 2, 3, 4]));
  await writeFile(join(dir, 'other.json'), '{}');
  await writeFile(join(dir, 'huge.bin'), '');
  await truncate(join(dir, 'huge.bin'), MAX_WEIGHT_BYTES + 1);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('opening a model.json with its weight files in the desktop app', () => {
  it('reads the weight files beside the model and hands over names and bytes, never paths', async () => {
    const files = await createProjectFiles(join(dir, 'user'));
    const opened = await files.open(async () => [join(dir, 'model.json'), join(dir, 'weights.bin')]);
    expect(opened).toMatchObject({ name: 'model.json', text: '{"modelTopology":{}}', weightFiles: [{ name: 'weights.bin', bytes: Uint8Array.from([1, 2, 3, 4]) }] });
    expect(JSON.stringify(opened)).not.toContain(dir);
  });

  it('does not read weight files past the bound, and says so; asks for one .json', async () => {
    const files = await createProjectFiles(join(dir, 'user'));
    const big = await files.open(async () => [join(dir, 'model.json'), join(dir, 'huge.bin')]);
    expect(big).toMatchObject({ name: 'model.json', weightNote: expect.stringMatching(/^The weights are not drawn: the weight files hold 67,108,865 bytes, more than the 67,108,864 Densely reads/) });
    expect(big).not.toHaveProperty('weightFiles');
    expect(await files.open(async () => [join(dir, 'model.json'), join(dir, 'other.json')])).toEqual({
      error: 'Pick one .json file (a project, or a model.json with its .bin weight files), not 2.',
    });
  });
});
