/**
 * The figures a lecture reports after each epoch, as Keras prints them: loss and accuracy over the epoch's
 * training batches, and over the held-out validation samples. A figure the run does not have reads "–".
 */
import type { EventPayload } from '../../src-shared/protocol/contract';

export interface EpochFigures {
  readonly trainLoss: string;
  readonly valLoss: string;
  readonly trainAccuracy: string;
  readonly valAccuracy: string;
}

const NONE = '–';

/** A loss as a few significant digits; a diverged run's huge value stays short. */
export function formatLoss(v: number | null | undefined): string {
  if (v === null || v === undefined) return NONE;
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1e6) return v.toExponential(2).replace('e+', 'e');
  return v >= 100 ? v.toFixed(1) : v >= 1 ? v.toFixed(3) : v.toPrecision(3);
}

/** A fraction of samples right, as a percentage with one decimal: 0.9731 is "97.3%". */
export function formatAccuracy(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NONE;
  return `${(v * 100).toFixed(1)}%`;
}

export function epochFigures(epoch: Omit<EventPayload<'epoch'>, 'runId'> | null): EpochFigures {
  return {
    trainLoss: formatLoss(epoch?.loss),
    valLoss: formatLoss(epoch?.valLoss),
    trainAccuracy: formatAccuracy(epoch?.accuracy),
    valAccuracy: formatAccuracy(epoch?.valAccuracy),
  };
}
