/** `densely export`: stdout without -o, an atomic file with it, and one `error:` sentence for every failure. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTemplate } from '../src-shared/graph/templates';
import { exportCode } from '../src-shared/export/index';
import { serializeProject } from '../src-shared/graph/project-file';
import { densely } from '../e2e/fixtures/cli';

const cli = (...args: string[]) => densely('export', ...args);

const dir = mkdtempSync(join(tmpdir(), 'densely-cli-export-'));

describe('densely export', () => {
  it('prints a project file as PyTorch code on stdout, the same text the app previews', async () => {
    const doc = findTemplate('lecture-3-4-1')!.doc;
    const file = join(dir, 'lecture.densely.json');
    writeFileSync(file, serializeProject(doc));
    const run = await cli(file, '--to', 'pytorch');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const expected = exportCode(doc, 'pytorch');
    expect(expected.ok && run.stdout).toBe(expected.ok && expected.text);
    // The lecture's 16 weights: 3 x 4 and 4 x 1, without biases.
    expect(run.stdout).toContain('self.dense_1 = nn.Linear(3, 4, bias=False)');
    expect(run.stdout).toContain('self.dense_2 = nn.Linear(4, 1, bias=False)');
  });

  it('writes --layers as a tfjs module with -o, and leaves no temporary file beside it', async () => {
    const out = join(dir, 'net.mjs');
    const run = await cli('--layers', '3,4,1', '--to', 'tfjs', '-o', out);
    expect([run.code, run.stdout, run.stderr]).toEqual([0, '', '']);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('tf.layers.dense({ units: 4, activation: "relu", useBias: true, name: "dense_1" })');
    expect(text).toContain('// model.countParams() gives 21, the same.');
    expect(readdirSync(dir).filter((n) => n.startsWith('net.mjs'))).toEqual(['net.mjs']);
  });

  it('refuses a target it does not know, a missing --to, a missing folder and a broken network, each in one error line', async () => {
    const runs = await Promise.all([
      cli('--layers', '3,4,1', '--to', 'java'),
      cli('--layers', '3,4,1'),
      cli('--layers', '3,4,1', '--to', 'keras', '-o', join(dir, 'no-such-folder', 'x.py')),
      cli('--layers', '3,0,1', '--to', 'keras'),
    ]);
    for (const r of runs) {
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(runs[0]!.stderr).toBe("error: option '--to <target>' argument 'java' is invalid. Allowed choices are keras, pytorch, tfjs.\n");
    expect(runs[1]!.stderr).toBe("error: required option '--to <target>' not specified\n");
    expect(runs[2]!.stderr).toBe(`error: Could not write ${join(dir, 'no-such-folder', 'x.py')}: its folder does not exist; pick a file in a folder you can write to.\n`);
    expect(runs[3]!.stderr).toMatch(/^error: The network can't be exported until it is fixed: dense_1: .+\n$/);
  });
});
