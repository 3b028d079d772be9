/**
 * Kill -9 during a save: a child process saves a large project over and over
 * with the app's own save function and is killed at random moments. The file
 * must always be the old text or the new one, whole, and the start-up
 * cleanup must leave no temp file behind.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import writeFileAtomic from 'write-file-atomic';
import { parseProject, serializeProject } from '../src-shared/graph/project-file';
import type { Layer } from '../src-shared/layers/registry';
import { cleanStaleTempFiles, isStaleTempFile } from './atomic-save';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '..');

/** A project near a thousand layers, a few hundred kilobytes: a save takes long enough to be interrupted. */
function bigProject(name: string): string {
  const layers: Layer[] = [{ kind: 'input', id: 'input_1', shape: [784] }];
  for (let i = 1; i < 1000; i++)
    layers.push({ kind: 'dense', id: `dense_${i}`, name: `${name} hidden layer number ${i}`.padEnd(64, '.').slice(0, 64), units: 1 + (i % 97), activation: 'relu', useBias: true });
  return serializeProject({ name, layers });
}

/** write-file-atomic's own temp name for a target, from the library: the pattern is not restated from our code. */
const libraryTempName = (target: string): string => (writeFileAtomic as unknown as { _getTmpname(f: string): string })._getTmpname(target);

describe('stale temp files', () => {
  it("recognises write-file-atomic's temp names for project files and nothing else", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'densely-clean-'));
    const target = join(dir, 'net.densely.json');
    const temp = libraryTempName(target);
    const keep = ['net.densely.json', 'notes.json.123', 'net.densely.json.bak', 'net.densely.json.12a', 'photo.123', 'other.json'];
    for (const name of keep) writeFileSync(join(dir, name), 'x');
    writeFileSync(temp, '{"half');
    expect(isStaleTempFile(temp.slice(dir.length + 1))).toBe(true);
    const removed = await cleanStaleTempFiles(dir);
    expect(removed).toEqual([temp.slice(dir.length + 1)]);
    expect(readdirSync(dir).sort()).toEqual([...keep].sort());
  });

  it('treats a missing folder as nothing to clean', async () => {
    expect(await cleanStaleTempFiles(join(tmpdir(), 'densely-no-such-folder-4904'))).toEqual([]);
  });
});

describe('kill -9 during a save', () => {
  it('leaves the old or the new file, never a torn one, and no temp file after the start-up cleanup', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'densely-kill-save-'));
    const target = join(dir, 'lecture.densely.json');
    const texts = [bigProject('Old network'), bigProject('New network')];
    expect(texts[0]!.length).toBeGreaterThan(200_000);
    writeFileSync(target, texts[0]!);
    writeFileSync(join(dir, 'texts.json'), JSON.stringify(texts));
    // The child alternates the two texts through the app's save function, forever, until killed.
    const child = `
      import { readFileSync } from 'node:fs';
      import { saveTextAtomic } from ${JSON.stringify(join(root, 'src-main/atomic-save.ts'))};
      const texts = JSON.parse(readFileSync(${JSON.stringify(join(dir, 'texts.json'))}, 'utf8'));
      for (let i = 1; ; i++) {
        await saveTextAtomic(${JSON.stringify(target)}, texts[i % 2]);
        if (i === 1) process.stdout.write('saving\\n');
      }`;
    let leftTemp = 0;
    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      proc.stderr.on('data', (d) => (stderr += d));
      await new Promise<void>((ok, fail) => {
        proc.stdout.once('data', () => ok());
        proc.once('exit', (code) => fail(new Error(`the saving child exited (${code}) before it saved: ${stderr}`)));
      });
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 120));
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await exited;
      const text = readFileSync(target, 'utf8');
      expect(texts.includes(text), `round ${round}: the file is neither the old nor the new text (${text.length} characters)`).toBe(true);
      expect(parseProject(text).ok).toBe(true);
      leftTemp += readdirSync(dir).filter((n) => n !== 'lecture.densely.json' && n !== 'texts.json').length;
      await cleanStaleTempFiles(dir);
      expect(readdirSync(dir).sort()).toEqual(['lecture.densely.json', 'texts.json']);
    }
    // Not asserted (timing decides), but shown: how often a kill caught a save half-way.
    console.info(`kill during save: ${leftTemp} temp file(s) left by ${rounds} kills, all cleaned`);
  });
});
