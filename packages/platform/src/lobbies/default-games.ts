// The games hosted by default. The RPS issue adds RPS (id 1, as the seed) here.
import { GameRegistry } from './game-plugin.ts';

/** A registry with the built-in games. */
export function createDefaultRegistry(): GameRegistry {
  const registry = new GameRegistry();
  return registry;
}
