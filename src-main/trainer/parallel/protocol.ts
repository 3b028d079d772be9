/**
 * Data-parallel training over worker threads (issue 10): what the session and its shard workers say to each other.
 *
 * Every worker holds a replica of the model, built from the same layers and seed (so the same initial weights) with
 * the same optimizer. For each batch the session splits the rows into shards, one per thread (the session's own
 * thread takes the first); each thread computes its shard's loss and gradients (means over its shard); the session
 * averages them weighted by shard size, which is the whole batch's mean gradient, applies it, and hands the very same
 * floats to every worker, whose optimizer applies them to its replica. The replicas therefore stay equal to the
 * session's model bit for bit, without weights ever being copied.
 *
 * Gradients cross in SharedArrayBuffers (a worker's result region, and one region of averaged gradients all
 * workers read); the small commands cross as messages. A worker answers a `step` by storing its sequence number in
 * its control word and notifying it, so the session can wait for it with Atomics.wait without yielding.
 */
import type { Layer } from '../../../src-shared/layers/registry';
import type { Loss, Optimizer } from '../../../src-shared/training/settings';

export interface ShardWorkerData {
  readonly layers: readonly Layer[];
  readonly seed: number;
  readonly optimizer: Optimizer;
  readonly learningRate: number;
  readonly loss: Loss;
  readonly featureSize: number;
  readonly outputUnits: number;
  /** The largest shard a step may send: sizes the output part of the result region. */
  readonly maxShard: number;
  /** Int32 control word: the last step's sequence number the worker has answered. */
  readonly control: SharedArrayBuffer;
  /** Float32: [loss, ...gradients in variable order, ...outputs (units x shard, feature-major)]. */
  readonly result: SharedArrayBuffer;
  /** Float32: the averaged gradients in variable order, written by the session, read by every worker. */
  readonly averaged: SharedArrayBuffer;
}

export type ShardCommand =
  | { readonly type: 'step'; readonly seq: number; readonly x: Float32Array; readonly y: Float32Array; readonly n: number; readonly dropoutSeed: number }
  | { readonly type: 'apply' }
  | { readonly type: 'exit' };

export type ShardReply = { readonly type: 'ready'; readonly params: number; readonly gradientSize: number } | { readonly type: 'failed'; readonly message: string };
