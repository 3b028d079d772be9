/**
 * The session's side of data-parallel training (see protocol.ts): a pool of shard workers, each a replica of the
 * model, and the arithmetic that splits a batch and averages its gradients.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Layer } from '../../../src-shared/layers/registry';
import type { BackendName, Loss, Optimizer } from '../../../src-shared/training/settings';
import type { ShardCommand, ShardReply, ShardWorkerData } from './protocol';

/** A shard smaller than this leaves the thread's matrix products too thin to pay for the hand-over. */
export const MIN_SHARD = 32;
/** Below this much work per batch (parameters x batch size) a second thread costs more than it gives. */
export const MIN_PARALLEL_WORK = 2_000_000;
export const MAX_THREADS = 8;

export interface ThreadsQuestion {
  readonly backend: BackendName;
  readonly batchSize: number;
  readonly params: number;
  /** Layers whose training forward pass depends on the whole batch (batch normalization's statistics). */
  readonly batchDependent: boolean;
  readonly cores: number;
  /** DENSELY_THREADS, or a session's own choice: a number of threads (1 for none), or 'auto' for every core where it pays. */
  readonly forced?: number | 'auto';
}

/**
 * Whether a run trains on several threads unasked. Not yet: on the 2-core build machine two threads trained the digit
 * MLP at 0.89 of one thread's speed (`npm run bench -- --only mlp`, README's Performance), the halved matrix products
 * and the averaging cost more than the second core gives. DENSELY_THREADS=auto (or a count) turns it on.
 */
export const THREADS_BY_DEFAULT = false;

/**
 * How many threads (the session's own included) train a run. Only wasm runs on one core (the native backends
 * already use them all, and cpu runs the networks too small to share); batch normalization needs the whole batch.
 */
export function trainingThreads(q: ThreadsQuestion): number {
  if (q.backend !== 'wasm' || q.batchDependent) return 1;
  // Forced (tests, DENSELY_THREADS), a shard may be as small as one row.
  if (typeof q.forced === 'number') return Math.max(1, Math.min(q.forced, q.batchSize, MAX_THREADS));
  if (q.forced === undefined && !THREADS_BY_DEFAULT) return 1;
  const bySize = Math.max(1, Math.floor(q.batchSize / MIN_SHARD));
  if (q.params * q.batchSize < MIN_PARALLEL_WORK) return 1;
  return Math.max(1, Math.min(q.cores, bySize, MAX_THREADS));
}

/** The threads' shards of a batch's rows: contiguous, in order, sizes differing by at most one. */
export function shardsOf<T extends { length: number; subarray(a: number, b: number): T }>(rows: T, threads: number): T[] {
  const out: T[] = [];
  const base = Math.floor(rows.length / threads);
  const extra = rows.length % threads;
  let at = 0;
  for (let i = 0; i < threads; i++) {
    const size = base + (i < extra ? 1 : 0);
    out.push(rows.subarray(at, at + size));
    at += size;
  }
  return out;
}

/**
 * The whole batch's mean gradient from each shard's mean gradient: sum over shards of mean x size, over the batch
 * size, written into `into`. Always in the same order, so every thread that reads `into` applies the same floats.
 */
export function averageInto(into: Float32Array, shards: readonly { readonly gradients: Float32Array; readonly n: number }[]): void {
  const total = shards.reduce((s, g) => s + g.n, 0);
  into.fill(0);
  for (const { gradients, n } of shards) {
    const w = n / total;
    for (let i = 0; i < into.length; i++) into[i]! += gradients[i]! * w;
  }
}

export interface PoolOptions {
  readonly workers: number;
  readonly layers: readonly Layer[];
  readonly seed: number;
  readonly optimizer: Optimizer;
  readonly learningRate: number;
  readonly loss: Loss;
  readonly featureSize: number;
  readonly outputUnits: number;
  readonly maxShard: number;
  readonly gradientSize: number;
}

interface Member {
  readonly worker: Worker;
  readonly control: Int32Array;
  readonly result: Float32Array;
  seq: number;
  n: number;
  failure: string | null;
}

function workerUrl(): URL {
  const built = new URL('./shard-worker.js', import.meta.url);
  return existsSync(fileURLToPath(built)) ? built : new URL('./shard-worker-source.mjs', import.meta.url);
}

/** Whether this thread may block in Atomics.wait (Node's may; a host may forbid it on its main thread). */
let canWait = true;

