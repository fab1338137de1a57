// What `paperclip play <game>` does: find the game's plugin, log in, matchmake or join, hand the moves to the game.
import { type LobbyInfo, PlatformClient, PlatformRequestError } from '@paperclip/platform/client';
import pc from 'picocolors';
import { UserError } from '../cli-errors.ts';
import { platformUrl } from '../interactive/server-address.ts';
import { asUserError } from '../interactive/user-errors.ts';
import { CliGames } from '../plugins/cli-games.ts';
import { loadPlugins } from '../plugins/load-plugins.ts';

/** The flags of `play`. */
export interface PlayFlags {
  user: string;
  password: string;
  register?: boolean;
  matchmake?: boolean;
  lobby?: number;
  moves: string;
  json?: boolean;
  server?: string;
  host?: string;
  port?: number;
  timeout?: number;
}

/** Plays the moves; exits 0 once the game is over (all moves played, or the opponent left). */
export async function runPlay(gameName: string, flags: PlayFlags): Promise<void> {
  const games = new CliGames(await loadPlugins());
  const game = games.byName(gameName);
  let moves: unknown[];
  try {
    moves = game.parseMoves(flags.moves);
  } catch (error) {
    throw new UserError(error instanceof Error ? error.message : String(error), 2);
  }
  const baseUrl = platformUrl(flags);
  const say = (json: Record<string, unknown>, text: string) =>
    process.stdout.write(`${flags.json === true ? JSON.stringify(json) : text}\n`);
  try {
    const client = new PlatformClient(baseUrl);
    if (flags.register === true) {
      try {
        await client.register(flags.user, flags.password);
      } catch (error) {
        // Registering an account that exists with this password is harmless for scripts: log in instead.
        if (!(error instanceof PlatformRequestError && error.code === 'PC_HTTP_USERNAME_TAKEN')) throw error;
      }
    }
    const session = await client.login(flags.user, flags.password);
    const lobby: LobbyInfo =
      flags.lobby === undefined ? await session.matchmake(game.id) : await session.lobby(flags.lobby);
    if (lobby.gameId !== game.id) {
      throw new UserError(
        `Lobby ${lobby.lobbyId} hosts another game (id ${lobby.gameId}), not ${game.name}.`,
      );
    }
    await game.playScripted({
      session,
      lobby,
      moves,
      roundTimeoutMs: (flags.timeout ?? 120) * 1000,
      say,
      paint: pc,
    });
  } catch (error) {
    throw asUserError(error, games);
  }
}
