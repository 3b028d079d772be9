/**
 * THE contract between the renderer and the trainer: one map of request
 * names to argument and result schemas, one of event names to payload
 * schemas. Both sides take their types from here and validate every
 * message on arrival, since types vanish at the process boundary.
 */
import { z } from 'zod';
import { MAX_DRAWN_NEURONS } from '../graph/drawn-neurons';
import { MAX_LAYERS } from '../layers/limits';
import { layerSchema } from '../layers/registry';
import { datasetInfoSchema } from '../training/dataset-info';
import { BACKENDS, trainingSettingsSchema } from '../training/settings';
import { MAX_STEP_BATCH, stepReportSchema } from '../training/gradient-step';

/** Float32Array crosses Electron IPC as it is; the WebSocket codec revives it. */
const f32 = z.instanceof(Float32Array);

/** The widest layer input a `neurons` event carries: 8,192 inputs, times 12 drawn neurons, is 400 KB a frame at most. */
export const MAX_NEURON_INPUTS = 8192;
/** Samples listed per confusion-matrix cell, and the classes a matrix may have (the CSV import's limit). */
export const CELL_SAMPLES = 24;
export const MAX_CELL_CLASSES = 1000;

export const networkSchema = z.object({
  name: z.string().max(200),
  layers: z.array(layerSchema).min(1).max(MAX_LAYERS),
});

const empty = z.object({}).strict();
const ack = z.object({ ok: z.literal(true) });

export const requests = {
  train: {
    args: z.object({
      network: networkSchema,
      settings: trainingSettingsSchema,
      /** Index of the validation sample whose activations stream; cycles through a few when absent. */
      probe: z.number().int().nonnegative().optional(),
      /** Stream activations and weights (the canvas animates); off for headless runs. */
      stream: z.boolean().default(true),
      /** Stop after this many batches and pause; used by Step before a run exists. */
      startPaused: z.boolean().default(false),
      /**
       * "Train anyway": train with a loss that fits the output badly (not one whose output can't hold the labels).
       * Absent is false: the trainer refuses a loss that doesn't fit.
       */
      allowLossMismatch: z.boolean().optional(),
    }),
    result: z.object({ runId: z.number().int() }),
  },
  pause: { args: empty, result: ack },
  resume: { args: empty, result: ack },
  step: { args: empty, result: ack },
  stop: { args: empty, result: ack },
  setProbe: { args: z.object({ index: z.number().int().nonnegative() }), result: ack },
  predict: {
    args: z.object({ inputs: z.array(z.array(z.number()).max(1_000_000)).min(1).max(1024) }),
    result: z.object({ outputs: z.array(z.array(z.number())) }),
  },
  evaluate: {
    args: z.object({ limit: z.number().int().positive().max(100_000).optional() }),
    result: z.object({
      loss: z.number(),
      accuracy: z.number().optional(),
      /** confusion[actual][predicted], classification only. */
      confusion: z.array(z.array(z.number().int())).optional(),
      /** A few validation samples with their predictions, for a gallery. */
      samples: z.array(
        z.object({ index: z.number().int(), label: z.number(), predicted: z.number(), confidence: z.number(), pixels: f32.optional() }),
      ),
      /**
       * cellSamples[actual][predicted]: the first validation samples (indices, as `setProbe` takes them) of each cell of
       * the confusion matrix, at most CELL_SAMPLES each, so a cell can list its samples.
       */
      cellSamples: z.array(z.array(z.array(z.number().int().nonnegative()).max(CELL_SAMPLES)).max(MAX_CELL_CLASSES)).max(MAX_CELL_CLASSES).optional(),
    }),
  },
  listDatasets: { args: empty, result: z.object({ datasets: z.array(datasetInfoSchema) }) },
  importCsv: {
    args: z.object({
      /** The id the main side handed out when the person picked the file (dialog, upload, drop); never a path. */
      source: z.object({ fileId: z.string().min(1).max(64) }).strict(),
      name: z.string().min(1).max(200),
      labelColumn: z.string().min(1).max(200),
    }),
    result: z.object({ dataset: datasetInfoSchema }),
  },
  backendInfo: {
    args: empty,
    /** The best backend that loads (or the forced one), and whether it was forced; tiny networks train on cpu unless forced. */
    result: z.object({ backend: z.enum(BACKENDS), available: z.array(z.enum(BACKENDS)), forced: z.boolean() }),
  },
  /**
   * The walk-through of gradient descent: one batch of plain SGD from the seed's initial weights, every number of it
   * (what `densely step --json` prints). The settings' optimizer is ignored; the batch is at most MAX_STEP_BATCH.
   */
  gradientStep: {
    args: z.object({ network: networkSchema, settings: trainingSettingsSchema.extend({ batchSize: z.number().int().min(1).max(MAX_STEP_BATCH) }) }),
    result: stepReportSchema,
  },
  /**
   * The layer whose drawn neurons' numbers (inputs, weights, bias, output) the screen shows, for the neuron formula
   * and the activation curve; null for none. The trainer then sends `neurons` events with the weights frames.
   */
  focusNeurons: { args: z.object({ layerId: z.string().min(1).max(200).nullable() }), result: ack },
  /**
   * Issue 11: the trained network as a TensorFlow.js layers model (model.json and weights.bin). The files never cross
   * here: the web host holds them for `POST /download/<downloadId>/<name>` (token and Origin checked as for uploads),
   * Electron's main asks for a folder and writes them itself.
   */
  exportModel: {
    args: empty,
    result: z.object({
      files: z.array(z.object({ name: z.string().max(64), bytes: z.number().int().nonnegative() })).max(4),
      params: z.number().int().nonnegative(),
      /** Web host: the id to fetch each file by. */
      downloadId: z.string().max(64).optional(),
      /** Electron: the folder's name (never its path) the files were written into. */
      savedIn: z.string().max(255).optional(),
      /** Electron: the person closed the folder dialog. */
      cancelled: z.boolean().optional(),
    }),
  },
} as const;

