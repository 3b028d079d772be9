/**
 * The datasets a service knows: the generated and built-in ones, plus the
 * CSVs imported during the session. Loading is lazy and cached per seed.
 */
import type { DatasetInfo } from '../../src-shared/training/dataset-info';
import type { Optimizer } from '../../src-shared/training/settings';
import type { Dataset } from './dataset';
import { DIGITS_INFO, loadDigits } from './digits';
import { GENERATORS } from './generators';

/** Settings that train the dataset well with a small network; the CLI's defaults. */
export interface Recommended {
  readonly learningRate: number;
  readonly batchSize: number;
  readonly optimizer: Optimizer;
}

interface Source {
  readonly info: DatasetInfo;
  readonly recommended: Recommended;
  load(seed: number): Promise<Dataset>;
}

const SMALL: Recommended = { learningRate: 0.01, batchSize: 16, optimizer: 'adam' };

const RECOMMENDED: Readonly<Record<string, Recommended>> = {
  digits: { learningRate: 0.001, batchSize: 32, optimizer: 'adam' },
  spiral: { learningRate: 0.01, batchSize: 16, optimizer: 'adam' },
};

function builtinSources(): Source[] {
  const sources: Source[] = GENERATORS.map((g) => {
    const cache = new Map<number, Dataset>();
    return {
      info: g.info,
      recommended: RECOMMENDED[g.info.name] ?? SMALL,
      load: async (seed: number) => {
        let d = cache.get(seed);
        if (!d) {
          if (cache.size > 8) cache.clear();
          cache.set(seed, (d = g.generate(seed)));
        }
        return d;
      },
    };
  });
  sources.push({ info: DIGITS_INFO, recommended: RECOMMENDED.digits!, load: () => loadDigits() });
  return sources;
}

export class DatasetRegistry {
  private readonly sources = new Map<string, Source>();

  constructor() {
    for (const s of builtinSources()) this.sources.set(s.info.name, s);
  }

  list(): DatasetInfo[] {
    return [...this.sources.values()].map((s) => s.info);
  }

  info(name: string): DatasetInfo | undefined {
    return this.sources.get(name)?.info;
  }

  recommended(name: string): Recommended {
    const s = this.sources.get(name);
    if (s) return s.recommended;
    return SMALL;
  }

  /** The rows of a dataset; a sentence listing the names when there is none by that name. */
  async load(name: string, seed: number): Promise<Dataset> {
    const s = this.sources.get(name);
    if (!s) throw new Error(this.unknown(name));
    return s.load(seed);
  }

  unknown(name: string): string {
    return `There is no dataset named "${name}"; the datasets are ${[...this.sources.keys()].join(', ')}.`;
  }

  /** Adds (or replaces) an imported dataset for the rest of the session. */
  add(dataset: Dataset): void {
    const existing = this.sources.get(dataset.info.name);
    if (existing && existing.info.source !== 'imported')
      throw new Error(`"${dataset.info.name}" is the name of a built-in dataset; import under another name.`);
    const digitsLike = dataset.info.image;
    this.sources.set(dataset.info.name, {
      info: dataset.info,
      recommended: digitsLike ? RECOMMENDED.digits! : SMALL,
      load: async () => dataset,
    });
  }
}
