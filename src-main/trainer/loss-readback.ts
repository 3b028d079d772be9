/**
 * When the training loop reads each batch's loss back from the backend.
 *
 * The loop needs the loss as a number: the divergence check stops a run at a
 * NaN or infinite loss, and the batch events draw the loss curve. On the cpu
 * and wasm backends a scalar's dataSync is a plain read of memory the batch
 * has just written, so the loop reads every batch, and counts correct answers
 * in JS from the outputs it reads with it. On TensorFlow's native backends
 * (tensorflow, tensorflow-gpu) ops run asynchronously; a read-back waits for
 * every queued op, so reading every batch would stall the queue once per
 * batch. There the loop keeps the losses (and correct counts, computed on the
 * backend) as tensors and reads a window of them at once: every
 * NATIVE_READBACK_BATCHES batches, at the end of an epoch, and whenever the
 * run pauses, steps or stops. tfjs-node cannot be installed on the build
 * machine, so the window's size is a judgement, not a measurement: large
 * enough to keep the queue full, small enough that a diverging run is caught
 * within a few milliseconds of batches.
 */
import type { BackendName } from '../../src-shared/training/settings';

export interface ReadbackPolicy {
  /** How many batches' losses may wait on the backend before the loop reads them, all at once. */
  readonly everyBatches: number;
}

export const NATIVE_READBACK_BATCHES = 16;

export function lossReadback(backend: BackendName): ReadbackPolicy {
  return backend === 'tensorflow' || backend === 'tensorflow-gpu' ? { everyBatches: NATIVE_READBACK_BATCHES } : { everyBatches: 1 };
}
