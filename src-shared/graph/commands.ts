/**
 * Edits as pure functions: each takes a document and returns a new one,
 * sharing every untouched layer. The history (history.ts) records them.
 */
import type { Layer, LayerKind } from '../layers/registry';
import { MAX_LAYERS } from '../layers/limits';
import { newLayer, type NetworkDocument } from './document';
import { formatCount } from '../format';

export class EditError extends Error {}

function clampIndex(index: number, length: number): number {
  return Math.max(0, Math.min(length, Math.round(index)));
}

export function insertLayer(doc: NetworkDocument, kind: LayerKind, index: number): { doc: NetworkDocument; layer: Layer } {
  if (doc.layers.length >= MAX_LAYERS)
    throw new EditError(`A network can have at most ${formatCount(MAX_LAYERS)} layers; delete one before adding another.`);
  const layer = newLayer(doc.layers, kind);
  const at = clampIndex(index, doc.layers.length);
  const layers = [...doc.layers.slice(0, at), layer, ...doc.layers.slice(at)];
  return { doc: { ...doc, layers }, layer };
}

export function removeLayer(doc: NetworkDocument, id: string): NetworkDocument {
  return { ...doc, layers: doc.layers.filter((l) => l.id !== id) };
}

export function moveLayer(doc: NetworkDocument, id: string, toIndex: number): NetworkDocument {
  const from = doc.layers.findIndex((l) => l.id === id);
  if (from < 0) return doc;
  const rest = doc.layers.filter((l) => l.id !== id);
  const at = clampIndex(toIndex, rest.length);
  return { ...doc, layers: [...rest.slice(0, at), doc.layers[from]!, ...rest.slice(at)] };
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Any editable field of any layer kind; fields the layer's kind lacks are for the caller to avoid. */
type OwnFields<L> = L extends unknown ? Omit<L, 'kind' | 'id'> : never;
export type LayerPatch = Partial<UnionToIntersection<OwnFields<Layer>>>;

/** Changes fields of one layer; the kind and id stay. */
export function updateLayer(doc: NetworkDocument, id: string, patch: LayerPatch): NetworkDocument {
  return {
    ...doc,
    layers: doc.layers.map((l) => (l.id === id ? ({ ...l, ...patch, kind: l.kind, id: l.id } as Layer) : l)),
  };
}

export function renameDocument(doc: NetworkDocument, name: string): NetworkDocument {
  return { ...doc, name };
}
