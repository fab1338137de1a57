#!/usr/bin/env node
// The `paperclip` command: parses argv and runs one subcommand; failures print one sentence, never a stack.
import { readCliVersion } from './cli-version.ts';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Answered before the parser loads: commander alone costs about a third of Node's own start-up.
  process.stdout.write(`${readCliVersion()}\n`);
} else {
  const [{ reportFailure }, { buildProgram }] = await Promise.all([
    import('./cli-errors.ts'),
    import('./program.ts'),
  ]);
  // A failure outside any command's await (an event handler's bug) is still one sentence, then the process ends:
  // after an uncaught exception its state is unknown.
  const crash = (error: unknown) => {
    reportFailure(error);
    process.exit();
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    reportFailure(error);
  }
}
