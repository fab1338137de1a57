// The player sides of the loaded plugins, found by game name (for `play <game>`) or by platform game id.
import { UserError } from '../cli-errors.ts';
import type { CliGame } from './cli-game.ts';
import type { PaperclipPlugin } from './paperclip-plugin.ts';

/** Every CliGame the plugins provide; one game id may be played by one plugin only. */
export class CliGames {
  readonly #games: readonly CliGame[];

  constructor(plugins: readonly PaperclipPlugin[]) {
    const games: CliGame[] = [];
    const owners = new Map<number, string>();
    for (const plugin of plugins) {
      for (const game of plugin.players ?? []) {
        const owner = owners.get(game.id);
        if (owner !== undefined) {
          throw new UserError(`The plugins "${owner}" and "${plugin.name}" both play game ${game.id}.`, 2);
        }
        owners.set(game.id, plugin.name);
        games.push(game);
      }
    }
    this.#games = games;
  }

  /** Every playable game. */
  all(): readonly CliGame[] {
    return this.#games;
  }

  /** The game playing this platform game id, if a plugin provides one. */
  byId(id: number): CliGame | undefined {
    return this.#games.find((game) => game.id === id);
  }

  /** The game called `name` (ignoring case); a UserError listing the known games when none is. */
  byName(name: string): CliGame {
    const wanted = name.toLowerCase();
    const game = this.#games.find((candidate) => candidate.name.toLowerCase() === wanted);
    if (game !== undefined) return game;
    const known = this.#games.map((candidate) => `"${candidate.name.toLowerCase()}"`);
    const hint =
      known.length === 0
        ? 'no plugin providing a game is loaded (see PAPERCLIP_PLUGINS or "paperclip.plugins" in package.json).'
        : `the games known here are ${known.join(', ')}.`;
    throw new UserError(`"${name}" is not a game this command can play: ${hint}`, 2);
  }
}
