/**
 * The TensorFlow.js export: an ES module whose `buildModel()` returns a tf.LayersModel counting exactly what Densely
 * counts, plus `compileModel` and `train` for the saved settings. Where tf.layers lacks what Densely has, the module
 * says so and fills the gap: leaky ReLU with Densely's slope is a layer of its own (tf.layers has no such activation
 * name), and a GRU is Keras's with reset_after (two bias vectors per gate), which tf.layers.gru does not support, so
 * the module defines that GRU as a small layer of its own.
 */
import { formatCount } from '../format';
import type { Activation } from '../layers/activations';
import { LEAKY_RELU_ALPHA } from '../layers/activations';
import type { Loss, Optimizer } from '../training/settings';
import { BATCH_NORM, describeNetwork, isClassification, MOMENTUM } from './common';
import { commentText, jsArray, numberLiteral, stringLiteral } from './literals';
import type { ExportPlan, PlannedLayer } from './plan';

export const TFJS_LOSSES: Readonly<Record<Loss, string>> = {
  mse: 'meanSquaredError',
  mae: 'meanAbsoluteError',
  bce: 'binaryCrossentropy',
  cce: 'categoricalCrossentropy',
  kld: 'kullbackLeiblerDivergence',
};

function optimizer(o: Optimizer, lr: number): string {
  const rate = numberLiteral(lr);
  switch (o) {
    case 'sgd':
      return `tf.train.sgd(${rate})`;
    case 'momentum':
      return `tf.train.momentum(${rate}, ${MOMENTUM})`;
    case 'rmsprop':
      return `tf.train.rmsprop(${rate})`;
    case 'adagrad':
      return `tf.train.adagrad(${rate})`;
    case 'adam':
      return `tf.train.adam(${rate})`;
  }
}

/** The activation argument; leaky ReLU goes in a layer of its own after a linear one. */
const activation = (a: Activation) => stringLiteral(a === 'leakyRelu' ? 'linear' : a);

/** The extra leaky ReLU layer's name: the layer's own plus `_leaky_relu`, numbered if a layer already has that name. */
function leakyName(p: PlannedLayer, plan: ExportPlan): string {
  const taken = new Set(plan.layers.map((q) => q.ident));
  let name = `${p.ident}_leaky_relu`;
  for (let i = 2; taken.has(name); i++) name = `${p.ident}_leaky_relu_${i}`;
  return name;
}

const leaky = (p: PlannedLayer, plan: ExportPlan): string[] => [
  `  model.add(tf.layers.leakyReLU({ alpha: ${LEAKY_RELU_ALPHA}, name: ${stringLiteral(leakyName(p, plan))} })); // Densely's leaky ReLU, slope ${LEAKY_RELU_ALPHA}`,
];

/** The GRU Densely and Keras (reset_after=True) run; only defined in modules that have a GRU. */
const GRU_CLASS = [
  '/**',
  " * A GRU as Keras's default (reset_after=True) and Densely's: gates z, r, h; the reset gate scales the recurrent",
  ' * product after its own bias, so there are two bias vectors per gate, 3 x (units x (features + units) + 2 x units)',
  ' * parameters. tf.layers.gru supports only reset_after=false (one bias vector per gate).',
  ' */',
  'export class GRUResetAfter extends tf.layers.Layer {',
  "  static className = 'GRUResetAfter';",
  '',
  '  constructor(config) {',
  '    super(config);',
  '    this.units = config.units;',
  '    this.returnSequences = config.returnSequences ?? false;',
  '    this.useBias = config.useBias ?? true;',
  '  }',
  '',
  '  build(inputShape) {',
  '    const features = inputShape[inputShape.length - 1];',
  '    const gates = 3 * this.units;',
  "    this.kernel = this.addWeight('kernel', [features, gates], 'float32', tf.initializers.glorotUniform({}));",
  "    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, gates], 'float32', tf.initializers.orthogonal({}));",
  "    this.bias = this.useBias ? this.addWeight('bias', [2, gates], 'float32', tf.initializers.zeros()) : null;",
  '    this.built = true;',
  '  }',
  '',
  '  computeOutputShape(inputShape) {',
  '    return this.returnSequences ? [inputShape[0], inputShape[1], this.units] : [inputShape[0], this.units];',
  '  }',
  '',
  '  call(inputs) {',
  '    return tf.tidy(() => {',
  '      const x = Array.isArray(inputs) ? inputs[0] : inputs;',
  '      const kernel = this.kernel.read();',
  '      const recurrent = this.recurrentKernel.read();',
  '      const [inputBias, recurrentBias] = this.bias ? tf.unstack(this.bias.read()) : [null, null];',
  '      let h = tf.zeros([x.shape[0], this.units]);',
  '      const states = [];',
  '      for (const xt of tf.unstack(x, 1)) {',
  '        let xp = tf.matMul(xt, kernel);',
  '        let hp = tf.matMul(h, recurrent);',
  '        if (inputBias) {',
  '          xp = tf.add(xp, inputBias);',
  '          hp = tf.add(hp, recurrentBias);',
  '        }',
  '        const [xz, xr, xh] = tf.split(xp, 3, 1);',
  '        const [hz, hr, hh] = tf.split(hp, 3, 1);',
  '        const z = tf.sigmoid(tf.add(xz, hz));',
  '        const r = tf.sigmoid(tf.add(xr, hr));',
  '        const candidate = tf.tanh(tf.add(xh, tf.mul(r, hh)));',
  '        h = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), candidate));',
  '        states.push(h);',
  '      }',
  '      return this.returnSequences ? tf.stack(states, 1) : h;',
  '    });',
  '  }',
  '',
  '  getConfig() {',
  '    return { ...super.getConfig(), units: this.units, returnSequences: this.returnSequences, useBias: this.useBias };',
  '  }',
  '}',
  'tf.serialization.registerClass(GRUResetAfter);',
  '',
];

