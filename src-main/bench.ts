/**
 * `npm run bench`: Densely's speed, as figures a person reads (never as timed
 * tests). One JSON line per measurement, then a short summary. See --help and
 * the README's Performance section; the parts are in src-main/bench/.
 */
import { spawnSync } from 'node:child_process';
import { Command } from 'commander';
import { benchEditor } from './bench/editor';
import { benchCnn } from './bench/cnn';
import { benchMlp } from './bench/mlp';
import { REPO_ROOT } from './bench/paths';
import { benchPlayground } from './bench/playground';
import { errorText, loadAverage, Report, withTimeout } from './bench/report';
import { benchScaling } from './bench/scaling';
import { benchReadback } from './bench/readback';
import { benchScreen } from './bench/screen';
import { benchSweep } from './bench/sweep';
import { closeBrowser } from './bench/web';

interface Options {
  backend?: string;
  compare?: boolean;
  only?: string;
  large?: boolean;
  jsonOnly?: boolean;
}

interface Part {
  readonly name: string;
  readonly about: string;
  readonly browser: boolean;
  /** The whole part's time limit; each measurement inside has its own too. */
  readonly limitMs: number;
  run(report: Report, o: Options): Promise<void>;
}

const PARTS: readonly Part[] = [
  {
    name: 'mlp',
    about: 'digit MLP samples/s per backend (with --compare, vs PyTorch)',
    browser: false,
    limitMs: 12 * 60_000,
    run: (r, o) => benchMlp(r, { ...(o.backend ? { backend: o.backend } : {}), compare: !!o.compare }),
  },
  {
    name: 'cnn',
    about: 'the CNN template samples/s on wasm (with --compare, vs the same network in PyTorch)',
    browser: false,
    limitMs: 15 * 60_000,
    run: (r, o) => benchCnn(r, { ...(o.backend ? { backend: o.backend } : {}), compare: !!o.compare }),
  },
  {
    name: 'sweep',
    about: 'samples/s against batch size (16-1,024) and width (64-4,096) on every backend that loads (with --compare, PyTorch beside each point)',
    browser: false,
    limitMs: 20 * 60_000,
    run: (r, o) => benchSweep(r, { ...(o.backend ? { backend: o.backend } : {}), compare: !!o.compare }),
  },
  { name: 'readback', about: 'what reading the loss back each batch costs against every 16 batches, on cpu and wasm (stand-ins for the native backends)', browser: false, limitMs: 5 * 60_000, run: (r) => benchReadback(r) },
  { name: 'playground', about: "Playground's circle in the web host: epochs/s, time to test loss 0.01", browser: true, limitMs: 3 * 60_000, run: (r) => benchPlayground(r) },
  { name: 'screen', about: 'digit template with the canvas animating vs headless; web host memory', browser: true, limitMs: 5 * 60_000, run: (r) => benchScreen(r) },
  { name: 'editor', about: 'summarize a 200-layer chain, canvas redraw, web host interactive time', browser: true, limitMs: 3 * 60_000, run: (r) => benchEditor(r) },
  { name: 'scaling', about: 'summarize 100-800 layers, 64- vs 4096-wide draw, dataset memory per row, a ~100 MB CSV import (--large: also ~400 MB)', browser: true, limitMs: 6 * 60_000, run: (r, o) => benchScaling(r, { large: !!o.large }) },
];

function ensureBuild(): string | null {
  const r = spawnSync(process.execPath, ['scripts/ensure-build.mjs'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
  return r.status === 0 ? null : 'the renderer could not be built (run `npm run build` to see why)';
}

async function main(): Promise<void> {
  const program = new Command('npm run bench --')
    .description(
      "Densely's speed figures: one JSON line per measurement, then a summary. Parts: " +
        PARTS.map((p) => `${p.name} (${p.about})`).join('; ') +
        '. The browser parts use Chromium at /usr/bin/chromium (or CHROMIUM_PATH).',
    )
    .option('--backend <name>', 'run the digit MLP on just this backend: tensorflow-gpu, tensorflow, wasm or cpu')
    .option('--compare', 'also run the PyTorch reference (../shared/bench/pytorch_mlp.py), alternating with Densely, and print ratios')
    .option('--only <names>', `run just these parts, comma-separated: ${PARTS.map((p) => p.name).join(', ')}`)
    .option('--large', 'scaling: besides the ~100 MB CSV, also import a generated ~400 MB one by streaming (about a minute more)')
    .option('--json-only', 'print only the JSON lines, no summary')
    .parse();
  const o = program.opts<Options>();
  const names = o.only ? o.only.split(',').map((s) => s.trim()).filter(Boolean) : PARTS.map((p) => p.name);
  const unknown = names.filter((n) => !PARTS.some((p) => p.name === n));
  if (unknown.length) {
    process.stderr.write(`error: there is no part named ${unknown.map((n) => `"${n}"`).join(', ')}; the parts are ${PARTS.map((p) => p.name).join(', ')}.\n`);
    process.exit(2);
  }
  const report = new Report();
  const started = performance.now();
  report.record({ bench: 'machine', loadavg: loadAverage(), node: process.version, cpus: (await import('node:os')).cpus().length });
  const parts = PARTS.filter((p) => names.includes(p.name));
  let built = false;
  let buildProblem: string | null = null;
  try {
    for (const part of parts) {
      if (part.browser) {
        if (!built) (buildProblem = ensureBuild()), (built = true);
        if (buildProblem) {
          report.failed(part.name, buildProblem);
          continue;
        }
      }
      try {
        await withTimeout(`the ${part.name} part`, part.limitMs, () => part.run(report, o));
      } catch (e) {
        report.failed(part.name, errorText(e));
      }
    }
  } finally {
    await closeBrowser();
  }
  const seconds = Math.round((performance.now() - started) / 1000);
  report.record({ bench: 'done', seconds, loadavg: loadAverage() });
  if (!o.jsonOnly) {
    const la = loadAverage();
    process.stdout.write(`\nSummary (${seconds} s; load average ${la ? la.join(' ') : 'unknown'} on ${(await import('node:os')).cpus().length} cores):\n`);
    for (const line of report.summary()) process.stdout.write(`  ${line}\n`);
  }
  // tf.js and the wasm backend keep handles open; the figures are out, so leave.
  process.exit(0);
}

await main();
