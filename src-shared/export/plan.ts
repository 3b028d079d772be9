/**
 * What every code generator reads: the document resolved once into layers with their shapes, identifiers and the
 * biases they really have, plus the saved training settings with Densely's defaults filled in. The counts are the
 * summary's, so the exported file states the numbers the table shows.
 */
import { countsBiases, layerLabel, type NetworkDocument } from '../graph/document';
import { summarize, type Totals } from '../graph/summary';
import type { Shape } from '../layers/layer-kind';
import type { Layer } from '../layers/registry';
import { DEFAULT_TRAINING, type TrainingSettings } from '../training/settings';
import { identifiers } from './literals';

export interface PlannedLayer {
  readonly layer: Layer;
  /** A valid Python and JavaScript identifier, unique in the network, from the layer's id. */
  readonly ident: string;
  /** The layer's name as a person reads it (may hold any character: quote it or pass it through commentText). */
  readonly label: string;
  readonly input: Shape | null;
  readonly output: Shape;
  /**
   * Whether the layer has biases as Densely counts them: its own useBias (dense, conv2d, the recurrent kinds), and
   * false when the project leaves biases out.
   */
  readonly useBias: boolean;
  /** Densely's count for this layer. */
  readonly params: number;
}

export interface ExportPlan {
  readonly name: string;
  readonly layers: readonly PlannedLayer[];
  readonly countBiases: boolean;
  readonly totals: Totals;
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly settings: TrainingSettings;
}

export type PlanResult = { readonly ok: true; readonly plan: ExportPlan } | { readonly ok: false; readonly error: string };


export function planExport(doc: NetworkDocument): PlanResult {
  const countBiases = countsBiases(doc);
  const summary = summarize(doc.layers, { countBiases });
  if (summary.errors.length > 0)
    return { ok: false, error: `The network can't be exported until it is fixed: ${summary.errors[0]!}` };
  const idents = identifiers(doc.layers.map((l) => l.id));
  const layers = doc.layers.map((layer, i): PlannedLayer => {
    const row = summary.layers[i]!;
    const own = 'useBias' in layer && layer.useBias;
    return { layer, ident: idents[i]!, label: layerLabel(layer), input: row.inputShape, output: row.outputShape!, useBias: own && countBiases, params: row.params };
  });
  return {
    ok: true,
    plan: {
      name: doc.name,
      layers,
      countBiases,
      totals: summary.totals,
      inputShape: layers[0]!.output,
      outputShape: layers.at(-1)!.output,
      settings: { ...DEFAULT_TRAINING, ...(doc.training ?? {}) },
    },
  };
}