function tfjsLayer(p: PlannedLayer, plan: ExportPlan): string[] {
  const l = p.layer;
  const name = `name: ${stringLiteral(p.ident)}`;
  const add = (call: string) => `  model.add(${call}); // ${commentText(p.label)}: ${formatCount(p.params)} parameters`;
  switch (l.kind) {
    case 'input':
      return [add(`tf.layers.inputLayer({ inputShape: ${jsArray(l.shape)}, ${name} })`)];
    case 'dense':
      return [add(`tf.layers.dense({ units: ${l.units}, activation: ${activation(l.activation)}, useBias: ${p.useBias}, ${name} })`), ...(l.activation === 'leakyRelu' ? leaky(p, plan) : [])];
    case 'activation':
      return l.activation === 'leakyRelu' ? leaky(p, plan) : [add(`tf.layers.activation({ activation: ${activation(l.activation)}, ${name} })`)];
    case 'dropout':
      return [add(`tf.layers.dropout({ rate: ${numberLiteral(l.rate)}, ${name} })`)];
    case 'flatten':
      return [add(`tf.layers.flatten({ ${name} })`)];
    case 'conv2d':
      return [
        add(
          `tf.layers.conv2d({ filters: ${l.filters}, kernelSize: ${jsArray(l.kernelSize)}, strides: ${jsArray(l.strides)}, padding: ${stringLiteral(l.padding)}, activation: ${activation(l.activation)}, useBias: ${p.useBias}, ${name} })`,
        ),
        ...(l.activation === 'leakyRelu' ? leaky(p, plan) : []),
      ];
    case 'maxPool2d':
      return [add(`tf.layers.maxPooling2d({ poolSize: ${jsArray(l.poolSize)}, strides: ${jsArray(l.strides)}, padding: ${stringLiteral(l.padding)}, ${name} })`)];
    case 'avgPool2d':
      return [add(`tf.layers.averagePooling2d({ poolSize: ${jsArray(l.poolSize)}, strides: ${jsArray(l.strides)}, padding: ${stringLiteral(l.padding)}, ${name} })`)];
    case 'globalAvgPool2d':
      return [add(`tf.layers.globalAveragePooling2d({ ${name} })`)];
    case 'batchNorm':
      return [add(`tf.layers.batchNormalization({ axis: -1, momentum: ${BATCH_NORM.momentum}, epsilon: ${numberLiteral(BATCH_NORM.epsilon)}, ${name} })`)];
    case 'reshape':
      return [add(`tf.layers.reshape({ targetShape: ${jsArray(l.targetShape)}, ${name} })`)];
    case 'simpleRnn':
      return [add(`tf.layers.simpleRNN({ units: ${l.units}, returnSequences: ${l.returnSequences}, useBias: ${p.useBias}, ${name} })`)];
    case 'lstm':
      // Keras's sigmoid gates (tf.layers defaults to a hard sigmoid).
      return [add(`tf.layers.lstm({ units: ${l.units}, returnSequences: ${l.returnSequences}, useBias: ${p.useBias}, recurrentActivation: 'sigmoid', ${name} })`)];
    case 'gru':
      return [add(`new GRUResetAfter({ units: ${l.units}, returnSequences: ${l.returnSequences}, useBias: ${p.useBias}, ${name} })`)];
  }
}

export function tfjsSource(plan: ExportPlan): string {
  const s = plan.settings;
  const classification = isClassification(s.loss);
  const hasGru = plan.layers.some((p) => p.layer.kind === 'gru');
  const lines = [
    ...describeNetwork(plan, '//', 'a TensorFlow.js ES module'),
    `// model.countParams() gives ${formatCount(plan.totals.params)}, the same.`,
    '//',
    "// import { buildModel, compileModel, train } from './THIS_FILE.mjs'; needs @tensorflow/tfjs (or tfjs-node).",
    "import * as tf from '@tensorflow/tfjs';",
    '',
    `export const NAME = ${stringLiteral(plan.name)};`,
    `export const SETTINGS = { dataset: ${stringLiteral(s.dataset)}, learningRate: ${numberLiteral(s.learningRate)}, batchSize: ${s.batchSize}, epochs: ${s.epochs}, validationSplit: ${numberLiteral(s.validationSplit)}, shuffle: ${s.shuffle}, seed: ${s.seed} };`,
    '',
    ...(hasGru ? GRU_CLASS : []),
    '/** The network as Densely draws it, channels last. */',
    'export function buildModel() {',
    '  const model = tf.sequential();',
    ...plan.layers.flatMap((p) => tfjsLayer(p, plan)),
    '  return model;',
    '}',
    '',
    '/** The saved optimizer, learning rate and loss. */',
    'export function compileModel(model) {',
    `  model.compile({ optimizer: ${optimizer(s.optimizer, s.learningRate)}, loss: ${stringLiteral(TFJS_LOSSES[s.loss])}, metrics: ${classification ? "['accuracy']" : '[]'} });`,
    '  return model;',
    '}',
    '',
    '/** Fits xs (samples, ...input shape) to ys with the saved batch size, epochs and validation split. */',
    'export function train(model, xs, ys, epochs = SETTINGS.epochs) {',
    '  return model.fit(xs, ys, { batchSize: SETTINGS.batchSize, epochs, validationSplit: SETTINGS.validationSplit, shuffle: SETTINGS.shuffle });',
    '}',
    '',
  ];
  return lines.join('\n');
}
