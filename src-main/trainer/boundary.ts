/**
 * Decision boundaries, as TensorFlow Playground draws them: the network's
 * output over a fixed grid of the input plane, and each drawn neuron's output
 * over a coarser grid for the small map inside its circle. Only for datasets
 * of exactly two features (the generated 2-D sets, a CSV of two columns).
 *
 * The grid is fixed for a run (the data's extent plus a margin), so frames
 * compare, and it goes through the trainer's own ops in one batched forward
 * pass: the output grid and the neurons' grid are one batch.
 */
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import { drawnNeurons } from '../../src-shared/graph/drawn-neurons';
import { shapeSize } from '../../src-shared/layers/layer-kind';
import { MAX_BOUNDARY_NEURONS, MAX_BOUNDARY_POINTS, type EventPayload, type PlaneExtent } from '../../src-shared/protocol/contract';
import type { DatasetInfo } from '../../src-shared/training/dataset-info';
import type { Tf } from './backend';
import type { Model } from './model';

/** The output's grid side: 2,500 points, fine enough for a curved boundary at a few hundred pixels. */
export const OUTPUT_GRID = 50;
/** A neuron's grid side: its map is drawn inside a circle of about 30 pixels. */
export const NEURON_GRID = 16;
/** Share of the plane's span left around the data on each side, so points never sit on the edge. */
export const PLANE_MARGIN = 0.1;
/** Validation points kept for the plot; training points fill the rest of MAX_BOUNDARY_POINTS. */
const MAX_VALIDATION_POINTS = 200;

export type BoundaryFrame = Omit<EventPayload<'boundary'>, 'runId' | 'step'>;
export type BoundaryPoints = Omit<EventPayload<'boundaryPoints'>, 'runId'>;

/** Whether a dataset's samples are points of a plane: exactly two features, on one axis. */
export function isPlanar(info: Pick<DatasetInfo, 'featureShape'>): boolean {
  return info.featureShape.length === 1 && info.featureShape[0] === 2;
}

/**
 * The range of each feature over every sample (x1, x2 interleaved), widened by
 * PLANE_MARGIN of its span on each side; a feature that never varies gets a
 * span of 2 around its value.
 */
export function planeExtent(features: Float32Array, margin = PLANE_MARGIN): PlaneExtent {
  const range = (offset: number): [number, number] => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = offset; i < features.length; i += 2) {
      const v = features[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo > hi) return [-1, 1];
    if (lo === hi) return [lo - 1, hi + 1];
    const pad = (hi - lo) * margin;
    return [lo - pad, hi + pad];
  };
  return { x: range(0), y: range(1) };
}

/**
 * The centres of a size x size grid's cells over the plane, feature-major
 * ([2, size*size]: every x1, then every x2). Cell k is row floor(k/size),
 * column k%size; row 0 is the top, the largest x2 (y up, as Playground plots
 * it), so the values at these points, in this order, are an image's pixels.
 */
export function gridPoints(extent: PlaneExtent, size: number): Float32Array {
  const n = size * size;
  const out = new Float32Array(2 * n);
  const [x0, x1] = extent.x;
  const [y0, y1] = extent.y;
  for (let r = 0; r < size; r++) {
    const y = y1 - ((r + 0.5) * (y1 - y0)) / size;
    for (let c = 0; c < size; c++) {
      out[r * size + c] = x0 + ((c + 0.5) * (x1 - x0)) / size;
      out[n + r * size + c] = y;
    }
  }
  return out;
}

/**
 * Up to MAX_BOUNDARY_POINTS points to plot: the first of the (already
 * shuffled) validation rows, up to MAX_VALIDATION_POINTS, and training rows
 * for the rest. A sample, because the plot needs the shape of the data, not
 * every point, and what crosses to the screen is bounded.
 */
export function samplePoints(features: Float32Array, labels: Float32Array, trainRows: Int32Array, valRows: Int32Array, extent: PlaneExtent): BoundaryPoints {
  const val = valRows.subarray(0, Math.min(valRows.length, MAX_VALIDATION_POINTS));
  const train = trainRows.subarray(0, Math.min(trainRows.length, MAX_BOUNDARY_POINTS - val.length));
  const rows = [...train, ...val];
  const points = new Float32Array(rows.length * 2);
  rows.forEach((row, i) => {
    points[2 * i] = features[2 * row]!;
    points[2 * i + 1] = features[2 * row + 1]!;
  });
  return { extent, points, labels: Float32Array.from(rows, (row) => labels[row]!), trainCount: train.length };
}

