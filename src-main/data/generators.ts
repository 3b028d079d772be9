/**
 * The generated datasets: TensorFlow Playground's 2-D sets (same shapes,
 * same coordinate range of about -6..6), its two regression planes, and
 * `spheres`, two overlapping 3-D clouds for the lecture's 3-input networks.
 * Every generator is a pure function of its seed.
 */
import type { DatasetInfo } from '../../src-shared/training/dataset-info';
import type { Dataset } from './dataset';
import { createRandom, type Random } from './random';

export interface Generator {
  readonly info: DatasetInfo;
  generate(seed: number): Dataset;
}

type Point = [x: number, y: number, label: number];

function build(info: DatasetInfo, points: readonly number[][], labels: readonly number[]): Dataset {
  const n = points.length;
  const width = info.featureShape[0]!;
  const features = new Float32Array(n * width);
  points.forEach((p, i) => features.set(p, i * width));
  return { info, features, labels: Float32Array.from(labels) };
}

function fromPoints(info: DatasetInfo, pts: Point[]): Dataset {
  return build(info, pts.map(([x, y]) => [x, y]), pts.map((p) => p[2]));
}

const SAMPLES_2D = 1000;

function xor(r: Random, n: number, noise = 0): Point[] {
  const pad = 0.3;
  const out: Point[] = [];
  for (let i = 0; i < n; i++) {
    let x = r.uniform(-5, 5);
    x += x > 0 ? pad : -pad;
    let y = r.uniform(-5, 5);
    y += y > 0 ? pad : -pad;
    const label = x * y >= 0 ? 1 : 0;
    out.push([x + r.uniform(-5, 5) * noise, y + r.uniform(-5, 5) * noise, label]);
  }
  return out;
}

/** Half the points in a disc of radius 2.5 (class 1), half in a ring from 3.5 to 5 (class 0), balanced. */
function circle(r: Random, n: number, noise = 0): Point[] {
  const radius = 5;
  const out: Point[] = [];
  const ring = (lo: number, hi: number, label: number) => {
    const rr = r.uniform(lo, hi);
    const angle = r.uniform(0, 2 * Math.PI);
    const x = rr * Math.sin(angle);
    const y = rr * Math.cos(angle);
    out.push([x + r.uniform(-radius, radius) * noise, y + r.uniform(-radius, radius) * noise, label]);
  };
  for (let i = 0; i < n / 2; i++) ring(0, radius * 0.5, 1);
  for (let i = 0; i < n / 2; i++) ring(radius * 0.7, radius, 0);
  return out;
}

function gauss(r: Random, n: number, noise = 0): Point[] {
  const sd = Math.sqrt(0.5 + 3.5 * noise);
  const out: Point[] = [];
  for (let i = 0; i < n / 2; i++) out.push([2 + r.normal() * sd, 2 + r.normal() * sd, 1]);
  for (let i = 0; i < n / 2; i++) out.push([-2 + r.normal() * sd, -2 + r.normal() * sd, 0]);
  return out;
}

function spiral(r: Random, n: number, noise = 0): Point[] {
  const out: Point[] = [];
  const arm = (deltaT: number, label: number) => {
    for (let i = 0; i < n / 2; i++) {
      const rad = (i / (n / 2)) * 5;
      const t = ((1.75 * i) / (n / 2)) * 2 * Math.PI + deltaT;
      out.push([rad * Math.sin(t) + r.uniform(-1, 1) * noise, rad * Math.cos(t) + r.uniform(-1, 1) * noise, label]);
    }
  };
  arm(0, 1);
  arm(Math.PI, 0);
  return out;
}

/** y = (x1 + x2) / 10 over a 12 x 12 square: a plane through the origin. */
function regPlane(r: Random, n: number): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < n; i++) {
    const x = r.uniform(-6, 6);
    const y = r.uniform(-6, 6);
    out.push([x, y, (x + y) / 10]);
  }
  return out;
}

