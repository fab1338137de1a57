// RPS wired to a platform's Scores table: the composition root builds the plugin, then binds the running platform.
import type { GamePlugin, PlatformServices } from '@paperclip/platform';
import { createRpsGame } from './rps-game.ts';
import type { FinalScore } from './rps-lobby-server.ts';

/** The RPS plugin plus the hook that connects it to the platform it is registered with. */
export interface PlatformRpsGame {
  game: GamePlugin;
  /**
   * Call once the platform is built (lobbies start only after that); final scores then go to its Scores table,
   * and failures (a score write, a misbehaving peer) to `log`.
   */
  bind(services: Pick<PlatformServices, 'games'>, log?: (error: unknown) => void): void;
}

/**
 * The RPS plugin for `paperclip serve` and tests: register `game` in the registry given to startPlatform, then
 * `bind(platform.app.platform)`. (The platform must not import apps, so RPS is wired here, not inside it.)
 */
export function createPlatformRpsGame(): PlatformRpsGame {
  let services: Pick<PlatformServices, 'games'> | undefined;
  let log: ((error: unknown) => void) | undefined;
  const game = createRpsGame({
    async recordScores(gameId: number, scores: FinalScore[]) {
      if (services === undefined)
        throw new Error('RPS scores cannot be stored: the platform is not bound yet.');
      for (const entry of scores) await services.games.recordScore({ ...entry, gameId });
    },
    onError: (error) => log?.(error),
  });
  return {
    game,
    bind(bound, errorLog) {
      services = bound;
      log = errorLog;
    },
  };
}
