// RPS as a platform game plugin: id 1, "RPS", 2–2 players (the seed's game_config.yaml).
import type { GamePlugin } from '@paperclip/platform';
import { RPS_GAME } from '../rules.ts';
import { createRpsLobbyServer, type RpsServerLimits } from './rps-lobby-server.ts';

/**
 * The RPS game plugin. Register it with the platform's GameRegistry (`paperclip serve` does, through the RPS
 * CLI plugin). Final scores go to the ScoreRecorder the platform hands each lobby's server.
 */
export function createRpsGame(limits: RpsServerLimits = {}): GamePlugin {
  return {
    id: RPS_GAME.id,
    name: RPS_GAME.name,
    minPlayers: RPS_GAME.minPlayers,
    maxPlayers: RPS_GAME.maxPlayers,
    createServer: (options) => createRpsLobbyServer(options, limits),
  };
}
