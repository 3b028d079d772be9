/**
 * The bad-input corpus (e2e/fixtures/bad/) through the command line: every bad
 * file ends in exactly one `error:` line holding the manifest's sentence, a
 * non-zero exit, within 2 s; the good ones (a byte-order mark, UTF-16, mixed
 * line endings) read as the figures worked out by hand. Most run the CLI's
 * own entry in this process (60 tsx start-ups would take minutes on this
 * machine); the files that could hang a process (a FIFO, a 2 GiB file) also
 * run as real processes with a timeout.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CORPUS_DIR, corpus } from '../e2e/fixtures/bad/corpus';
import { runCli } from './cli';

const LIMIT_MS = 2_000;

interface Outcome {
  code: number | 'hung';
  stderr: string;
  stdout: string;
  ms: number;
}

/** Runs the CLI in this process, collecting what it writes; 'hung' if it takes past the limit. */
async function cli(args: string[], limitMs = LIMIT_MS): Promise<Outcome> {
  let stderr = '';
  let stdout = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const t0 = performance.now();
  try {
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      runCli(args, { stderr: (t) => void (stderr += t) }),
      new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), limitMs))),
    ]);
    clearTimeout(timer);
    return { code, stderr, stdout, ms: performance.now() - t0 };
  } finally {
    write.mockRestore();
  }
}

