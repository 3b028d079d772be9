/**
 * Which neurons the screen shows in numbers: the neuron under the pointer on
 * the canvas, else the one picked in the selected layer. The trainer is told
 * the layer (`focusNeurons`) and answers with `neurons` frames carrying that
 * layer's whole input and its drawn neurons' weights, bias and output, from
 * which the formula and the activation curve are computed.
 */
import type { EventPayload } from '../../src-shared/protocol/contract';
import type { Host } from '../host/host';

export type NeuronFrame = EventPayload<'neurons'>;

export interface NeuronRef {
  readonly layerId: string;
  readonly index: number;
}

export class NeuronFocus {
  /** The neuron under the pointer, with where to show its card (canvas pixels). */
  hovered = $state.raw<(NeuronRef & { readonly x: number; readonly y: number }) | null>(null);
  /** The neuron picked on the canvas (click); its layer is the selected one. */
  picked = $state.raw<NeuronRef | null>(null);
  /** The selected layer, when its neurons have formulas (a dense layer). */
  selectedLayer = $state<string | null>(null);
  /** The latest frame for the focused layer. */
  frame = $state.raw<NeuronFrame | null>(null);

  /** The layer the trainer is asked about: the hovered neuron's, else the selected one. */
  readonly layer: string | null = $derived(this.hovered?.layerId ?? this.selectedLayer);

  private asked: string | null = null;
  private readonly unsubscribe: () => void;

  constructor(private readonly host: Host) {
    this.unsubscribe = host.trainer.on('neurons', (p) => {
      if (p.layerId === this.layer) this.frame = p;
    });
  }

  dispose(): void {
    this.unsubscribe();
  }

  hover(n: (NeuronRef & { x: number; y: number }) | null): void {
    if (n?.layerId === this.hovered?.layerId && n?.index === this.hovered?.index) {
      if (n) this.hovered = n;
      return;
    }
    this.hovered = n;
    this.sync();
  }

  select(layerId: string | null): void {
    this.selectedLayer = layerId;
    if (this.picked && this.picked.layerId !== layerId) this.picked = null;
    this.sync();
  }

  /** A new run: frames of the old one no longer describe the network; ask again. */
  reset(): void {
    this.frame = null;
    this.asked = null;
    this.sync();
  }

  /** Asks the trainer for the focused layer's frames when that changed. */
  sync(): void {
    const want = this.layer;
    if (want === this.asked) return;
    this.asked = want;
    if (this.frame && this.frame.layerId !== want) this.frame = null;
    // Nothing to show is not an error: without a run the trainer remembers the layer for the next one.
    this.host.trainer.request('focusNeurons', { layerId: want }).catch(() => {});
  }

  /** The frame's numbers for one neuron of the focused layer, when the trainer sent them. */
  numbers(ref: NeuronRef | null): { inputs: Float32Array; weights: Float32Array; bias: number | null; a: number } | null {
    const f = this.frame;
    if (!ref || !f || f.layerId !== ref.layerId) return null;
    const n = f.neurons.find((m) => m.index === ref.index);
    return n ? { inputs: f.inputs, weights: n.weights, bias: n.bias, a: n.a } : null;
  }
}
