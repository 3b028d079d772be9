/**
 * The headless command line: `npm run -s densely -- <command>`.
 * Every failure is one line on stderr starting `error:` and a non-zero exit.
 */
import { Command, CommanderError } from 'commander';
import { registerSummaryCommand } from './cli-summary';
import { registerTrainCommand } from './cli-train';

const program = new Command('densely')
  .description('Densely: design, count and train dense neural networks from the command line.')
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text.startsWith('error:') ? text : `error: ${text}`) })
  .showHelpAfterError(false);

registerSummaryCommand(program);
registerTrainCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // Commander has printed its own `error:` line (or help/version, exit 0).
    process.exitCode = e.exitCode;
  } else {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`error: ${message.replace(/\s+/g, ' ').trim()}\n`);
    process.exitCode = 1;
  }
}