export const layerActivationSchema = z.object({
  layerId: z.string(),
  /** The values of the neurons drawn; all of them when `indices` is absent. */
  values: f32,
  /** Which neurons `values` are, for layers wider than the canvas draws. */
  indices: z.array(z.number().int()).optional(),
  size: z.number().int(),
  /**
   * The output's shape, channels last, when it has more than one axis ([h, w, c], [time, units]): `values` then holds all
   * of it, or, past 65,536 values, the first channels that fit, listed in `indices` (the shape's last axis is their count).
   */
  shape: z.array(z.number().int().positive()).max(3).optional(),
});

export const layerWeightsSchema = z.object({
  layerId: z.string(),
  rows: z.number().int(),
  cols: z.number().int(),
  /** The kernel's own shape: [kh, kw, cin, filters] for a convolution, whose rows are kh*kw*cin and cols filters. */
  shape: z.array(z.number().int().positive()).max(4).optional(),
  /** The whole kernel, row-major [rows x cols], when small enough to send. */
  kernel: f32.optional(),
  bias: f32.optional(),
  /** Always present: what a bundle too large to send whole is summarized by. */
  summary: z.object({ min: z.number(), max: z.number(), mean: z.number(), std: z.number() }),
});

/** Bounds of the decision-boundary events: a grid side, a neuron's grid side, how many neurons, how many points. */
export const MAX_BOUNDARY_GRID = 64;
export const MAX_NEURON_GRID = 20;
export const MAX_BOUNDARY_NEURONS = 64;
export const MAX_BOUNDARY_POINTS = 500;
const f32max = (n: number) => f32.refine((a) => a.length <= n, { message: `at most ${n} values` });
const planeExtentSchema = z.object({ x: z.tuple([z.number(), z.number()]), y: z.tuple([z.number(), z.number()]) });

