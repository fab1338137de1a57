// The games every platform hosts: Echo. RPS (id 1, as the seed) is not here: its plugin adds it (`paperclip serve` loads it).
import { echoGame } from './echo-game.ts';
import { GameRegistry } from './game-plugin.ts';

/** A registry with the built-in games. */
export function createDefaultRegistry(): GameRegistry {
  return new GameRegistry().register(echoGame);
}
