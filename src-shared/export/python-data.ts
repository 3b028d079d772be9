/**
 * `load_data()` for the Python exports: the saved dataset, made the way Densely makes it (the generated sets in
 * numpy with the same shapes and ranges; the digits from MNIST, whose first 10,000 Densely ships), so the file runs
 * as it is. An imported CSV is read from the path in DATA_FILE, which the person sets.
 */
import { numberLiteral, pythonTuple, stringLiteral } from './literals';
import type { ExportPlan } from './plan';

/** The numpy lines that set `x` (samples first) and `labels` for a generated dataset, or null for another name. */
const GENERATED: Readonly<Record<string, readonly string[]>> = {
  xor: [
    'x = rng.uniform(-5, 5, (1000, 2))',
    'x += np.where(x > 0, 0.3, -0.3)',
    'labels = (x[:, 0] * x[:, 1] >= 0).astype(np.int64)',
  ],
  circle: [
    'radius = np.concatenate([rng.uniform(0, 2.5, 500), rng.uniform(3.5, 5, 500)])',
    'angle = rng.uniform(0, 2 * np.pi, 1000)',
    'x = np.stack([radius * np.sin(angle), radius * np.cos(angle)], 1)',
    'labels = np.repeat([1, 0], 500)',
  ],
  'circle-pm1': [
    'radius = np.concatenate([rng.uniform(0, 2.5, 250), rng.uniform(3.5, 5, 250)])',
    'angle = rng.uniform(0, 2 * np.pi, 500)',
    'x = np.stack([radius * np.sin(angle), radius * np.cos(angle)], 1)',
    'labels = np.repeat([1.0, -1.0], 250)',
  ],
  gauss: [
    'x = np.concatenate([rng.normal(2, np.sqrt(0.5), (500, 2)), rng.normal(-2, np.sqrt(0.5), (500, 2))])',
    'labels = np.repeat([1, 0], 500)',
  ],
  spiral: [
    'i = np.arange(500)',
    'radius = i / 500 * 5',
    'turn = 1.75 * i / 500 * 2 * np.pi',
    'x = np.concatenate([np.stack([radius * np.sin(turn + d), radius * np.cos(turn + d)], 1) for d in (0, np.pi)])',
    'labels = np.repeat([1, 0], 500)',
  ],
  'reg-plane': ['x = rng.uniform(-6, 6, (1000, 2))', 'labels = (x[:, 0] + x[:, 1]) / 10'],
  'reg-gauss': [
    'x = rng.uniform(-6, 6, (1000, 2))',
    'bumps = np.array([[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]])',
    'heights = bumps[:, 2] * np.exp(-((x[:, None, 0] - bumps[:, 0]) ** 2 + (x[:, None, 1] - bumps[:, 1]) ** 2) / (2 * 1.3**2))',
    'labels = heights[np.arange(len(x)), np.abs(heights).argmax(1)]',
  ],
  spheres: [
    'labels = np.arange(600) % 2',
    'x = np.where(labels == 1, 0.8, -0.8)[:, None] + rng.normal(size=(600, 3))',
  ],
};

export type PythonFramework = 'keras' | 'pytorch';

function digits(framework: PythonFramework): string[] {
  return framework === 'keras'
    ? [
        '# The first 10,000 of MNIST\'s training digits, as Densely ships them; Keras downloads MNIST once.',
        '(x, labels), _ = tf.keras.datasets.mnist.load_data()',
        'x, labels = x[:10000] / 255.0, labels[:10000]',
      ]
    : [
        '# The first 10,000 of MNIST\'s training digits, as Densely ships them; torchvision downloads MNIST once.',
        'try:',
        '    from torchvision.datasets import MNIST',
        'except ImportError:',
        '    raise SystemExit("The digits come from torchvision\'s MNIST: install torchvision (pip install torchvision) and run this again.")',
        'mnist = MNIST("data", train=True, download=True)',
        'x, labels = mnist.data.numpy()[:10000] / 255.0, mnist.targets.numpy()[:10000]',
      ];
}

function csv(dataset: string): string[] {
  return [
    `# Densely trained on an imported CSV; set DATA_FILE to its path and LABEL_COLUMN to its label column.`,
    `DATA_FILE = ${stringLiteral(dataset)}`,
    'LABEL_COLUMN = "label"',
    'table = np.genfromtxt(DATA_FILE, delimiter=",", names=True, encoding="utf-8")',
    'labels = table[LABEL_COLUMN]',
    'x = np.stack([table[c] for c in table.dtype.names if c != LABEL_COLUMN], 1)',
  ];
}

/**
 * The `load_data()` function and `targets()`, which turns labels into what the output layer and loss expect:
 * one-hot rows for a classifier with several outputs, a column of numbers for one output.
 */
export function pythonLoadData(dataset: string, framework: PythonFramework, classification: boolean): string[] {
  const body = GENERATED[dataset] ? ['rng = np.random.default_rng(SEED)', ...GENERATED[dataset]!] : dataset === 'digits' ? digits(framework) : csv(dataset);
  return [
    'def load_data():',
    `    """The samples, shaped as the input layer reads them, and their labels (the ${dataset === 'digits' || GENERATED[dataset] ? 'saved dataset' : 'imported CSV'})."""`,
    ...body.map((line) => `    ${line}`),
    '    x = np.asarray(x, dtype=np.float32)',
    '    if x[0].size != int(np.prod(INPUT_SHAPE)):',
    '        raise SystemExit(f"Each sample has {x[0].size} values but the input layer takes {INPUT_SHAPE}; change the input layer or the data.")',
    '    return x.reshape((len(x),) + INPUT_SHAPE), np.asarray(labels)',
    '',
    '',
    'def targets(labels):',
    '    """What the output layer is trained towards: one-hot rows for several outputs, else the labels as a column."""',
    ...(classification
      ? ['    if OUTPUT_SHAPE[-1] > 1:', '        return np.eye(OUTPUT_SHAPE[-1], dtype=np.float32)[labels.astype(np.int64)]']
      : []),
    '    return labels.astype(np.float32).reshape(-1, 1)',
  ];
}

/**
 * The settings block both Python exports open with: the network's name and shapes, then the training settings,
 * with a framework's own lines (`extra`) before the seed.
 */
export function pythonSettings(plan: ExportPlan, extra: readonly string[] = []): string[] {
  const s = plan.settings;
  return [
    `NAME = ${stringLiteral(plan.name)}`,
    `INPUT_SHAPE = ${pythonTuple(plan.inputShape)}`,
    `OUTPUT_SHAPE = ${pythonTuple(plan.outputShape)}`,
    `DATASET = ${stringLiteral(s.dataset)}`,
    `LEARNING_RATE = ${numberLiteral(s.learningRate)}`,
    `BATCH_SIZE = ${s.batchSize}`,
    `EPOCHS = ${s.epochs}`,
    `VALIDATION_SPLIT = ${numberLiteral(s.validationSplit)}`,
    ...extra,
    `SEED = ${s.seed}`,
  ];
}
