/** The command line as a person runs it: real processes, real exit codes, the numbers they would check. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliRun, densely, denselyWith } from '../e2e/fixtures/cli';

const denselyWithin = (timeout: number, ...args: string[]) => denselyWith({ timeout }, ...args);

const json = (r: CliRun) => JSON.parse(r.stdout) as { layers: { params: number; biases: number }[]; totals: { weights: number; biases: number; params: number } };
const lines = (r: CliRun) => r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('densely summary', () => {
  it('counts the lecture networks: 16 weights, 39 parameters, 899,260 parameters', async () => {
    const [a, b, c] = await Promise.all([
      densely('summary', '--layers', '3,4,1', '--no-bias', '--json'),
      densely('summary', '--layers', '3,4,3,2', '--json'),
      densely('summary', '--layers', '784,600,500,250,10', '--json'),
    ]);
    expect(json(a).totals).toEqual({ weights: 16, biases: 0, trainable: 16, nonTrainable: 0, params: 16 });
    expect(json(b).totals).toEqual({ weights: 30, biases: 9, trainable: 39, nonTrainable: 0, params: 39 });
    expect(json(c).totals.params).toBe(899_260);
    expect(json(b).layers.map((l) => l.params)).toEqual([0, 16, 15, 8]);
  });

  it('prints a Keras-like table for a project file, honouring its bias switch', async () => {
    const r = await densely('summary', 'assets/samples/lecture-3-4-1.densely.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Total params: 16');
    expect(r.stdout).toContain('Biases: not counted');
  });

  it.each([
    [['summary', '--layers', '3,,x'], 'error: --layers takes whole numbers separated by commas, such as 3,4,1; item 2 is "".'],
    [['summary', '--layers', '3,1000000000000'], 'error: dense_1: 1,000,000,000,000 units is more than the limit of 100,000; use a smaller layer.'],
    [['summary', 'no-such-file.json'], 'error: There is no project file at no-such-file.json; check the path.'],
  ])('%j fails with one error line', async (args, message) => {
    const r = await densely(...args);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(message + '\n');
  });

  it('refuses a malformed project file naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'densely-cli-'));
    const file = join(dir, 'bad.densely.json');
    writeFileSync(file, JSON.stringify({ format: 'densely-project', version: 1, name: 'x', layers: [{ kind: 'dense', id: 'a', units: 'four', activation: 'relu', useBias: true }] }));
    const r = await densely('summary', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${file}: The project file is not valid: layers[0].units: expected number, received string.\n`);
  });
});

describe('densely train', () => {
  it('learns XOR and the circle to at least 0.95 validation accuracy on wasm', async () => {
    for (const dataset of ['xor', 'circle']) {
      const r = await densely('train', '--layers', '2,8,8,1', '--dataset', dataset, '--epochs', '100', '--backend', 'wasm', '--json');
      expect(r.code).toBe(0);
      const out = lines(r);
      expect(out.filter((l) => l.event === 'epoch')).toHaveLength(100);
      expect(out.at(-1)).toMatchObject({ event: 'done', backend: 'wasm', epochs: 100 });
      expect(out.at(-1)!.valAccuracy).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('learns real digits above 0.9 in 3 epochs on wasm', async () => {
    const r = await densely('train', '--layers', '784,128,10', '--dataset', 'digits', '--epochs', '3', '--backend', 'wasm', '--json');
    const done = lines(r).at(-1)!;
    expect(done).toMatchObject({ event: 'done', backend: 'wasm', epochs: 3 });
    expect(done.valAccuracy).toBeGreaterThan(0.9);
  });

  // The next lecture's templates, as the issue asks: the CNN beats the digit MLP in 3 epochs with at most a tenth of its
  // parameters, the LSTM reads rows to above 0.9. Both measured in the same run as the MLP, side by side on the two cores.
  // About 1.5 minutes each on a quiet 2-core machine; the limit leaves room for a machine shared with other work.
  const TEMPLATE_RUN_MS = 600_000;
  it(
    "the CNN template beats the digit MLP's validation accuracy after 3 epochs with at most a tenth of its parameters",
    async () => {
      const [cnn, mlp, cnnCount, mlpCount] = await Promise.all([
        denselyWithin(TEMPLATE_RUN_MS, 'train', 'assets/samples/lecture-cnn.densely.json', '--dataset', 'digits', '--epochs', '3', '--json'),
        denselyWithin(TEMPLATE_RUN_MS, 'train', 'assets/samples/lecture-digits.densely.json', '--dataset', 'digits', '--epochs', '3', '--json'),
        densely('summary', 'assets/samples/lecture-cnn.densely.json', '--json'),
        densely('summary', 'assets/samples/lecture-digits.densely.json', '--json'),
      ]);
      expect(cnn.stderr).toBe('');
      const cnnDone = lines(cnn).at(-1)!;
      const mlpDone = lines(mlp).at(-1)!;
      expect(cnnDone).toMatchObject({ event: 'done', epochs: 3, reason: 'completed' });
      expect(mlpDone).toMatchObject({ event: 'done', epochs: 3, reason: 'completed' });
      expect(cnnDone.valAccuracy as number).toBeGreaterThan(mlpDone.valAccuracy as number);
      expect(json(mlpCount).totals.params).toBe(899_260);
      expect(json(cnnCount).totals.params).toBe(30_762);
      expect(json(cnnCount).totals.params).toBeLessThanOrEqual(899_260 / 10);
    },
    TEMPLATE_RUN_MS + 30_000,
  );

  it(
    'the LSTM template, reading each digit row by row, passes 0.9 validation accuracy in 3 epochs',
    async () => {
      const r = await denselyWithin(TEMPLATE_RUN_MS, 'train', 'assets/samples/lecture-lstm.densely.json', '--dataset', 'digits', '--epochs', '3', '--json');
      expect(r.stderr).toBe('');
      const done = lines(r).at(-1)!;
      expect(done).toMatchObject({ event: 'done', epochs: 3, reason: 'completed' });
      expect(done.valAccuracy as number).toBeGreaterThan(0.9);
    },
    TEMPLATE_RUN_MS + 30_000,
  );

  it('says why a loss does not fit, and why a diverging run stopped', async () => {
    const misfit = await densely('train', '--layers', '2,4,1', '--dataset', 'xor', '--loss', 'cce');
    expect(misfit.code).toBe(1);
    expect(misfit.stderr).toBe('error: XOR has 2 classes, but the output layer has 1 unit; categorical cross entropy needs one unit per class, so set it to 2.\n');
    const nan = await densely('train', '--layers', '2,8,1', '--dataset', 'reg-plane', '--optimizer', 'sgd', '--lr', '5', '--epochs', '5', '--json');
    expect(nan.code).toBe(1);
    expect(lines(nan).at(-1)).toMatchObject({ event: 'done', reason: 'diverged' });
    expect(nan.stderr).toMatch(/^error: The loss became (infinite|not a number \(NaN\)) at epoch 1, batch \d+, so training stopped; .*Lower the learning rate \(now 5\)/);
  });

  it('refuses a network too big for memory within 2 s, from --layers and from a project file, with the estimate', async () => {
    const timed = async (...args: string[]) => {
      const t0 = performance.now();
      const run = await densely(...args);
      return { run, seconds: (performance.now() - t0) / 1000 };
    };
    // Starting Node with tsx alone takes over a second on this shared machine: the same start is allowed for.
    const { seconds: startup } = await timed('summary', '--layers', '2,3');
    const { run: r, seconds } = await timed('train', '--layers', '2,100000,10000,1', '--dataset', 'xor');
    expect(r.code).toBe(1);
    // 1,000,320,001 parameters x 24 bytes (weights x3, gradients, Adam's two moments) plus the activations of
    // batch 16 (xor's default): 24,021,760,344 bytes, 22.37 GiB
    expect(r.stderr).toBe(
      'error: This network would need about 22.4 GiB to train (1,000,320,001 parameters with Adam at batch 16), more than the 1.5 GiB Densely allows; use fewer or smaller layers.\n',
    );
    expect(seconds).toBeLessThan(Math.max(2, startup + 1));

    const dir = mkdtempSync(join(tmpdir(), 'densely-cli-'));
    const file = join(dir, 'huge.densely.json');
    const dense = (id: string, units: number, activation: string) => ({ kind: 'dense', id, units, activation, useBias: true });
    writeFileSync(
      file,
      JSON.stringify({
        format: 'densely-project',
        version: 1,
        name: 'huge',
        layers: [{ kind: 'input', id: 'input_1', shape: [2] }, dense('dense_1', 100_000, 'relu'), dense('dense_2', 10_000, 'relu'), dense('dense_3', 1, 'sigmoid')],
        training: { dataset: 'xor', loss: 'bce', optimizer: 'sgd', batchSize: 32 },
      }),
    );
    const f = await densely('train', file);
    expect(f.code).toBe(1);
    // SGD keeps no slots: 1,000,320,001 x 16 bytes + 220,005 floats x 32 x 4 bytes = 16,033,280,656 bytes, 14.93 GiB
    expect(f.stderr).toBe(
      'error: This network would need about 14.9 GiB to train (1,000,320,001 parameters with SGD at batch 32), more than the 1.5 GiB Densely allows; use fewer or smaller layers.\n',
    );
  });

  it('names the row and column of a bad CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'densely-cli-'));
    const file = join(dir, 'text.csv');
    writeFileSync(file, 'x1,x2,label\n1,2,0\n1,abc,1\n');
    const r = await densely('train', '--layers', '2,4,1', '--data', file, '--label', 'label');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: Row 2 after the header, column "x2" holds "abc", which is not a number; every column but the label must hold numbers.\n');
  });
});

describe('densely FILE, with no command', () => {
  it("prints the file's summary and says in one note how to open it in the app", async () => {
    const r = await densely('assets/samples/lecture-3-4-3-2.densely.json');
    expect(r.code).toBe(0);
    // (3x4 + 4) + (4x3 + 3) + (3x2 + 2) = 39.
    expect(r.stdout).toContain('Total params: 39');
    expect(r.stderr).toBe(
      'note: this is the command line; to open assets/samples/lecture-3-4-3-2.densely.json in the app, run the installed `densely assets/samples/lecture-3-4-3-2.densely.json`, or `npm start -- assets/samples/lecture-3-4-3-2.densely.json` here.\n',
    );
  });

  it('a word that is neither a command nor a project file is refused in one line', async () => {
    const r = await densely('sumary');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: "sumary" is neither a command nor a project file (.densely.json); run densely --help for the commands.\n');
  });
});
