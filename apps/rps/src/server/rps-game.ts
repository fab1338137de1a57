// RPS as a platform game plugin: id 1, "RPS", 2–2 players (the seed's game_config.yaml).
import type { GamePlugin } from '@paperclip/platform';
import { RPS_GAME } from '../rules.ts';
import { createRpsLobbyServer, type RpsServerHooks } from './rps-lobby-server.ts';

/**
 * The RPS game plugin. Register it with the platform's GameRegistry (the composition root, `paperclip serve`,
 * does). `hooks.recordScores` stores final scores; without it games are played but not recorded.
 */
export function createRpsGame(hooks: RpsServerHooks = {}): GamePlugin {
  return {
    id: RPS_GAME.id,
    name: RPS_GAME.name,
    minPlayers: RPS_GAME.minPlayers,
    maxPlayers: RPS_GAME.maxPlayers,
    createServer: (options) => createRpsLobbyServer(options, hooks),
  };
}