export const events = {
  started: z.object({
    runId: z.number().int(),
    backend: z.enum(BACKENDS),
    dataset: z.string(),
    trainSize: z.number().int(),
    validationSize: z.number().int(),
    params: z.number().int(),
    batchesPerEpoch: z.number().int(),
    epochs: z.number().int(),
    /** Threads the run's matrix products run on (wasm's thread pool, src-main/trainer/wasm-threads.ts); absent where the backend does not say. */
    threads: z.number().int().positive().max(64).optional(),
  }),
  batch: z.object({ runId: z.number().int(), step: z.number().int(), epoch: z.number().int(), loss: z.number() }),
  epoch: z.object({
    runId: z.number().int(),
    epoch: z.number().int(),
    loss: z.number(),
    accuracy: z.number().optional(),
    valLoss: z.number().optional(),
    valAccuracy: z.number().optional(),
    samplesPerSec: z.number(),
  }),
  activations: z.object({
    runId: z.number().int(),
    step: z.number().int(),
    probe: z.number().int(),
    label: z.number(),
    input: f32,
    layers: z.array(layerActivationSchema),
  }),
  weights: z.object({ runId: z.number().int(), step: z.number().int(), layers: z.array(layerWeightsSchema) }),
  state: z.object({ runId: z.number().int(), status: z.enum(['running', 'paused']) }),
  done: z.object({
    runId: z.number().int(),
    reason: z.enum(['completed', 'stopped', 'diverged']),
    epochs: z.number().int(),
    steps: z.number().int(),
    /** A completed run's last epoch mean training loss; a stopped or diverged run's last finite batch loss. */
    finalLoss: z.number().nullable(),
    backend: z.enum(BACKENDS),
    message: z.string().optional(),
  }),
  error: z.object({ runId: z.number().int().optional(), message: z.string() }),
  importProgress: z.object({ name: z.string(), bytes: z.number(), totalBytes: z.number(), rows: z.number().int() }),
  /**
   * The focused layer's drawn neurons on the probe sample, all from one forward pass: the layer's whole input (which
   * the activations frame elides), each drawn neuron's weights and bias, and its output a (the trainer's, so softmax's
   * too). Bounded: a layer with more inputs than MAX_NEURON_INPUTS is not sent.
   */
  neurons: z.object({
    runId: z.number().int(),
    step: z.number().int(),
    probe: z.number().int(),
    layerId: z.string().max(200),
    /** The layer's units. */
    size: z.number().int(),
    inputs: f32.refine((a) => a.length <= MAX_NEURON_INPUTS, `at most ${MAX_NEURON_INPUTS} inputs`),
    neurons: z
      .array(
        z.object({
          index: z.number().int().nonnegative(),
          weights: f32.refine((a) => a.length <= MAX_NEURON_INPUTS, `at most ${MAX_NEURON_INPUTS} weights`),
          bias: z.number().nullable(),
          a: z.number(),
        }),
      )
      .max(MAX_DRAWN_NEURONS),
    /** The sum of every output of the layer, drawn or not (1 for softmax). */
    outputSum: z.number(),
  }),
  // Decision boundaries (issue 9, item 6): for a dataset of two features, the plane the points lie on, the points once
  // per run, then the network's output (and each drawn neuron's) over a fixed grid of that plane as it trains.
  boundaryPoints: z.object({
    runId: z.number().int(),
    extent: planeExtentSchema,
    /** A sample of the points, x1 and x2 interleaved: the first `trainCount` are training points, the rest validation. */
    points: f32max(2 * MAX_BOUNDARY_POINTS),
    labels: f32max(MAX_BOUNDARY_POINTS),
    trainCount: z.number().int().nonnegative(),
  }),
  boundary: z.object({
    runId: z.number().int(),
    step: z.number().int(),
    extent: planeExtentSchema,
    /** The grid is size x size, row-major, row 0 at the top (the largest x2), as an image is; values at the cells' centres. */
    size: z.number().int().positive().max(MAX_BOUNDARY_GRID),
    /** probability: of class 1; value: the regression output; classes: the arg-max class, with its `confidence`. */
    kind: z.enum(['probability', 'value', 'classes']),
    output: f32max(MAX_BOUNDARY_GRID ** 2),
    confidence: f32max(MAX_BOUNDARY_GRID ** 2).optional(),
    neurons: z
      .array(z.object({ layerId: z.string().max(200), index: z.number().int().nonnegative(), size: z.number().int().positive().max(MAX_NEURON_GRID), values: f32max(MAX_NEURON_GRID ** 2) }))
      .max(MAX_BOUNDARY_NEURONS),
  }),
} as const;

export type Requests = typeof requests;
export type RequestName = keyof Requests;
export type RequestArgs<K extends RequestName> = z.input<Requests[K]['args']>;
export type ParsedArgs<K extends RequestName> = z.output<Requests[K]['args']>;
export type RequestResult<K extends RequestName> = z.output<Requests[K]['result']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

export type LayerActivation = z.output<typeof layerActivationSchema>;
export type LayerWeights = z.output<typeof layerWeightsSchema>;
export type Network = z.output<typeof networkSchema>;

/**
 * Issue 11: where the web host hands out an exported model's files, `POST /download/<downloadId>/<file name>`, with the
 * token header and the page's own Origin, as an upload (a POST, because a browser sends Origin on every POST).
 */
export const DOWNLOAD_PATH = '/download';
export type PlaneExtent = z.output<typeof planeExtentSchema>;
