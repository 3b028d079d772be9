/**
 * Shape inference and parameter counting over a whole chain: pure functions,
 * linear in the number of layers.
 */
import { shapeSize, type Shape } from '../layers/layer-kind';
import { kindSpec, type Layer } from '../layers/registry';
import { layerLabel } from './document';
import { formatCount } from '../format';

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
  readonly params: number;
  /** The bundle's arithmetic as the lecture writes it, e.g. "3 x 4 + 4 = 16"; null for layers without weights. */
  readonly arithmetic: string | null;
}

export interface Totals {
  readonly weights: number;
  readonly biases: number;
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


function arithmeticOf(input: Shape, units: number, biases: number): string {
  const fanIn = shapeSize(input);
  const weights = fanIn * units;
  return biases > 0
    ? `${formatCount(fanIn)} x ${formatCount(units)} + ${formatCount(biases)} = ${formatCount(weights + biases)}`
    : `${formatCount(fanIn)} x ${formatCount(units)} = ${formatCount(weights)}`;
}

export function summarize(layers: readonly Layer[], options: SummaryOptions = {}): NetworkSummary {
  const countBiases = options.countBiases ?? true;
  const rows: LayerSummary[] = [];
  const errors: string[] = [];
  let shape: Shape | null = null;
  let broken = false;
  let totalWeights = 0;
  let totalBiases = 0;

  if (layers.length === 0) errors.push('The network is empty; drag an Input layer from the palette, or pick a template.');
  else if (layers[0]!.kind !== 'input') errors.push('The network must start with an Input layer; drag one to the start.');

  for (const layer of layers) {
    const label = layerLabel(layer);
    const spec = kindSpec(layer.kind);
    const inputShape = shape;
    if (broken) {
      rows.push({ id: layer.id, label, kind: layer.kind, inputShape: null, outputShape: null, error: null, weights: 0, biases: 0, params: 0, arithmetic: null });
      continue;
    }
    const result = spec.inferShape(inputShape, layer as never, label);
    if ('error' in result) {
      broken = true;
      errors.push(result.error);
      rows.push({ id: layer.id, label, kind: layer.kind, inputShape, outputShape: null, error: result.error, weights: 0, biases: 0, params: 0, arithmetic: null });
      continue;
    }
    const counted = inputShape ? spec.countParameters(inputShape, layer as never) : { weights: 0, biases: 0 };
    const biases = countBiases ? counted.biases : 0;
    totalWeights += counted.weights;
    totalBiases += biases;
    rows.push({
      id: layer.id,
      label,
      kind: layer.kind,
      inputShape,
      outputShape: result.shape,
      error: null,
      weights: counted.weights,
      biases,
      params: counted.weights + biases,
      arithmetic: counted.weights > 0 && inputShape ? arithmeticOf(inputShape, result.shape[0]!, biases) : null,
    });
    shape = result.shape;
  }

  return {
    layers: rows,
    totals: { weights: totalWeights, biases: totalBiases, params: totalWeights + totalBiases },
    errors,
    countBiases,
  };
}

/** The output shape of the whole chain, or null while it has errors. */
export function outputShape(summary: NetworkSummary): Shape | null {
  if (summary.errors.length > 0) return null;
  return summary.layers.at(-1)?.outputShape ?? null;
}
