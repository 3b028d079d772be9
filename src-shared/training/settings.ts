/** What a training run is asked to do: the settings the panel and the CLI share. */
import { z } from 'zod';

export const LOSSES = ['mse', 'mae', 'bce', 'cce', 'kld'] as const;
export type Loss = (typeof LOSSES)[number];

export const LOSS_TITLES: Readonly<Record<Loss, string>> = {
  mse: 'Mean squared error',
  mae: 'Mean absolute error',
  bce: 'Binary cross entropy',
  cce: 'Categorical cross entropy',
  kld: 'KL divergence',
};

export const OPTIMIZERS = ['sgd', 'momentum', 'rmsprop', 'adagrad', 'adam'] as const;
export type Optimizer = (typeof OPTIMIZERS)[number];

export const OPTIMIZER_TITLES: Readonly<Record<Optimizer, string>> = {
  sgd: 'SGD',
  momentum: 'SGD with momentum',
  rmsprop: 'RMSprop',
  adagrad: 'Adagrad',
  adam: 'Adam',
};

export const BACKENDS = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export const trainingSettingsSchema = z.object({
  dataset: z.string().min(1).max(200),
  loss: z.enum(LOSSES),
  optimizer: z.enum(OPTIMIZERS),
  learningRate: z.number().positive().max(10),
  batchSize: z.number().int().min(1).max(65_536),
  epochs: z.number().int().min(1).max(100_000),
  validationSplit: z.number().min(0).max(0.9),
  shuffle: z.boolean(),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
});
export type TrainingSettings = z.infer<typeof trainingSettingsSchema>;

export const DEFAULT_TRAINING: TrainingSettings = {
  dataset: 'spheres',
  loss: 'bce',
  optimizer: 'adam',
  learningRate: 0.01,
  batchSize: 32,
  epochs: 50,
  validationSplit: 0.2,
  shuffle: true,
  seed: 42,
};
