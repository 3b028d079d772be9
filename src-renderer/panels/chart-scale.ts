/**
 * The loss chart's axes belong to the run being watched. A previous run of another network (another template, another
 * loss, more epochs) is drawn where it falls inside them and left out where it doesn't, rather than squeezing the
 * current curve flat; the legend says how much of it was left out.
 */
import * as d3 from 'd3';

export interface RunPoints {
  readonly batches: readonly { readonly x: number; readonly loss: number }[];
  readonly epochs: readonly { readonly epoch: number; readonly loss: number; readonly valLoss?: number }[];
  readonly previous: readonly { readonly epoch: number; readonly loss: number; readonly valLoss?: number }[];
  readonly totalEpochs: number;
}

export interface ChartScale {
  /** The epoch axis runs from 0 to this. */
  readonly maxX: number;
  /** The loss axis runs from 0 to this (a round number). */
  readonly lossTop: number;
  /** Epochs of the previous run with a loss off these axes, so not drawn. */
  readonly previousLeftOut: number;
}

export function chartScale({ batches, epochs, previous, totalEpochs }: RunPoints): ChartScale {
  // Before the first figure of a run the previous one is all there is to see: the axes are its.
  const current = batches.length > 0 || epochs.length > 0;
  const maxX = Math.max(1, totalEpochs, batches.at(-1)?.x ?? 0, epochs.at(-1)?.epoch ?? 0, current ? 0 : (previous.at(-1)?.epoch ?? 0));
  const values = [...batches.map((p) => p.loss), ...(current ? epochs : previous).flatMap((e) => [e.loss, e.valLoss ?? e.loss])].filter(Number.isFinite);
  // A first batch far above the rest would flatten the curve: scale to a high quantile instead of the maximum.
  const sorted = values.slice().sort((a, b) => a - b);
  const maxY = Math.max(1e-6, (sorted.length > 20 ? d3.quantileSorted(sorted, 0.98) : d3.max(sorted)) ?? 1);
  const lossTop = d3.scaleLinear().domain([0, maxY]).nice().domain()[1]!;
  const previousLeftOut = current ? previous.filter((e) => e.epoch > maxX || e.loss > lossTop || (e.valLoss ?? 0) > lossTop).length : 0;
  return { maxX, lossTop, previousLeftOut };
}