/** Sleeps until the control word changes (or a second passes); spins where this thread may not block. */
function waitOn(control: Int32Array): void {
  if (!canWait) return;
  try {
    Atomics.wait(control, 0, Atomics.load(control, 0), 1000);
  } catch {
    // "Atomics.wait cannot be called in this context": the worker runs on another core, so a spin here costs it no time.
    canWait = false;
  }
}

export class ShardPool {
  private readonly members: Member[];
  /** The averaged gradients every worker applies: the session writes them, then says `apply`. */
  readonly averaged: Float32Array;

  private constructor(members: Member[], averaged: Float32Array, private readonly o: PoolOptions) {
    this.members = members;
    this.averaged = averaged;
  }

  get workers(): number {
    return this.members.length;
  }

  /** Starts the workers and waits until each has built its replica; null (and no worker left) if any could not. */
  static async start(o: PoolOptions): Promise<{ pool: ShardPool } | { failed: string }> {
    const averagedBuffer = new SharedArrayBuffer(o.gradientSize * 4);
    const url = workerUrl();
    const members: Member[] = [];
    const ready: Promise<ShardReply>[] = [];
    for (let i = 0; i < o.workers; i++) {
      const control = new SharedArrayBuffer(4);
      const result = new SharedArrayBuffer((1 + o.gradientSize + o.outputUnits * o.maxShard) * 4);
      const data: ShardWorkerData = {
        layers: o.layers,
        seed: o.seed,
        optimizer: o.optimizer,
        learningRate: o.learningRate,
        loss: o.loss,
        featureSize: o.featureSize,
        outputUnits: o.outputUnits,
        maxShard: o.maxShard,
        control,
        result,
        averaged: averagedBuffer,
      };
      const worker = new Worker(url, { workerData: data });
      const member: Member = { worker, control: new Int32Array(control), result: new Float32Array(result), seq: 0, n: 0, failure: null };
      worker.on('error', (e) => (member.failure = e.message));
      worker.on('exit', (code) => (member.failure ??= `a training thread ended (exit ${code})`));
      members.push(member);
      ready.push(
        new Promise<ShardReply>((ok) => {
          worker.once('message', (m: ShardReply) => ok(m));
          worker.once('error', (e) => ok({ type: 'failed', message: e.message }));
        }),
      );
    }
    const replies = await Promise.all(ready);
    const bad = replies.find((r) => r.type === 'failed' || r.gradientSize !== o.gradientSize);
    const pool = new ShardPool(members, new Float32Array(averagedBuffer), o);
    if (bad) {
      await pool.dispose();
      return { failed: bad.type === 'failed' ? bad.message : 'a training thread built a different model' };
    }
    return { pool };
  }

  /** Hands worker i its shard (feature-major x and targets); it starts at once. */
  send(i: number, x: Float32Array, y: Float32Array, n: number, dropoutSeed: number): void {
    const m = this.members[i]!;
    m.seq++;
    m.n = n;
    const command: ShardCommand = { type: 'step', seq: m.seq, x, y, n, dropoutSeed };
    m.worker.postMessage(command);
  }

  /**
   * Waits (blocking this thread, as a batch on wasm does anyway) for every worker's answer to its last `send`;
   * their losses, gradients and outputs are views into the shared results, valid until the next `send`.
   */
  collect(): { loss: number; gradients: Float32Array; outputs: Float32Array; n: number }[] {
    return this.members.map((m) => {
      while (Atomics.load(m.control, 0) !== m.seq) {
        if (m.failure) throw new Error(m.failure);
        waitOn(m.control);
      }
      const g = this.o.gradientSize;
      return { loss: m.result[0]!, gradients: m.result.subarray(1, 1 + g), outputs: m.result.subarray(1 + g, 1 + g + this.o.outputUnits * m.n), n: m.n };
    });
  }

  /** Every worker applies `averaged` (already written) to its replica; they do it while the session goes on. */
  apply(): void {
    for (const m of this.members) m.worker.postMessage({ type: 'apply' } satisfies ShardCommand);
  }

  async dispose(): Promise<void> {
    await Promise.all(this.members.map((m) => m.worker.terminate().catch(() => 0)));
  }
}

/** DENSELY_THREADS as a number of threads or 'auto'; undefined when unset or neither 'auto' nor a whole number of at least 1. */
export function threadsFromEnv(env: NodeJS.ProcessEnv = process.env): number | 'auto' | undefined {
  const v = env.DENSELY_THREADS?.trim().toLowerCase();
  if (v === 'auto') return 'auto';
  if (!v || !/^\d+$/.test(v) || Number(v) < 1) return undefined;
  return Number(v);
}

export const cores = (): number => availableParallelism();
