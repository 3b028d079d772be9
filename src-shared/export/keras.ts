/**
 * The Keras export: `build_model()` returning a tf.keras.Sequential with every layer's arguments set so that
 * model.count_params() equals Densely's total, then compile and fit with the saved training settings, as a lecture
 * notebook writes them.
 */
import { formatCount } from '../format';
import type { Activation } from '../layers/activations';
import type { Layer } from '../layers/registry';
import type { Loss, Optimizer } from '../training/settings';
import { BATCH_NORM, describeNetwork, isClassification, MOMENTUM } from './common';
import { commentText, numberLiteral, pythonTuple, stringLiteral } from './literals';
import type { ExportPlan, PlannedLayer } from './plan';
import { pythonLoadData, pythonSettings } from './python-data';

/** Keras names the activations as Densely does, but for leaky ReLU, whose string form has no fixed slope across versions. */
function activation(a: Activation): string {
  if (a === 'leakyRelu') return 'tf.nn.leaky_relu'; // its alpha defaults to 0.2, Densely's slope
  return stringLiteral(a);
}

export const KERAS_LOSSES: Readonly<Record<Loss, string>> = {
  mse: 'mean_squared_error',
  mae: 'mean_absolute_error',
  bce: 'binary_crossentropy',
  cce: 'categorical_crossentropy',
  kld: 'kl_divergence',
};

function optimizer(o: Optimizer, lr: number): string {
  const rate = `learning_rate=${numberLiteral(lr)}`;
  switch (o) {
    case 'sgd':
      return `tf.keras.optimizers.SGD(${rate})`;
    case 'momentum':
      return `tf.keras.optimizers.SGD(${rate}, momentum=${MOMENTUM})`;
    case 'rmsprop':
      return `tf.keras.optimizers.RMSprop(${rate})`;
    case 'adagrad':
      return `tf.keras.optimizers.Adagrad(${rate})`;
    case 'adam':
      return `tf.keras.optimizers.Adam(${rate})`;
  }
}

const bool = (b: boolean) => (b ? 'True' : 'False');

/** The constructor call for one layer, without its name. */
function kerasLayer(p: PlannedLayer): string {
  const l: Layer = p.layer;
  switch (l.kind) {
    case 'input':
      return `tf.keras.Input(shape=${pythonTuple(l.shape)}`;
    case 'dense':
      return `layers.Dense(${l.units}, activation=${activation(l.activation)}, use_bias=${bool(p.useBias)}`;
    case 'activation':
      return `layers.Activation(${activation(l.activation)}`;
    case 'dropout':
      return `layers.Dropout(${numberLiteral(l.rate)}`;
    case 'flatten':
      return 'layers.Flatten(';
    case 'conv2d':
      return `layers.Conv2D(${l.filters}, ${pythonTuple(l.kernelSize)}, strides=${pythonTuple(l.strides)}, padding=${stringLiteral(l.padding)}, activation=${activation(l.activation)}, use_bias=${bool(p.useBias)}`;
    case 'maxPool2d':
      return `layers.MaxPooling2D(pool_size=${pythonTuple(l.poolSize)}, strides=${pythonTuple(l.strides)}, padding=${stringLiteral(l.padding)}`;
    case 'avgPool2d':
      return `layers.AveragePooling2D(pool_size=${pythonTuple(l.poolSize)}, strides=${pythonTuple(l.strides)}, padding=${stringLiteral(l.padding)}`;
    case 'globalAvgPool2d':
      return 'layers.GlobalAveragePooling2D(';
    case 'batchNorm':
      return `layers.BatchNormalization(momentum=${BATCH_NORM.momentum}, epsilon=${numberLiteral(BATCH_NORM.epsilon)}`;
    case 'reshape':
      return `layers.Reshape(${pythonTuple(l.targetShape)}`;
    case 'simpleRnn':
      return `layers.SimpleRNN(${l.units}, return_sequences=${bool(l.returnSequences)}, use_bias=${bool(p.useBias)}`;
    case 'lstm':
      return `layers.LSTM(${l.units}, return_sequences=${bool(l.returnSequences)}, use_bias=${bool(p.useBias)}`;
    case 'gru':
      // reset_after=True (TF 2's default, written out): two bias vectors per gate, as Densely counts a GRU.
      return `layers.GRU(${l.units}, return_sequences=${bool(l.returnSequences)}, use_bias=${bool(p.useBias)}, reset_after=True`;
  }
}

export function kerasSource(plan: ExportPlan): string {
  const s = plan.settings;
  const classification = isClassification(s.loss);
  const lines = [
    ...describeNetwork(plan, '#', 'Keras (TensorFlow 2) code'),
    `# model.count_params() gives ${formatCount(plan.totals.params)}, the same.`,
    '#',
    '# Run it as it is: python3 THIS_FILE.py (needs tensorflow and numpy).',
    'import numpy as np',
    'import tensorflow as tf',
    '',
    'layers = tf.keras.layers',
    '',
    ...pythonSettings(plan),
    '',
    '',
    'def build_model():',
    `    """The network as Densely draws it, channels last."""`,
    '    return tf.keras.Sequential([',
    ...plan.layers.map((p) => {
      const call = kerasLayer(p);
      return `        ${call}${call.endsWith('(') ? '' : ', '}name=${stringLiteral(p.ident)}),  # ${commentText(p.label)}: ${formatCount(p.params)} parameters`;
    }),
    '    ])',
    '',
    '',
    'def compile_model(model):',
    `    model.compile(optimizer=${optimizer(s.optimizer, s.learningRate)}, loss=${stringLiteral(KERAS_LOSSES[s.loss])}, metrics=${classification ? '["accuracy"]' : '[]'})`,
    '    return model',
    '',
    '',
    ...pythonLoadData(s.dataset, 'keras', classification),
    '',
    '',
    'def train(model, x, y, epochs=EPOCHS):',
    `    return model.fit(x, y, batch_size=BATCH_SIZE, epochs=epochs, validation_split=VALIDATION_SPLIT, shuffle=${bool(s.shuffle)})`,
    '',
    '',
    'if __name__ == "__main__":',
    '    tf.keras.utils.set_random_seed(SEED)',
    '    model = compile_model(build_model())',
    '    model.summary()',
    '    x, labels = load_data()',
    '    train(model, x, targets(labels))',
    '',
  ];
  return lines.join('\n');
}

