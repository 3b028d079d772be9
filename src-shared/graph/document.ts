/**
 * The document: a network as plain, readonly data. A network is an ordered
 * chain of layers from an input to an output, as the lecture draws it.
 */
import type { Layer, LayerKind } from '../layers/registry';
import { kindSpec } from '../layers/registry';
import type { TrainingSettings } from '../training/settings';

export const FORMAT_NAME = 'densely-project';
export const FORMAT_VERSION = 1;

export interface NetworkDocument {
  readonly name: string;
  readonly layers: readonly Layer[];
  /** Optional training setup saved with the project. */
  readonly training?: Partial<TrainingSettings>;
  /** Whether the counts include biases; absent means they do (Keras' convention). */
  readonly countBiases?: boolean;
}

export function emptyDocument(name = 'Untitled network'): NetworkDocument {
  return { name, layers: [] };
}

/** A fresh id not used by any layer of the document, e.g. "dense_2". */
export function nextLayerId(layers: readonly Layer[], kind: LayerKind): string {
  const used = new Set(layers.map((l) => l.id));
  for (let i = 1; ; i++) {
    const id = `${kind}_${i}`;
    if (!used.has(id)) return id;
  }
}

/** A new layer of `kind` with defaults and a fresh id. */
export function newLayer(layers: readonly Layer[], kind: LayerKind): Layer {
  return { ...kindSpec(kind).create(), id: nextLayerId(layers, kind) } as Layer;
}

/** Whether the document's counts include biases (absent means they do). */
export function countsBiases(doc: Pick<NetworkDocument, 'countBiases'>): boolean {
  return doc.countBiases ?? true;
}

/** The name a person sees: the given name, else the id. */
export function layerLabel(layer: Layer): string {
  return layer.name && layer.name.trim() ? layer.name : layer.id;
}
