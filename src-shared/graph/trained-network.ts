/**
 * The network that trains, from the document: the "Count biases" switch is the one source of truth, so a document
 * that leaves biases out trains without them, and what the table counts is what the trainer fits.
 */
import type { Layer } from '../layers/registry';
import { countsBiases, type NetworkDocument } from './document';

/** The layers as the trainer should build them: with biases left out, every layer that has a bias drops it. */
export function trainedLayers(doc: Pick<NetworkDocument, 'countBiases' | 'layers'>): Layer[] {
  if (countsBiases(doc)) return [...doc.layers];
  return doc.layers.map((layer) => ('useBias' in layer && layer.useBias ? ({ ...layer, useBias: false } as Layer) : layer));
}