/** Which neurons get a map: the drawn ones of every layer before the output whose output is flat, at most MAX_BOUNDARY_NEURONS. */
interface NeuronPick {
  readonly op: number;
  readonly layerId: string;
  readonly indices: readonly number[];
}

function pickNeurons(model: Model): NeuronPick[] {
  const picks: NeuronPick[] = [];
  let left = MAX_BOUNDARY_NEURONS;
  model.ops.slice(0, -1).forEach((op, i) => {
    if (op.outputShape.length !== 1 || left <= 0) return;
    const indices = drawnNeurons(shapeSize(op.outputShape)).indices.slice(0, left);
    left -= indices.length;
    picks.push({ op: i, layerId: op.layer.id, indices });
  });
  return picks;
}

/** How the output reads: a classifier's probability of class 1 (one unit, or two), its arg-max class, or a value. */
export function outputKind(classification: boolean, units: number): BoundaryFrame['kind'] {
  if (!classification) return 'value';
  return units <= 2 ? 'probability' : 'classes';
}

/**
 * The network's output over the plane's OUTPUT_GRID grid and each drawn
 * neuron's over the NEURON_GRID grid, from one forward pass through the
 * model's own ops (inference mode: no dropout, batch norm's moving statistics).
 */
export function evaluateBoundary(tf: Tf, model: Model, extent: PlaneExtent, classification: boolean, outputSize = OUTPUT_GRID, neuronSize = NEURON_GRID): BoundaryFrame {
  const nOut = outputSize * outputSize;
  const nNeuron = neuronSize * neuronSize;
  const total = nOut + nNeuron;
  const a = gridPoints(extent, outputSize);
  const b = gridPoints(extent, neuronSize);
  // Feature-major, the two grids side by side: row 0 every x1, row 1 every x2.
  const x = new Float32Array(2 * total);
  x.set(a.subarray(0, nOut), 0);
  x.set(b.subarray(0, nNeuron), nOut);
  x.set(a.subarray(nOut), total);
  x.set(b.subarray(nNeuron), total + nOut);
  const picks = pickNeurons(model);
  const units = model.outputSize;
  const kind = outputKind(classification, units);
  let read: { output: Float32Array; confidence: Float32Array | null; maps: Float32Array[] } = { output: new Float32Array(0), confidence: null, maps: [] };
  tf.tidy(() => {
    const maps: Tensor[] = [];
    let h: Tensor2D = tf.tensor2d(x, [2, total]);
    let p = 0;
    model.ops.forEach((op, i) => {
      h = op.forward(h, { training: false, dropoutSeed: 0 }).output;
      if (picks[p]?.op === i) {
        const cols = tf.slice(h, [0, nOut], [-1, nNeuron]);
        maps.push(tf.gather(cols, tf.tensor1d(picks[p]!.indices as number[], 'int32'), 0));
        p++;
      }
    });
    const out = tf.slice(h, [0, 0], [-1, nOut]);
    let output: Tensor;
    let confidence: Tensor | null = null;
    if (kind === 'classes') {
      output = tf.cast(tf.argMax(out, 0), 'float32');
      confidence = tf.max(out, 0);
    } else {
      // Two units: the second is class 1's probability; one unit (or a regression): the first.
      output = tf.slice(out, [kind === 'probability' && units === 2 ? 1 : 0, 0], [1, nOut]);
    }
    read = {
      output: output.dataSync() as Float32Array,
      confidence: confidence ? (confidence.dataSync() as Float32Array) : null,
      maps: maps.map((m) => m.dataSync() as Float32Array),
    };
  });
  const neurons = picks.flatMap((pick, k) =>
    pick.indices.map((index, j) => ({ layerId: pick.layerId, index, size: neuronSize, values: read.maps[k]!.slice(j * nNeuron, (j + 1) * nNeuron) })),
  );
  return {
    extent,
    size: outputSize,
    kind,
    output: Float32Array.from(read.output),
    ...(read.confidence ? { confidence: Float32Array.from(read.confidence) } : {}),
    neurons,
  };
}