/** The CLI as a person runs it, in its own process, killed if it outlives `limitMs`. */
function densely(args: string[], limitMs: number): Promise<Outcome> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src-main/cli.ts', ...args], { timeout: limitMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      const killed = error !== null && (error as { killed?: boolean }).killed === true;
      resolve({ code: killed ? 'hung' : error ? Number(error.code) || 1 : 0, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

const ONE_ERROR_LINE = /^error: [^\n]+\n$/;
const summary = (file: string) => ['summary', file];
const train = (file: string, label = 'label') => ['train', '--layers', '2,4,1', '--data', file, '--label', label, '--epochs', '1', '--backend', 'cpu'];

function expectOneError(r: Outcome, fragment: string) {
  expect(r.code, r.stderr).not.toBe('hung');
  expect(r.code).not.toBe(0);
  expect(r.stderr).toMatch(ONE_ERROR_LINE);
  expect(r.stderr).toContain(fragment);
  expect(r.ms).toBeLessThan(LIMIT_MS);
}

const bad = corpus.filter((e) => e.expect === 'error');

describe('the bad-input corpus', () => {
  it('holds at least 60 bad files, projects and CSVs, each with the sentence it must produce', () => {
    expect(bad.length).toBeGreaterThanOrEqual(60);
    expect(bad.filter((e) => e.kind === 'project').length).toBeGreaterThanOrEqual(30);
    expect(bad.filter((e) => e.kind === 'csv').length).toBeGreaterThanOrEqual(30);
    for (const e of bad) expect(e.fragment, e.file).toMatch(/\w/);
  });

  it('is exactly what make-corpus.ts writes, so each file is made as its name says', async () => {
    const out = mkdtempSync(join(tmpdir(), 'densely-corpus-'));
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, ['--import', 'tsx', 'e2e/fixtures/bad/make-corpus.ts', out], { timeout: 60_000 }, (e) => (e ? reject(e) : resolve())),
    );
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(readFileSync(join(CORPUS_DIR, 'manifest.json'), 'utf8'));
    for (const e of corpus) expect(readFileSync(join(out, e.file)).equals(readFileSync(e.path)), e.file).toBe(true);
    execFileSync('rm', ['-rf', out]);
  });

  it('is counted rightly in the README', () => {
    const readme = readFileSync('README.md', 'utf8');
    const [, total, projects, csvs] = /(\d+) bad files \((\d+) project files, (\d+) CSVs/.exec(readme) ?? [];
    expect([Number(total), Number(projects), Number(csvs)]).toEqual([bad.length, bad.filter((e) => e.kind === 'project').length, bad.filter((e) => e.kind === 'csv').length]);
  });
});

describe('each bad project file through `densely summary`', () => {
  for (const e of bad.filter((e) => e.kind === 'project'))
    it(`${e.name}: ${e.fragment}`, async () => {
      const r = await cli(summary(e.path));
      expectOneError(r, e.fragment!);
      expect(r.stdout).toBe('');
      // The sentence names the file, so that a person knows which one.
      expect(r.stderr.startsWith(`error: ${e.path}`)).toBe(true);
    });
});

describe('each bad CSV through `densely train --data`', () => {
  for (const e of bad.filter((e) => e.kind === 'csv'))
    it(`${e.name}: ${e.fragment}`, async () => {
      const r = await cli(train(e.path, e.label));
      expectOneError(r, e.fragment!);
      expect(r.stdout).toBe('');
    });
});

describe('files that are good however they are encoded', () => {
  for (const e of corpus.filter((e) => e.expect === 'good' && e.kind === 'project'))
    it(`${e.name} reads as the 3-4-1: ${e.params} parameters`, async () => {
      const r = await cli([...summary(e.path), '--json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect((JSON.parse(r.stdout) as { totals: { params: number } }).totals.params).toBe(e.params);
    });
  for (const e of corpus.filter((e) => e.expect !== 'error' && e.kind === 'csv'))
    it(`${e.name} trains on ${e.samples} rows${e.expect === 'note' ? ', saying how its labels were read' : ''}`, async () => {
      const r = await cli([...train(e.path, e.label), '--json', '--validation-split', '0'], 60_000);
      expect(r.code, r.stderr).toBe(0);
      if (e.expect === 'note') {
        expect(r.stderr).toMatch(/^note: [^\n]+\n$/);
        expect(r.stderr).toContain(e.fragment!);
      }
      else expect(r.stderr).toBe('');
      const done = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { event: string; epochs: number; reason: string };
      expect(done).toMatchObject({ event: 'done', epochs: 1, reason: 'completed' });
    });
});

describe('paths that are not regular files, made here since git cannot hold them', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'densely-bad-'));
    execFileSync('mkfifo', [join(dir, 'pipe.densely.json'), join(dir, 'pipe.csv')]);
    // 2 GiB that take no disk: truncate extends the file without writing a byte.
    for (const f of ['sparse.densely.json', 'sparse.csv']) {
      writeFileSync(join(dir, f), '');
      truncateSync(join(dir, f), 2 * 1024 ** 3);
    }
    mkdirSync(join(dir, 'folder.densely.json'));
    mkdirSync(join(dir, 'folder.csv'));
    symlinkSync('loop-b.json', join(dir, 'loop-a.json'));
    symlinkSync('loop-a.json', join(dir, 'loop-b.json'));
    writeFileSync(join(dir, 'plain-file'), '{}');
  });
  afterAll(() => {
    // The sparse files hold no blocks, but are removed with the rest.
    execFileSync('rm', ['-rf', dir]);
  });

  it('a FIFO as a project or a CSV: refused at once by a real process, which would otherwise wait forever for a writer', async () => {
    const [project, csv] = await Promise.all([densely(summary(join(dir, 'pipe.densely.json')), 20_000), densely(train(join(dir, 'pipe.csv')), 20_000)]);
    for (const r of [project, csv]) {
      expect(r.code).not.toBe('hung');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(ONE_ERROR_LINE);
    }
    expect(project.stderr).toBe(`error: ${join(dir, 'pipe.densely.json')} is a named pipe (FIFO), not a project file; name a regular file.\n`);
    expect(csv.stderr).toBe(`error: ${join(dir, 'pipe.csv')} is a named pipe (FIFO), not a CSV file; name a regular file.\n`);
  });

  it('a 2 GiB sparse file: refused by its size before a byte is read, in a real process and in this one', async () => {
    const real = await densely(summary(join(dir, 'sparse.densely.json')), 20_000);
    expect(real.stderr).toBe(`error: ${join(dir, 'sparse.densely.json')} is 2,147,483,648 bytes, more than the 2,097,152 a project file may have; use a smaller file.\n`);
    expect(real.code).toBe(1);
    expectOneError(await cli(summary(join(dir, 'sparse.densely.json'))), 'is 2,147,483,648 bytes, more than the 2,097,152 a project file may have');
    expectOneError(await cli(train(join(dir, 'sparse.csv'))), 'The file is 2,147,483,648 bytes, more than the 536,870,912 an import may have');
  });

  it.each([
    ['a folder named like a project', 'folder.densely.json', 'summary', 'is a folder, not a project file; name a file.'],
    ['a folder named like a CSV', 'folder.csv', 'train', 'is a folder, not a CSV file; name a file.'],
    ['a character device (/dev/zero, which never ends)', '/dev/zero', 'summary', '/dev/zero is a device, not a project file; name a regular file.'],
    ['a character device as a CSV', '/dev/zero', 'train', '/dev/zero is a device, not a CSV file; name a regular file.'],
    // Root reads a file without read permission anyway, so these unreadable paths fail for every user.
    ['a symbolic link that loops (unreadable even for root)', 'loop-a.json', 'summary', 'is a symbolic link that loops back on itself'],
    ['a path through a file', 'plain-file/x.densely.json', 'summary', 'a part of the path before the name is a file, not a folder'],
    ['a path that is not there', 'missing.densely.json', 'summary', 'There is no project file at'],
  ])('%s', async (_what, name, command, fragment) => {
    const path = name.startsWith('/') ? name : join(dir, name);
    const r = await cli(command === 'summary' ? summary(path) : train(path));
    expectOneError(r, fragment);
  });
});
