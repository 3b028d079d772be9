/**
 * `densely FILE` with no command. The command line has no window to open the file in, so it does what it can
 * headless, printing the project's summary, and says in one note how to open it in the app: the installed
 * `densely FILE` (the desktop app, which takes the file the same way the file manager hands it over), or
 * `npm start -- FILE` from a checkout.
 */
import type { Command } from 'commander';
import { countsBiases } from '../src-shared/graph/document';
import { summarize } from '../src-shared/graph/summary';
import { formatSummaryTable } from '../src-shared/graph/summary-table';
import type { CliOutput } from './cli';
import { readProjectFile, UsageError } from './cli-summary';

export function registerOpenAction(program: Command, out: CliOutput): void {
  program.argument('[file]', 'a project file (.densely.json): prints its summary and says how to open it in the app').action(async (file: string | undefined) => {
    if (file === undefined) return program.help({ error: true });
    if (!/\.json$/i.test(file)) throw new UsageError(`"${file}" is neither a command nor a project file (.densely.json); run densely --help for the commands.`);
    const doc = await readProjectFile(file);
    const summary = summarize(doc.layers, { countBiases: countsBiases(doc) });
    process.stdout.write(formatSummaryTable(summary, doc.name) + '\n');
    out.stderr(`note: this is the command line; to open ${file} in the app, run the installed \`densely ${file}\`, or \`npm start -- ${file}\` here.\n`);
  });
}
