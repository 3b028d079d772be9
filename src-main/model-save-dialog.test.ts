/** Electron's Export > Trained model…, with Electron's dialog stubbed: main writes the files, the page gets a folder's name. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialog } from 'electron';
import { saveModelWithDialog } from './model-save-dialog';
import type { ModelFiles } from './trainer/model-export';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'densely-model-dialog-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const files: ModelFiles = { modelJson: '{"format":"layers-model"}', weights: Uint8Array.from([1, 2, 3, 4]), params: 1 };

const answering = (answer: { canceled: boolean; filePaths: string[] }) => {
  const asked: unknown[] = [];
  const dialog = { showOpenDialog: async (...args: unknown[]) => (asked.push(args.at(-1)), answer) } as unknown as Pick<Dialog, 'showOpenDialog'>;
  return { dialog, asked };
};

describe('saving the trained model from the desktop app', () => {
  it('asks for a folder, writes model.json and weights.bin there, and names only the folder', async () => {
    const folder = join(dir, 'my model');
    const { dialog, asked } = answering({ canceled: false, filePaths: [folder] });
    expect(await saveModelWithDialog(dialog, () => null)(files, 'net')).toEqual({ savedIn: 'my model' });
    expect(asked[0]).toMatchObject({ properties: ['openDirectory', 'createDirectory'] });
    expect(await readFile(join(folder, 'model.json'), 'utf8')).toBe(files.modelJson);
    expect([...(await readFile(join(folder, 'weights.bin')))]).toEqual([1, 2, 3, 4]);
  });

  it('says nothing was saved when the person cancels', async () => {
    const { dialog } = answering({ canceled: true, filePaths: [] });
    expect(await saveModelWithDialog(dialog, () => null)(files, 'net')).toEqual({ cancelled: true });
  });

  it('says why a folder could not be written, naming the folder and not its path', async () => {
    const blocker = join(dir, 'not-a-folder');
    await writeFile(blocker, 'x');
    const { dialog } = answering({ canceled: false, filePaths: [join(blocker, 'inside')] });
    const failure = saveModelWithDialog(dialog, () => null)(files, 'net');
    await expect(failure).rejects.toThrow(/^The model could not be written to inside \(.+\); choose another folder\.$/);
    await expect(failure).rejects.not.toThrow(dir);
  });
});
