/** `densely train ... --save-model DIR` as a person runs it: a real process, then the files loaded with tfjs. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { densely } from '../e2e/fixtures/cli';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'densely-save-model-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('densely train --save-model', () => {
  it('writes model.json and weights.bin that tf.loadLayersModel loads, with the network\'s 33 parameters', async () => {
    const out = join(dir, 'xor');
    const r = await densely('train', '--layers', '2,8,1', '--dataset', 'xor', '--epochs', '2', '--json', '--save-model', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const saved = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    // 2 x 8 + 8 + 8 x 1 + 1 = 33 parameters, 4 bytes each.
    expect(saved).toEqual({ event: 'saved', dir: out, files: ['model.json', 'weights.bin'], params: 33, weightsBytes: 132 });
    const tf = await import('@tensorflow/tfjs');
    const json = JSON.parse(await readFile(join(out, 'model.json'), 'utf8'));
    const bytes = await readFile(join(out, 'weights.bin'));
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }),
    );
    expect(model.countParams()).toBe(33);
    // The output is the sigmoid the CLI gives a two-class dataset: a probability.
    const p = (model.predict(tf.tensor2d([[4, 4]])) as import('@tensorflow/tfjs').Tensor).dataSync()[0]!;
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
  });

  it('refuses a GRU before training, and a folder it cannot write, each in one line', async () => {
    const project = join(dir, 'gru.densely.json');
    await writeFile(
      project,
      JSON.stringify({ format: 'densely-project', version: 1, name: 'gru', layers: [{ kind: 'input', id: 'input_1', shape: [28, 28] }, { kind: 'gru', id: 'gru_1', units: 4, returnSequences: false }, { kind: 'dense', id: 'dense_1', units: 10, activation: 'softmax', useBias: true }] }),
    );
    const gru = await densely('train', project, '--dataset', 'digits', '--epochs', '1', '--save-model', join(dir, 'gru'));
    expect(gru.code).not.toBe(0);
    expect(gru.stdout).toBe('');
    expect(gru.stderr).toMatch(/^error: gru_1 is a GRU, .*can't be saved as a TensorFlow\.js model yet\.\n$/);

    const blocker = join(dir, 'a-file');
    await writeFile(blocker, 'x');
    const bad = await densely('train', '--layers', '2,4,1', '--dataset', 'xor', '--epochs', '1', '--save-model', join(blocker, 'model'));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toBe(`error: The model could not be saved in ${join(blocker, 'model')} (a file has that name); choose another folder with --save-model.\n`);
  });
});
