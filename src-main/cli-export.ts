/**
 * `densely export (FILE | --layers W,...) --to keras|pytorch|tfjs [-o OUT]`: the network as code that runs
 * unchanged (src-shared/export). Without -o the code goes to stdout; with it, the file is written atomically, so an
 * interrupted export never leaves half a file where a working one was.
 */
import { Option, type Command } from 'commander';
import { EXPORT_TARGETS, exportCode, type ExportTarget } from '../src-shared/export/index';
import { saveTextAtomic } from './atomic-save';
import { loadNetwork, UsageError } from './cli-summary';

interface ExportOptions {
  layers?: string;
  to: ExportTarget;
  output?: string;
}

const WRITE_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'part of its path is a file, not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission was denied',
  EPERM: 'permission was denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
};

/** The code, or a UsageError with the sentence the person reads. */
export async function runExport(file: string | undefined, opts: ExportOptions): Promise<string> {
  const doc = await loadNetwork(file, opts.layers);
  const result = exportCode(doc, opts.to);
  if (!result.ok) throw new UsageError(result.error);
  return result.text;
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write the network as Keras, PyTorch or TensorFlow.js code that runs as it is')
    .argument('[file]', 'a Densely project file (.densely.json)')
    .option('--layers <widths>', 'a chain: input width, then dense layer widths, e.g. 3,4,1')
    .addOption(new Option('--to <target>', 'the code to write').choices(EXPORT_TARGETS).makeOptionMandatory())
    .option('-o, --output <file>', 'write the code to this file (atomically) instead of printing it')
    .action(async (file: string | undefined, opts: ExportOptions) => {
      const text = await runExport(file, opts);
      if (!opts.output) {
        process.stdout.write(text);
        return;
      }
      try {
        await saveTextAtomic(opts.output, text);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? '';
        const reason = WRITE_REASONS[code] ?? (e instanceof Error ? e.message.split('\n')[0]! : String(e));
        throw new UsageError(`Could not write ${opts.output}: ${reason}; pick a file in a folder you can write to.`);
      }
    });
}
