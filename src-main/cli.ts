/**
 * The headless command line: `npm run -s densely -- <command>`.
 * Every failure is one line on stderr starting `error:` and a non-zero exit.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { registerExportCommand } from './cli-export';
import { registerDrawCommand } from './cli-draw';
import { registerOpenAction } from './cli-open';
import { registerStepCommand } from './cli-step';
import { registerSummaryCommand } from './cli-summary';
import { registerTrainCommand } from './cli-train';

export interface CliOutput {
  /** Where `error:` and `note:` lines go; tests run the CLI in-process and collect them. */
  readonly stderr: (text: string) => void;
}

const processOutput: CliOutput = { stderr: (text) => void process.stderr.write(text) };

/** Runs one command line (argv without node and script) and returns the exit code. */
export async function runCli(args: readonly string[], out: CliOutput = processOutput): Promise<number> {
  const program = new Command('densely')
    .description('Densely: design, count, train and step through dense neural networks from the command line.')
    .exitOverride()
    .configureOutput({ writeErr: out.stderr, outputError: (text, write) => write(text.startsWith('error:') ? text : `error: ${text}`) })
    .showHelpAfterError(false);
  registerSummaryCommand(program);
  registerTrainCommand(program, out);
  registerStepCommand(program, out);
  registerExportCommand(program);
  registerDrawCommand(program);
  registerOpenAction(program, out);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return 0;
  } catch (e) {
    // Commander has printed its own `error:` line (or help/version, exit 0).
    if (e instanceof CommanderError) return e.exitCode;
    const message = e instanceof Error ? e.message : String(e);
    out.stderr(`error: ${message.replace(/\s+/g, ' ').trim()}\n`);
    return 1;
  }
}

function isMain(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) process.exitCode = await runCli(process.argv.slice(2));
