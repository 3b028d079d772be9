import { beforeAll, describe, expect, it } from 'vitest';
import { events as eventSchemas } from '../../src-shared/protocol/contract';
import { DatasetRegistry } from '../data/registry';
import { useBackend, type Tf } from './backend';
import { evaluateBoundary, gridPoints, isPlanar, NEURON_GRID, OUTPUT_GRID, outputKind, planeExtent, samplePoints } from './boundary';
import { buildModel } from './model';
import { TrainingSession } from './session';
import { chain, settings } from './test-harness';

let tf: Tf;
beforeAll(async () => {
  tf = (await useBackend('cpu')).tf;
});

describe('the plane', () => {
  it('spans the data with a tenth of each axis to spare on both sides', () => {
    // x from 0 to 10 (span 10, margin 1), y from -2 to 4 (span 6, margin 0.6).
    const e = planeExtent(Float32Array.from([0, 0, 10, -2, 5, 4]));
    expect(e.x[0]).toBeCloseTo(-1, 6);
    expect(e.x[1]).toBeCloseTo(11, 6);
    expect(e.y[0]).toBeCloseTo(-2.6, 6);
    expect(e.y[1]).toBeCloseTo(4.6, 6);
  });

  it('gives a feature that never varies a span of 2 around its value', () => {
    expect(planeExtent(Float32Array.from([3, 7, 3, 8]))).toEqual({ x: [2, 4], y: [6.9, 8.1] });
  });

  it('is about -6 to 6 for the circle, as Playground plots it', async () => {
    const data = await new DatasetRegistry().load('circle', 1);
    const e = planeExtent(data.features);
    for (const [lo, hi] of [e.x, e.y]) {
      expect(lo).toBeGreaterThan(-6.3);
      expect(lo).toBeLessThan(-5.5);
      expect(hi).toBeGreaterThan(5.5);
      expect(hi).toBeLessThan(6.3);
    }
  });

  it('is only for datasets of two features on one axis', () => {
    expect(isPlanar({ featureShape: [2] })).toBe(true);
    expect(isPlanar({ featureShape: [3] })).toBe(false);
    expect(isPlanar({ featureShape: [1, 2] })).toBe(false);
  });
});

describe('the grid', () => {
  it('lists cell centres row by row from the top (largest x2) down, columns left to right, every x1 then every x2', () => {
    // x from 0 to 4 in two columns: centres 1 and 3; y from 0 to 2 in two rows: the top row's centre is 1.5.
    const g = gridPoints({ x: [0, 4], y: [0, 2] }, 2);
    expect(Array.from(g)).toEqual([1, 3, 1, 3, 1.5, 1.5, 0.5, 0.5]);
  });

  it('puts the top-left cell near (min x1, max x2) and the bottom-right near (max x1, min x2)', () => {
    const g = gridPoints({ x: [-6, 6], y: [-6, 6] }, 50);
    const n = 2500;
    expect(g[0]).toBeCloseTo(-5.88, 5);
    expect(g[n]).toBeCloseTo(5.88, 5);
    expect(g[n - 1]).toBeCloseTo(5.88, 5);
    expect(g[2 * n - 1]).toBeCloseTo(-5.88, 5);
  });
});

