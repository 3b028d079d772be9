/**
 * The walk-through of one batch of gradient descent, as the lecture tells it:
 * the five phases in order, and every sentence and line the overlay shows,
 * made from the trainer's `gradientStep` answer. Pure: no DOM, no request;
 * numbers are rounded for reading only (formatReading), never recomputed,
 * except the one-sample loss terms, which spell out the trainer's loss.
 */
import { formatReading } from '../../src-shared/format';
import type { StepLayer, StepReport } from '../../src-shared/training/gradient-step';
import { MAX_STEP_BATCH } from '../../src-shared/training/gradient-step';
import type { Loss } from '../../src-shared/training/settings';

export const PHASES = ['initialise', 'forward', 'loss', 'backpropagate', 'update'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_TITLES: Readonly<Record<Phase, string>> = {
  initialise: 'Initialise',
  forward: 'Forward',
  loss: 'Loss',
  backpropagate: 'Backpropagate',
  update: 'Update',
};

/** The phase after (+1) or before (-1) this one; the walk stops at either end rather than wrapping. */
export function movePhase(phase: Phase, by: 1 | -1): Phase {
  const i = PHASES.indexOf(phase) + by;
  return PHASES[Math.min(PHASES.length - 1, Math.max(0, i))]!;
}

/** "1 Initialise · 2 Forward · 3 Loss · 4 Backpropagate · 5 Update" as items, the current one marked. */
export function phaseStrip(current: Phase): { phase: Phase; label: string; current: boolean }[] {
  return PHASES.map((phase, i) => ({ phase, label: `${i + 1} ${PHASE_TITLES[phase]}`, current: phase === current }));
}

/** A number as the walk shows it. */
export const show = (v: number): string => formatReading(v);

/** Why the walk can't start with this batch size, before asking the trainer; null when it can. */
export function batchRefusal(batchSize: number): string | null {
  return batchSize > MAX_STEP_BATCH
    ? `The walk-through shows every value of its batch, so its batch size is at most ${MAX_STEP_BATCH}, not ${batchSize}; set Batch size to ${MAX_STEP_BATCH} or less.`
    : null;
}

/** A signed value inside arithmetic: negatives in parentheses, so `0.1 × (−0.35)`, never `0.1 × −0.35`. */
const term = (v: number) => (show(v).startsWith('−') ? `(${show(v)})` : show(v));

/** The weight update as the lecture writes it: `w = 0.2 − 0.1 × 0.35 = 0.165`, the result the trainer's own. */
export function updateLine(name: string, before: number, learningRate: number, gradient: number, after: number): string {
  return `${name} = ${show(before)} − ${show(learningRate)} × ${term(gradient)} = ${show(after)}`;
}

/**
 * The loss of one sample, term by term, as the trainer defines it
 * (src-main/trainer/losses.ts): squared and absolute error and binary cross
 * entropy are means over the outputs; categorical cross entropy and KL
 * divergence sums over a sample's distribution. `p` is the output a, `t` the
 * target as the loss sees it. Returns the written terms and their value.
 */
export function sampleLoss(loss: Loss, p: readonly number[], t: readonly number[]): { text: string; value: number } {
  const n = p.length;
  const mean = (parts: string[], values: number[], wrap: (s: string) => string) => {
    const value = values.reduce((s, v) => s + v, 0) / (loss === 'cce' || loss === 'kld' ? 1 : n);
    const sum = parts.join(' + ');
    return { text: `${n > 1 && loss !== 'cce' && loss !== 'kld' ? `(${sum}) / ${n}` : wrap(sum)} = ${show(value)}`, value };
  };
  const clip = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const EPS = 1e-7;
  switch (loss) {
    case 'mse':
      return mean(
        p.map((v, j) => `(${show(v)} − ${show(t[j]!)})²`),
        p.map((v, j) => (v - t[j]!) ** 2),
        (s) => s,
      );
    case 'mae':
      return mean(
        p.map((v, j) => `|${show(v)} − ${show(t[j]!)}|`),
        p.map((v, j) => Math.abs(v - t[j]!)),
        (s) => s,
      );
    case 'bce':
      return mean(
        p.map((v, j) => (t[j] === 1 ? `−log(${show(v)})` : t[j] === 0 ? `−log(1 − ${show(v)})` : `−(${show(t[j]!)}·log(${show(v)}) + ${show(1 - t[j]!)}·log(1 − ${show(v)}))`)),
        p.map((v, j) => {
          const q = clip(v, EPS, 1 - EPS);
          return -(t[j]! * Math.log(q) + (1 - t[j]!) * Math.log(1 - q));
        }),
        (s) => s,
      );
    case 'cce':
    case 'kld': {
      // Only the classes with a target take part: a one-hot target leaves one term, −log of the right class's p.
      const js = t.flatMap((v, j) => (v > 0 ? [j] : []));
      const parts = js.map((j) => (t[j] === 1 ? `−log(${show(p[j]!)})` : `−${show(t[j]!)}·log(${show(p[j]!)}${loss === 'kld' ? ` / ${show(t[j]!)}` : ''})`));
      const values = js.map((j) => (loss === 'kld' ? t[j]! * Math.log(clip(t[j]!, EPS, 1) / clip(p[j]!, EPS, 1)) : -t[j]! * Math.log(clip(p[j]!, EPS, 1))));
      return mean(parts, values, (s) => s);
    }
  }
}

/** What the network is walked through: the input and each dense layer, as columns of neurons. */
export interface WalkColumn {
  /** The dense layer's name, or null for the input. */
  readonly layer: string | null;
  readonly title: string;
  readonly units: number;
}

export function walkColumns(report: StepReport): WalkColumn[] {
  const features = report.batch.x[0]?.length ?? 0;
  return [
    { layer: null, title: `input (${features})`, units: features },
    ...report.layers.map((l) => ({ layer: l.name, title: `${l.name} · ${l.activation}`, units: l.kernel[0]?.length ?? 0 })),
  ];
}

/** Links between two columns up to which every weight is labelled; past it, only the chosen neuron's. */
export const MAX_LABELLED_LINKS = 24;
/** Neurons a column draws; a wider one draws the first ones and says how many more there are. */
export const MAX_DRAWN_NEURONS = 10;

/** The incoming weights of a layer the walk labels: all of them when few, else only those into neuron `chosen`. */
export function shownLinks(layer: StepLayer, chosen: number | null): { links: { i: number; j: number }[]; hidden: number } {
  const inputs = layer.kernel.length;
  const units = layer.kernel[0]?.length ?? 0;
  const drawnIn = Math.min(inputs, MAX_DRAWN_NEURONS);
  const drawnOut = Math.min(units, MAX_DRAWN_NEURONS);
  const all = inputs * units;
  if (all <= MAX_LABELLED_LINKS) {
    const links = [];
    for (let j = 0; j < units; j++) for (let i = 0; i < inputs; i++) links.push({ i, j });
    return { links, hidden: 0 };
  }
  const j = Math.min(chosen ?? 0, drawnOut - 1);
  const links = Array.from({ length: drawnIn }, (_, i) => ({ i, j }));
  return { links, hidden: all - links.length };
}

/**
 * The sentence a screen reader hears on arriving at a phase (and the caption
 * under the strip): what happens in it, with its headline number.
 */
export function phaseSentence(report: StepReport, phase: Phase, sample: number): string {
  const n = report.batch.x.length;
  const out = report.layers.at(-1)!;
  const which = `sample ${sample + 1} of ${n}`;
  switch (phase) {
    case 'initialise':
      return `Step 1 of 5, initialise: the weights start at random values drawn from the seed; ${report.layers.length} layer${report.layers.length === 1 ? '' : 's'} of weights are drawn on the links.`;
    case 'forward':
      return `Step 2 of 5, forward: ${which} goes through the network layer by layer, each neuron computing z, the weighted sum, and a, its activation; the output is ${out.a[sample]!.map(show).join(', ')}.`;
    case 'loss':
      return `Step 3 of 5, loss: the output is compared with the target; the loss of the batch, the mean over ${n} sample${n === 1 ? '' : 's'}, is ${show(report.lossValue)}.`;
    case 'backpropagate':
      return `Step 4 of 5, backpropagate: from the output back, each neuron's error δ = dL/dz and each weight's gradient dL/dw, the gradients summed over the batch.`;
    case 'update':
      return `Step 5 of 5, update: each weight moves against its gradient, by the learning rate ${show(report.learningRate)} times the gradient.`;
  }
}
