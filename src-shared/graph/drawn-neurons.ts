/**
 * Which neurons of a layer the canvas draws: all of a narrow layer, the first
 * and last few of a wide one around an ellipsis. Shared so that the trainer
 * streams activations for exactly the neurons on screen.
 */
export const MAX_DRAWN_NEURONS = 12;
export const DRAWN_AT_EACH_END = 5;

export interface DrawnNeurons {
  /** Neuron indices in drawing order, top to bottom. */
  readonly indices: readonly number[];
  /** True when neurons between the first and last few are left out. */
  readonly elided: boolean;
}

export function drawnNeurons(size: number): DrawnNeurons {
  const n = Math.max(0, Math.floor(size));
  if (n <= MAX_DRAWN_NEURONS) return { indices: Array.from({ length: n }, (_, i) => i), elided: false };
  const head = Array.from({ length: DRAWN_AT_EACH_END }, (_, i) => i);
  const tail = Array.from({ length: DRAWN_AT_EACH_END }, (_, i) => n - DRAWN_AT_EACH_END + i);
  return { indices: [...head, ...tail], elided: true };
}