describe('the boundary', () => {
  it('of a 2-1 linear model is w1*x1 + w2*x2 + b at every cell centre', () => {
    const model = buildModel(tf, chain([2, 1], 'linear').layers, 1);
    try {
      const [kernel, bias] = model.variables;
      kernel!.assign(tf.tensor2d([[0.5, -2]], kernel!.shape as [number, number]));
      bias!.assign(tf.reshape(tf.tensor1d([0.25]), bias!.shape));
      const f = evaluateBoundary(tf, model, { x: [0, 4], y: [0, 2] }, false, 2, 2);
      expect(f.kind).toBe('value');
      expect(f.size).toBe(2);
      // By hand: (1, 1.5) → 0.5 - 3 + 0.25 = -2.25; (3, 1.5) → -1.25; (1, 0.5) → -0.25; (3, 0.5) → 0.75.
      expect(Array.from(f.output)).toEqual([-2.25, -1.25, -0.25, 0.75]);
      // The input layer's two neurons get maps too: x1 and x2 themselves.
      expect(f.neurons.map((m) => [m.layerId, m.index, Array.from(m.values)])).toEqual([
        ['input_1', 0, [1, 3, 1, 3]],
        ['input_1', 1, [1.5, 1.5, 0.5, 0.5]],
      ]);
    } finally {
      model.dispose();
    }
  });

  it("equals the trained model's own predictions at the grid points, and its hidden neurons' outputs", async () => {
    const s = settings({ dataset: 'circle', loss: 'bce', epochs: 2, batchSize: 50 });
    const dataset = await new DatasetRegistry().load('circle', s.seed);
    const got: { name: string; payload: unknown }[] = [];
    const run = new TrainingSession({
      tf,
      backend: 'cpu',
      runId: 1,
      network: chain([2, 5, 3, 1], 'sigmoid', 'tanh'),
      settings: s,
      dataset,
      emit: (name, payload) => {
        const parsed = eventSchemas[name].safeParse(payload);
        if (!parsed.success) throw new Error(`invalid ${name}: ${parsed.error.message}`);
        got.push({ name, payload });
      },
      stream: true,
    });
    try {
      await run.run();
      const frames = got.filter((e) => e.name === 'boundary').map((e) => e.payload as ReturnType<typeof evaluateBoundary> & { step: number });
      expect(frames.length).toBeGreaterThanOrEqual(2);
      // The last frame is sent as the run finishes: the trained weights.
      const last = frames.at(-1)!;
      expect(last.step).toBe(2 * Math.ceil(800 / 50));
      expect(last.kind).toBe('probability');
      expect(last.size).toBe(OUTPUT_GRID);
      const n = OUTPUT_GRID ** 2;
      const g = gridPoints(last.extent, OUTPUT_GRID);
      const rows = Array.from({ length: n }, (_, k) => [g[k]!, g[n + k]!]);
      const predicted = run.predict(rows.slice(0, 1024)).outputs.concat(run.predict(rows.slice(1024, 2048)).outputs, run.predict(rows.slice(2048)).outputs);
      for (let k = 0; k < n; k++) expect(last.output[k]).toBeCloseTo(predicted[k]![0]!, 5);
      // The first frame (initial weights) differs from the trained one.
      expect(frames[0]!.output.some((v, k) => Math.abs(v - last.output[k]!) > 1e-3)).toBe(true);

      // Hidden neurons: every drawn neuron of input_1, dense_1 and dense_2, but not the output layer.
      expect(last.neurons.map((m) => `${m.layerId}:${m.index}`)).toEqual(['input_1:0', 'input_1:1', ...[0, 1, 2, 3, 4].map((i) => `dense_1:${i}`), ...[0, 1, 2].map((i) => `dense_2:${i}`)]);
      const model = (run as unknown as { model: ReturnType<typeof buildModel> }).model;
      const m = NEURON_GRID ** 2;
      const ng = gridPoints(last.extent, NEURON_GRID);
      const batchMajor = Float32Array.from({ length: 2 * m }, (_, k) => ng[(k % 2) * m + Math.floor(k / 2)]!);
      const layers = tf.tidy(() => model.forwardAll(tf.tensor2d(batchMajor, [m, 2]), { training: false, dropoutSeed: 0 }).map((t) => t.arraySync() as number[][]));
      for (const map of last.neurons) {
        expect(map.size).toBe(NEURON_GRID);
        const layer = layers[['input_1', 'dense_1', 'dense_2'].indexOf(map.layerId)]!;
        for (let k = 0; k < m; k++) expect(map.values[k]).toBeCloseTo(layer[k]![map.index]!, 5);
      }

      // The points: sent once, up to 200 validation points and training points for the rest of 500.
      const points = got.filter((e) => e.name === 'boundaryPoints').map((e) => e.payload as ReturnType<typeof samplePoints>);
      expect(points).toHaveLength(1);
      expect(points[0]!.trainCount).toBe(300);
      expect(points[0]!.labels).toHaveLength(500);
      expect(points[0]!.points).toHaveLength(1000);
    } finally {
      run.dispose();
    }
  });

  it('is the arg-max class with its confidence for three classes or more', () => {
    expect(outputKind(true, 1)).toBe('probability');
    expect(outputKind(true, 2)).toBe('probability');
    expect(outputKind(true, 3)).toBe('classes');
    expect(outputKind(false, 1)).toBe('value');
    const model = buildModel(tf, chain([2, 3], 'softmax').layers, 1);
    try {
      const [kernel, bias] = model.variables;
      // Class 0 scores x1, class 1 scores -x1, class 2 scores nothing: the left half is class 1, the right class 0.
      kernel!.assign(tf.tensor2d([[1, 0], [-1, 0], [0, 0]], kernel!.shape as [number, number]));
      bias!.assign(tf.zeros(bias!.shape));
      const f = evaluateBoundary(tf, model, { x: [-2, 2], y: [0, 1] }, true, 2, 2);
      expect(Array.from(f.output)).toEqual([1, 0, 1, 0]);
      // At x1 = ±1: softmax(1, -1, 0) picks class 0 with e / (e + 1/e + 1).
      const p = Math.E / (Math.E + 1 / Math.E + 1);
      for (const c of f.confidence!) expect(c).toBeCloseTo(p, 5);
    } finally {
      model.dispose();
    }
  });

  it('leaves no tensor behind over a whole run that streams them, paused and stepped', async () => {
    const base = tf.memory().numTensors;
    const dataset = await new DatasetRegistry().load('xor', 3);
    const frames: number[] = [];
    const run = new TrainingSession({
      tf,
      backend: 'cpu',
      runId: 1,
      network: chain([2, 6, 1], 'sigmoid'),
      settings: settings({ dataset: 'xor', loss: 'bce', epochs: 1, batchSize: 100 }),
      dataset,
      emit: (name, payload) => name === 'boundary' && frames.push((payload as { step: number }).step),
      stream: true,
      startPaused: true,
    });
    const done = run.run();
    run.stepOnce();
    run.stepOnce();
    await new Promise((r) => setTimeout(r, 50));
    run.resume();
    await done;
    // The start, each stepped batch, and the finish send a frame, whatever the clock says.
    expect(frames[0]).toBe(0);
    expect(frames.at(-1)).toBe(8);
    expect(frames).toContain(1);
    run.dispose();
    expect(tf.memory().numTensors).toBe(base);
  });

  it('keeps no tensor behind', () => {
    const model = buildModel(tf, chain([2, 8, 8, 1], 'sigmoid').layers, 1);
    try {
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) evaluateBoundary(tf, model, { x: [-6, 6], y: [-6, 6] }, true);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      model.dispose();
    }
  });
});
