// RPS wired to a platform's Scores table: the composition root builds the plugin, then binds the running platform.
import type { GamePlugin, PlatformServices } from '@paperclip/platform';
import { createRpsGame } from './rps-game.ts';
import type { FinalScore } from './rps-lobby-server.ts';

/** The RPS plugin plus the hook that connects it to the platform it is registered with. */
export interface PlatformRpsGame {
  game: GamePlugin;
  /** Call once the platform is built (lobbies start only after that); final scores then go to its Scores table. */
  bind(services: Pick<PlatformServices, 'games'>): void;
}

/**
 * The RPS plugin for `paperclip serve` and tests: register `game` in the registry given to startPlatform, then
 * `bind(platform.app.platform)`. (The platform must not import apps, so RPS is wired here, not inside it.)
 */
export function createPlatformRpsGame(onError?: (error: unknown) => void): PlatformRpsGame {
  let services: Pick<PlatformServices, 'games'> | undefined;
  const game = createRpsGame({
    async recordScores(gameId: number, scores: FinalScore[]) {
      if (services === undefined)
        throw new Error('RPS scores cannot be stored: the platform is not bound yet.');
      for (const entry of scores) await services.games.recordScore({ ...entry, gameId });
    },
    ...(onError === undefined ? {} : { onError }),
  });
  return {
    game,
    bind(bound) {
      services = bound;
    },
  };
}
