// `paperclip` with no command (or `paperclip interactive`): its flags; the client is in interactive-run.ts.
import type { Command } from 'commander';
import { action, parsePort, parseSeconds, UserError } from '../cli-errors.ts';
import type { InteractiveFlags } from './interactive-run.ts';

/** Registers `interactive` as the default command. */
export function registerInteractive(program: Command): void {
  program
    .command('interactive', { isDefault: true })
    .description(
      "the interactive client (the default): log in, manage friends, matchmake and play plugins' games",
    )
    // As the default command it also receives mistyped command names; they get a sentence, not a usage error.
    .argument('[unknown...]')
    .usage('[options]')
    .option('--server <url>', 'platform URL (default http://$S_HOST:$TCP_PORT, else http://127.0.0.1:5000)')
    .option('--host <host>', 'platform host (env S_HOST)')
    .option('--port <port>', 'platform HTTP port (env TCP_PORT)', parsePort)
    .option(
      '--input-timeout <seconds>',
      'ask for a pick again after this long (default 10, as the seed)',
      parseSeconds,
    )
    .action(
      action(async (unknown: string[], flags: InteractiveFlags) => {
        if (unknown.length > 0) {
          throw new UserError(`"${unknown[0]}" is not a paperclip command; see \`paperclip --help\`.`, 2);
        }
        await (await import('./interactive-run.ts')).runInteractiveCommand(flags);
      }),
    );
}
