/**
 * Shape inference and parameter counting over a whole chain: pure functions,
 * linear in the number of layers.
 */
import type { Shape } from '../layers/layer-kind';
import { NO_PARAMETERS, formatArithmetic, tally, type ParameterCount } from '../layers/parameters';
import { specOf, type Layer } from '../layers/registry';
import { layerLabel } from './document';

export interface LayerSummary {
  readonly id: string;
  readonly label: string;
  readonly kind: Layer['kind'];
  readonly inputShape: Shape | null;
  readonly outputShape: Shape | null;
  /** Why this layer has no shape; null when it has one or waits on an earlier error. */
  readonly error: string | null;
  readonly weights: number;
  readonly biases: number;
  /** Parameters training follows by gradient, and those it keeps otherwise (batch norm's running statistics). */
  readonly trainable: number;
  readonly nonTrainable: number;
  /** weights + biases = trainable + nonTrainable. */
  readonly params: number;
  /** The count as the spec's terms; null without a shape. */
  readonly parameters: ParameterCount | null;
  /** The bundle's arithmetic as the lecture writes it, e.g. "3 x 4 + 4 = 16"; null for layers without parameters. */
  readonly arithmetic: string | null;
}

export interface Totals {
  readonly weights: number;
  readonly biases: number;
  readonly trainable: number;
  readonly nonTrainable: number;
  readonly params: number;
}

export interface NetworkSummary {
  readonly layers: readonly LayerSummary[];
  readonly totals: Totals;
  /** Every error, in layer order, plus chain-level ones (empty network, no input). */
  readonly errors: readonly string[];
  readonly countBiases: boolean;
}

export interface SummaryOptions {
  /** Keras counts biases; the lecture's first question leaves them out. */
  readonly countBiases?: boolean;
}

const UNCOUNTED: Totals = { weights: 0, biases: 0, trainable: 0, nonTrainable: 0, params: 0 };

/**
 * One row, its fields written out: a literal that spreads two objects and adds fields was 10x slower to build in V8
 * (8 us a row, most of a 200-layer summary's time; `npm run bench -- --only editor`).
 */
function row(
  layer: Layer,
  label: string,
  inputShape: Shape | null,
  outputShape: Shape | null,
  error: string | null,
  t: Totals,
  parameters: ParameterCount | null,
  arithmetic: string | null,
): LayerSummary {
  return {
    id: layer.id,
    label,
    kind: layer.kind,
    inputShape,
    outputShape,
    error,
    weights: t.weights,
    biases: t.biases,
    trainable: t.trainable,
    nonTrainable: t.nonTrainable,
    params: t.params,
    parameters,
    arithmetic,
  };
}

export function summarize(layers: readonly Layer[], options: SummaryOptions = {}): NetworkSummary {
  const countBiases = options.countBiases ?? true;
  const rows: LayerSummary[] = [];
  const errors: string[] = [];
  let shape: Shape | null = null;
  let broken = false;
  const totals = { weights: 0, biases: 0, trainable: 0, nonTrainable: 0, params: 0 };

  if (layers.length === 0) errors.push('The network is empty; drag an Input layer from the palette, or pick a template.');
  else if (layers[0]!.kind !== 'input') errors.push('The network must start with an Input layer; drag one to the start.');

  for (const layer of layers) {
    const label = layerLabel(layer);
    const spec = specOf(layer);
    const inputShape = shape;
    if (broken) {
      rows.push(row(layer, label, null, null, null, UNCOUNTED, null, null));
      continue;
    }
    const result = spec.inferShape(inputShape, layer, label);
    if ('error' in result) {
      broken = true;
      errors.push(result.error);
      rows.push(row(layer, label, inputShape, null, result.error, UNCOUNTED, null, null));
      continue;
    }
    const parameters = inputShape ? spec.countParameters(inputShape, layer) : NO_PARAMETERS;
    const t = tally(parameters, countBiases);
    totals.weights += t.weights;
    totals.biases += t.biases;
    totals.trainable += t.trainable;
    totals.nonTrainable += t.nonTrainable;
    totals.params += t.params;
    rows.push(row(layer, label, inputShape, result.shape, null, t, parameters, formatArithmetic(parameters, countBiases)));
    shape = result.shape;
  }

  return { layers: rows, totals, errors, countBiases };
}

/** The output shape of the whole chain, or null while it has errors. */
export function outputShape(summary: NetworkSummary): Shape | null {
  if (summary.errors.length > 0) return null;
  return summary.layers.at(-1)?.outputShape ?? null;
}
