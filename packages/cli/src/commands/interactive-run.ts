// What `paperclip` (interactive) does: load the plugins' games, then run the menus against the platform.
import { runInteractive } from '../interactive/interactive-app.ts';
import { platformUrl } from '../interactive/server-address.ts';
import { asUserError } from '../interactive/user-errors.ts';
import { CliGames } from '../plugins/cli-games.ts';
import { loadPlugins } from '../plugins/load-plugins.ts';

/** The flags of `interactive`. */
export interface InteractiveFlags {
  server?: string;
  host?: string;
  port?: number;
  inputTimeout?: number;
}

/** The seed's gameloop waits this long for a pick before asking again. */
const INPUT_TIMEOUT_MS = 10_000;

/** Runs the interactive client until the user quits. */
export async function runInteractiveCommand(flags: InteractiveFlags): Promise<void> {
  const baseUrl = platformUrl(flags);
  const games = new CliGames(await loadPlugins());
  try {
    await runInteractive(baseUrl, {
      games,
      inputTimeoutMs: flags.inputTimeout === undefined ? INPUT_TIMEOUT_MS : flags.inputTimeout * 1000,
    });
  } catch (error) {
    throw asUserError(error, games);
  }
}