/** Six Gaussian bumps, up and down; the target is the strongest bump at the point (Playground's regress-gaussian). */
function regGauss(r: Random, n: number): Point[] {
  const bumps: [number, number, number][] = [
    [-4, 2.5, 1],
    [0, 2.5, -1],
    [4, 2.5, 1],
    [-4, -2.5, -1],
    [0, -2.5, 1],
    [4, -2.5, -1],
  ];
  const out: Point[] = [];
  for (let i = 0; i < n; i++) {
    const x = r.uniform(-6, 6);
    const y = r.uniform(-6, 6);
    let label = 0;
    for (const [cx, cy, sign] of bumps) {
      const v = sign * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * 1.3 ** 2));
      if (Math.abs(v) > Math.abs(label)) label = v;
    }
    out.push([x, y, label]);
  }
  return out;
}

const SPHERES_SAMPLES = 600;
/** Cloud centres at +-0.8 on every axis, unit spread: they overlap, and the best possible accuracy is about 0.92. */
const SPHERES_OFFSET = 0.8;

function spheres(r: Random, n: number): { points: number[][]; labels: number[] } {
  const points: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const c = label === 1 ? SPHERES_OFFSET : -SPHERES_OFFSET;
    points.push([c + r.normal(), c + r.normal(), c + r.normal()]);
    labels.push(label);
  }
  return { points, labels };
}

const classes2 = (name: string, title: string, description: string, samples: number): DatasetInfo => ({
  name,
  title,
  description,
  task: 'classification',
  featureShape: [2],
  classes: 2,
  classNames: ['0', '1'],
  samples,
  image: false,
  source: 'generated',
});

const regression2 = (name: string, title: string, description: string): DatasetInfo => ({
  name,
  title,
  description,
  task: 'regression',
  featureShape: [2],
  classes: 1,
  samples: SAMPLES_2D,
  image: false,
  source: 'generated',
});

const planar = (info: DatasetInfo, f: (r: Random, n: number) => Point[]): Generator => ({
  info,
  generate: (seed) => fromPoints(info, f(createRandom(seed), info.samples)),
});

export const GENERATORS: readonly Generator[] = [
  planar(classes2('xor', 'XOR', 'Four quadrants: class 1 where x and y have the same sign. Needs a hidden layer.', SAMPLES_2D), xor),
  planar(classes2('circle', 'Circle', 'A disc of class 1 inside a ring of class 0; not separable by a line.', SAMPLES_2D), circle),
  planar(classes2('gauss', 'Two Gaussians', 'Two round clouds, one per class; a single line separates them.', SAMPLES_2D), gauss),
  planar(classes2('spiral', 'Spiral', 'Two interleaved spiral arms; the hardest of the 2-D sets.', SAMPLES_2D), spiral),
  planar(
    { ...regression2('circle-pm1', 'Circle, targets -1 and 1', "TensorFlow Playground's circle as it trains it: 500 points, target 1 inside, -1 in the ring, for a tanh output and squared error."), samples: 500 },
    (r, n) => circle(r, n).map(([x, y, label]) => [x, y, label === 1 ? 1 : -1]),
  ),
  planar(regression2('reg-plane', 'Regression: plane', 'The target is (x1 + x2) / 10: a tilted plane.'), regPlane),
  planar(regression2('reg-gauss', 'Regression: bumps', 'The target is a field of six Gaussian bumps, up and down.'), regGauss),
  (() => {
    const info: DatasetInfo = {
      name: 'spheres',
      title: 'Spheres',
      description: 'Three features, two classes: two overlapping clouds in 3-D, for the 3-4-1 and 3-4-3-2 lecture networks.',
      task: 'classification',
      featureShape: [3],
      classes: 2,
      classNames: ['0', '1'],
      samples: SPHERES_SAMPLES,
      image: false,
      source: 'generated',
    };
    return {
      info,
      generate: (seed: number) => {
        const { points, labels } = spheres(createRandom(seed), info.samples);
        return build(info, points, labels);
      },
    };
  })(),
];
