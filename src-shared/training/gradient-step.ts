/**
 * One batch of plain gradient descent with every number of it: what
 * `densely step --json` prints and what the `gradientStep` request answers,
 * for the walk-through of the lecture's five phases. The trainer computes it
 * (src-main/trainer/step-detail.ts); this is its shape and its bounds.
 *
 * Layout: `kernel` is inputs x units (Keras's), `z`, `a` and `y` are
 * batch x units, `x` batch x features. A layer without a bias has `bias`,
 * `dBias` and `biasAfter` null.
 */
import { z } from 'zod';
import { MAX_LAYERS } from '../layers/limits';
import { LOSSES } from './settings';

/** Step mode shows every value of the batch: a lecture's batch is a handful of samples. */
export const MAX_STEP_BATCH = 64;
/** The JSON a step may print; beyond it the network is not one to follow number by number. */
export const MAX_STEP_JSON_BYTES = 5 * 1024 * 1024;
/** The longest a float32 value prints as in JSON (`-1.2345678806304932e-27,`), for the estimate before any work. */
export const BYTES_PER_VALUE = 24;
/** The most values one step holds: the JSON limit at the longest a value prints. */
export const MAX_STEP_VALUES = Math.floor(MAX_STEP_JSON_BYTES / BYTES_PER_VALUE);

const row = z.array(z.number()).max(MAX_STEP_VALUES);
const rows = z.array(row).max(MAX_STEP_VALUES);
const batchRows = z.array(row).max(MAX_STEP_BATCH);

export const stepLayerSchema = z.object({
  name: z.string().max(200),
  activation: z.string().max(40),
  kernel: rows,
  bias: row.nullable(),
  z: batchRows,
  a: batchRows,
  dKernel: rows,
  dBias: row.nullable(),
  kernelAfter: rows,
  biasAfter: row.nullable(),
  /** The error δ = dL/dz of each neuron per sample, batch x units (the walk-through's; `densely step` leaves it out). */
  dZ: batchRows.optional(),
});

const count = (m: readonly (readonly number[])[] | null) => (m ? m.reduce((s, r) => s + r.length, 0) : 0);

/** How many numbers a step holds in all. */
export function stepReportValues(r: {
  readonly batch: { readonly x: readonly (readonly number[])[]; readonly y: readonly (readonly number[])[] };
  readonly layers: readonly Pick<StepLayer, 'kernel' | 'bias' | 'z' | 'a' | 'dZ'>[];
}): number {
  let n = count(r.batch.x) + count(r.batch.y);
  for (const l of r.layers) n += count(l.kernel) * 3 + (l.bias?.length ?? 0) * 3 + count(l.z) + count(l.a) + count(l.dZ ?? null);
  return n;
}

export const stepReportSchema = z
  .object({
    loss: z.enum(LOSSES),
    learningRate: z.number(),
    batch: z.object({ x: batchRows, y: batchRows }),
    lossValue: z.number(),
    layers: z.array(stepLayerSchema).max(MAX_LAYERS),
  })
  .refine((r) => stepReportValues(r) <= MAX_STEP_VALUES, { message: `A step holds at most ${MAX_STEP_VALUES} numbers.` });

export type StepLayer = z.output<typeof stepLayerSchema>;
export type StepReport = z.output<typeof stepReportSchema>;
