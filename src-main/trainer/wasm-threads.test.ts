/**
 * The wasm backend on every core (wasm-threads.ts): how many threads it takes, and that a run trains to the same
 * losses on one thread and on several. Each count is its own process (the thread pool is fixed when the backend
 * starts), run as a person would: `densely train` with DENSELY_WASM_THREADS.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { denselyWith } from '../../e2e/fixtures/cli';
import { loadFactory, MAX_WASM_THREADS, POOL_LINE, unpackedPath, wasmThreadsWanted } from './wasm-threads';

describe('wasmThreadsWanted', () => {
  it('takes every core, up to the 4 XNNPACK takes in tfjs 4.22', () => {
    expect(wasmThreadsWanted({}, 1)).toBe(1);
    expect(wasmThreadsWanted({}, 2)).toBe(2);
    expect(wasmThreadsWanted({}, 16)).toBe(4);
    expect(MAX_WASM_THREADS).toBe(4);
  });

  it('takes DENSELY_WASM_THREADS where it is a whole number of at least 1, and ignores it otherwise', () => {
    expect(wasmThreadsWanted({ DENSELY_WASM_THREADS: '1' }, 8)).toBe(1);
    expect(wasmThreadsWanted({ DENSELY_WASM_THREADS: ' 3 ' }, 2)).toBe(3);
    expect(wasmThreadsWanted({ DENSELY_WASM_THREADS: '9' }, 2)).toBe(4);
    expect(wasmThreadsWanted({ DENSELY_WASM_THREADS: '0' }, 2)).toBe(2);
    expect(wasmThreadsWanted({ DENSELY_WASM_THREADS: 'all' }, 2)).toBe(2);
    expect(wasmThreadsWanted({ DENSELY_WASM_THREADS: '1.5' }, 2)).toBe(2);
  });
});

describe('unpackedPath', () => {
  it("reads a packaged app's unpacked files from app.asar.unpacked, and leaves every other path alone", () => {
    const there = (p: string) => p === '/opt/Densely/resources/app.asar.unpacked/out/main/wasm-pthread.cjs';
    expect(unpackedPath('/opt/Densely/resources/app.asar/out/main/wasm-pthread.cjs', there)).toBe('/opt/Densely/resources/app.asar.unpacked/out/main/wasm-pthread.cjs');
    // Not unpacked: the asar path stays (Electron reads it from the archive).
    expect(unpackedPath('/opt/Densely/resources/app.asar/out/main/index.js', there)).toBe('/opt/Densely/resources/app.asar/out/main/index.js');
    expect(unpackedPath('C:\\Densely\\resources\\app.asar\\out\\main\\x.cjs', () => true)).toBe('C:\\Densely\\resources\\app.asar.unpacked\\out\\main\\x.cjs');
    expect(unpackedPath('/work/main/src-main/trainer/wasm-pthread.cjs', () => true)).toBe('/work/main/src-main/trainer/wasm-pthread.cjs');
  });
});

describe('loadFactory', () => {
  const require = createRequire(import.meta.url);

  it("finds the pool line once in the installed tfjs's threaded script (a tfjs upgrade that moves it shows here)", () => {
    const script = readFileSync(require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'), 'utf8');
    expect(script.split(POOL_LINE)).toHaveLength(2);
  });

  it('cuts the pool to the workers asked for (at least one), and leaves a script without the line as it is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'densely-pool-'));
    const withLine = join(dir, 'with.js');
    writeFileSync(withLine, `${POOL_LINE}\nmodule.exports = () => [pthreadPoolSize, __filename];\n`);
    expect((loadFactory(withLine, 3, require) as unknown as () => unknown[])()).toEqual([3, withLine]);
    expect((loadFactory(withLine, 0, require) as unknown as () => unknown[])()).toEqual([1, withLine]);
    const without = join(dir, 'without.js');
    writeFileSync(without, 'var pthreadPoolSize=6;\nmodule.exports = () => pthreadPoolSize;\n');
    expect((loadFactory(without, 1, require) as unknown as () => number)()).toBe(6);
  });
});

interface Line {
  event: string;
  [key: string]: unknown;
}

async function train(threads: number, ...args: string[]): Promise<{ code: number; lines: Line[]; stderr: string }> {
  const r = await denselyWith({ timeout: 150_000, env: { ...process.env, DENSELY_WASM_THREADS: String(threads) } }, 'train', '--backend', 'wasm', '--json', ...args);
  return { code: r.code, lines: r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line), stderr: r.stderr };
}

describe('training on several threads', () => {
  it('gives the same losses and accuracies on one thread, two and four, to the last bit, for the same seed', async () => {
    // 784-128-64-10 on the digits, batches of 64: products big enough to be split between threads. Four threads on
    // a 2-core machine share the cores, which changes the timing of every product but must not change a number.
    const args = ['--layers', '784,128,64,10', '--dataset', 'digits', '--epochs', '2', '--batch-size', '64', '--seed', '11'];
    const runs = await Promise.all([1, 2, 4].map((n) => train(n, ...args)));
    for (const r of runs) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const done = (r: (typeof runs)[number]) => r.lines.find((l) => l.event === 'done')!;
    expect(runs.map((r) => done(r))).toMatchObject([1, 2, 4].map((threads) => ({ backend: 'wasm', threads, reason: 'completed' })));
    const epochs = (r: (typeof runs)[number]) =>
      r.lines.filter((l) => l.event === 'epoch').map(({ loss, accuracy, valLoss, valAccuracy }) => ({ loss, accuracy, valLoss, valAccuracy }));
    const [one, two, four] = runs.map(epochs);
    expect(one).toHaveLength(2);
    expect(two).toEqual(one);
    expect(four).toEqual(one);
    // It learned: ten digits by chance would be 0.1.
    expect(one![1]!.valAccuracy as number).toBeGreaterThan(0.8);
  }, 200_000);
});
