// Builds the `paperclip` command: every subcommand's name and options, eagerly; their code, lazily.
import { Command } from 'commander';
import { readCliVersion } from './cli-version.ts';
import { registerEchoClient } from './commands/echo-client.ts';
import { registerEchoServer } from './commands/echo-server.ts';
import { registerInteractive } from './commands/interactive.ts';
import { registerPing } from './commands/ping.ts';
import { registerPlay } from './commands/play.ts';
import { registerServe } from './commands/serve.ts';
import { explainParseFailures } from './parse-failures.ts';

/**
 * A subcommand module: adds its name, description and options to the program, and an action that imports
 * `commands/<name>-run.ts` only when run, so `--help` and `--version` load commander alone. To add a command,
 * write both files and list the register function here.
 */
type RegisterCommand = (program: Command) => void;

/** Every subcommand, in help order. */
const COMMANDS: readonly RegisterCommand[] = [
  registerServe,
  registerEchoServer,
  registerEchoClient,
  registerPing,
  registerPlay,
  registerInteractive,
];

/** The `paperclip` program with every subcommand registered. */
export function buildProgram(): Command {
  const program = new Command('paperclip')
    .description('Paperclip: secure real-time networking (encrypted reliable UDP, typed messages, platform)')
    .version(readCliVersion(), '-V, --version', 'print the version of paperclip')
    .showSuggestionAfterError(true);
  for (const register of COMMANDS) register(program);
  // `interactive` is the default command (registered by registerInteractive): other words are mistyped commands.
  explainParseFailures(program, 'interactive');
  return program;
}
