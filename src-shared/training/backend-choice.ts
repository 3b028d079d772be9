/**
 * Which backend a network trains on, as one rule both sides read: the trainer
 * to choose, the panel to say so before Train is pressed.
 *
 * A step with at most CPU_MAX_STEP_WORK of work (parameters times batch size,
 * about the multiply-adds of one forward pass) trains on the cpu backend when
 * no backend is forced: a tiny network's step is all per-operation overhead,
 * and the cpu backend's kernels are plain JavaScript with no call into wasm or
 * native code. As soon as the matrices grow, wasm's SIMD kernels win by far.
 * The figures behind the threshold are in src-main/trainer/backend.ts.
 */
import type { BackendName } from './settings';

export const CPU_MAX_STEP_WORK = 4_096;

export function prefersCpu(params: number, batchSize: number): boolean {
  return params * batchSize <= CPU_MAX_STEP_WORK;
}

/**
 * The backend a run will use: the forced one, else cpu for a small step,
 * else the best accelerated backend that loads.
 */
export function expectedBackend(params: number, batchSize: number, best: BackendName, forced: boolean): BackendName {
  if (forced) return best;
  return prefersCpu(params, batchSize) ? 'cpu' : best;
}
