// `paperclip` with no command (or `paperclip interactive`): the interactive client with menus, friends, lobbies and RPS.
import type { Command } from 'commander';
import { action, parsePort, parseSeconds } from '../cli-errors.ts';
import { runInteractive } from '../interactive/interactive-app.ts';
import { platformUrl, type ServerFlags } from '../interactive/server-address.ts';
import { asUserError } from '../interactive/user-errors.ts';

/** Registers `interactive` as the default command. */
export function registerInteractive(program: Command): void {
  program
    .command('interactive', { isDefault: true })
    .description('the interactive client (the default): log in, manage friends, matchmake and play RPS')
    .option('--server <url>', 'platform URL (default http://$S_HOST:$TCP_PORT, else http://127.0.0.1:5000)')
    .option('--host <host>', 'platform host (env S_HOST)')
    .option('--port <port>', 'platform HTTP port (env TCP_PORT)', parsePort)
    .option(
      '--input-timeout <seconds>',
      'ask for a pick again after this long (default 10, as the seed)',
      parseSeconds,
    )
    .action(
      action(async (flags: ServerFlags & { inputTimeout?: number }) => {
        try {
          await runInteractive(platformUrl(flags), { inputTimeoutMs: (flags.inputTimeout ?? 10) * 1000 });
        } catch (error) {
          throw asUserError(error);
        }
      }),
    );
}
