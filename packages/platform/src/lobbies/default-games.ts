// The games hosted by default. The RPS issue registers RPS (id 1, as the seed) here too.
import { echoGame } from './echo-game.ts';
import { GameRegistry } from './game-plugin.ts';

/** A registry with the built-in games. */
export function createDefaultRegistry(): GameRegistry {
  return new GameRegistry().register(echoGame);
}
