/** `densely summary`: the parameter table of a chain or a project file, headless. */
import type { Command } from 'commander';
import { countsBiases, type NetworkDocument } from '../src-shared/graph/document';
import { parseProject } from '../src-shared/graph/project-file';
import { summarize } from '../src-shared/graph/summary';
import { formatSummaryTable } from '../src-shared/graph/summary-table';
import { chainFromWidths } from '../src-shared/graph/templates';
import { MAX_PROJECT_FILE_BYTES } from '../src-shared/layers/limits';
import { readTextBounded } from './read-bounded';

export class UsageError extends Error {}

/** Parses "3,4,1" into widths; every item must be a whole number. */
export function parseWidths(text: string): number[] {
  const items = text.split(',');
  if (items.length < 2) throw new UsageError(`--layers needs at least an input width and one layer, such as 3,4,1; got "${text}".`);
  return items.map((item, i) => {
    const t = item.trim();
    if (!/^\d+$/.test(t))
      throw new UsageError(`--layers takes whole numbers separated by commas, such as 3,4,1; item ${i + 1} is "${t}".`);
    return Number(t);
  });
}

/** Reads and validates a project file, bounded in size; a bad one is a UsageError naming the file. */
export async function readProjectFile(file: string): Promise<NetworkDocument> {
  const text = await readTextBounded(file, MAX_PROJECT_FILE_BYTES, 'project file');
  const loaded = parseProject(text);
  if (!loaded.ok) throw new UsageError(`${file}: ${loaded.error}`);
  return loaded.doc;
}

export async function loadNetwork(file: string | undefined, layers: string | undefined, hiddenActivation: 'relu' = 'relu'): Promise<NetworkDocument> {
  if (file && layers) throw new UsageError('Give either a project FILE or --layers, not both.');
  if (layers) {
    const widths = parseWidths(layers);
    return { name: widths.join('-'), layers: chainFromWidths(widths, hiddenActivation, 'linear') };
  }
  if (!file) throw new UsageError('Name a project FILE or give --layers, such as --layers 3,4,1.');
  return readProjectFile(file);
}

export function registerSummaryCommand(program: Command): void {
  program
    .command('summary')
    .description('print the weights, biases and parameters of each layer')
    .argument('[file]', 'a Densely project file (.densely.json)')
    .option('--layers <widths>', 'a chain: input width, then dense layer widths, e.g. 3,4,1')
    .option('--bias', 'count biases (the default, unless the project file leaves them out)')
    .option('--no-bias', 'leave biases out of the counts')
    .option('--json', 'print one JSON object instead of a table')
    .action(async (file: string | undefined, opts: { layers?: string; bias?: boolean; json?: boolean }) => {
      const doc = await loadNetwork(file, opts.layers);
      const summary = summarize(doc.layers, { countBiases: opts.bias ?? countsBiases(doc) });
      if (summary.errors.length > 0) throw new UsageError(summary.errors[0]!);
      if (opts.json) {
        const out = {
          layers: summary.layers.map((l) => ({
            name: l.label,
            kind: l.kind,
            outputShape: l.outputShape,
            weights: l.weights,
            biases: l.biases,
            trainable: l.trainable,
            nonTrainable: l.nonTrainable,
            params: l.params,
          })),
          totals: summary.totals,
        };
        process.stdout.write(JSON.stringify(out) + '\n');
      } else {
        process.stdout.write(formatSummaryTable(summary, doc.name) + '\n');
      }
    });
}
