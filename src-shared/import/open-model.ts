/**
 * Opening a model.json as a Densely document: the converter's layers as a
 * project text (which the editor loads and validates as any project), the
 * sentence to show, and the weights to draw where the weight files came
 * along. Pure, so the renderer and tests share it.
 */
import { serializeProject } from '../graph/project-file';
import { summarize } from '../graph/summary';
import type { Layer } from '../layers/registry';
import { formatCount } from '../format';
import { convertLayersModel, isLayersModelJson } from './keras-topology';
import { decodeLayerWeights, type DrawnWeights, type PickedFile } from './layers-weights';

export interface OpenedModel {
  /** A Densely project's text for the model's architecture. */
  readonly projectText: string;
  /** What the person reads: what opened, its total, and what isn't drawn or why the weights aren't. */
  readonly sentence: string;
  /** The weights to draw, by layer id; null when none came along. */
  readonly weights: ReadonlyMap<string, DrawnWeights> | null;
}

/** Null when the text is not a model.json (a Densely project, or not JSON: the project loader says what it is). */
export function openLayersModel(fileName: string, text: string, weightFiles: readonly PickedFile[] = [], weightNote?: string): OpenedModel | { error: string } | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isLayersModelJson(raw)) return null;
  const r = convertLayersModel(raw, fileName.replace(/\.json$/i, ''));
  if (!r.ok) return { error: `${fileName} could not be opened. ${r.error}` };
  const layers = r.model.layers as unknown as Layer[];
  const decoded = weightNote ? { byLayer: new Map(), note: weightNote } : decodeLayerWeights(r.model, weightFiles);
  const total = summarize(layers).totals.params;
  const drawn = decoded.byLayer.size > 0 ? ', with its trained weights drawn' : '';
  const sentence = [`Opened ${fileName}: ${layers.length - 1} layers, ${formatCount(total)} parameters${drawn}.`, r.model.note, decoded.note].filter(Boolean).join(' ');
  return {
    projectText: serializeProject({ name: r.model.name, layers, countBiases: true }),
    sentence,
    weights: decoded.byLayer.size > 0 ? decoded.byLayer : null,
  };
}
