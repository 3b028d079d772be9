/**
 * The PyTorch reference, ../shared/bench/pytorch_mlp.py next to the repository:
 * run with the system python and, as its header asks, without OPENBLAS_CORETYPE
 * and OPENBLAS_L2_SIZE for that command alone.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from './paths';

export const PYTORCH_SCRIPT = resolve(REPO_ROOT, '..', 'shared', 'bench', 'pytorch_mlp.py');
/** The CNN template's reference, kept in the repository beside this file. */
export const PYTORCH_CNN_SCRIPT = resolve(REPO_ROOT, 'src-main', 'bench', 'pytorch_cnn.py');
/** The sweep's reference (batch size and width as arguments), kept in the repository beside this file. */
export const PYTORCH_SWEEP_SCRIPT = resolve(REPO_ROOT, 'src-main', 'bench', 'pytorch_sweep.py');
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

function env(): NodeJS.ProcessEnv {
  const e = { ...process.env };
  delete e.OPENBLAS_CORETYPE;
  delete e.OPENBLAS_L2_SIZE;
  return e;
}

/** Null when the reference can run here, else why not (one sentence). */
export function pytorchUnavailable(script = PYTORCH_SCRIPT): string | null {
  if (!existsSync(script)) return `the reference script ${script} is not there`;
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { env: env(), encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) return `python3-torch is not importable by ${PYTHON} (apt-get install python3-torch libopenblas0-pthread)`;
  return null;
}

export interface PytorchResult {
  readonly samples_per_sec: number;
  readonly version?: string;
  readonly threads?: number;
}

/** One run of the reference: a warm-up pass, then `repeats` timed passes; its median samples/s. */
export function runPytorch(samples: number, repeats: number, timeoutMs: number, script = PYTORCH_SCRIPT, extraArgs: readonly string[] = []): Promise<PytorchResult> {
  return new Promise((ok, fail) => {
    const child = spawn(PYTHON, [script, '--samples', String(samples), '--repeats', String(repeats), ...extraArgs], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => (clearTimeout(timer), fail(e)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) return fail(new Error(`the PyTorch reference was stopped (${signal}) after its time limit`));
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        const parsed = JSON.parse(line) as PytorchResult;
        if (code === 0 && typeof parsed.samples_per_sec === 'number') return ok(parsed);
      } catch {
        // fall through to the error below
      }
      fail(new Error(`the PyTorch reference failed (exit ${code}): ${err.trim().split('\n').at(-1) ?? ''}`));
    });
  });
}
