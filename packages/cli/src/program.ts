// Builds the `paperclip` command: one file per subcommand under commands/, registered here.
import { Command } from 'commander';
import { registerEchoClient } from './commands/echo-client.ts';
import { registerEchoServer } from './commands/echo-server.ts';
import { registerInteractive } from './commands/interactive.ts';
import { registerPing } from './commands/ping.ts';
import { registerPlay } from './commands/play.ts';
import { registerServe } from './commands/serve.ts';

/** A subcommand module: adds itself to the program. To add a command, write commands/<name>.ts and list it here. */
export type RegisterCommand = (program: Command) => void;

/** Every subcommand, in help order. */
export const COMMANDS: readonly RegisterCommand[] = [
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
    .showSuggestionAfterError(true);
  for (const register of COMMANDS) register(program);
  return program;
}
