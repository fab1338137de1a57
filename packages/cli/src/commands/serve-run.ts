// What `paperclip serve` does: the platform hosting its built-in games plus every loaded plugin's games.
import {
  ConfigError,
  createDefaultRegistry,
  type GameRegistry,
  loadConfig,
  type PlatformConfigOverrides,
  startPlatform,
} from '@paperclip/platform';
import { UserError } from '../cli-errors.ts';
import { loadPlugins } from '../plugins/load-plugins.ts';
import type { PaperclipPlugin } from '../plugins/paperclip-plugin.ts';

/** The flags of `serve`. */
export interface ServeFlags {
  host?: string;
  port?: number;
  database?: string;
}

/** Starts the platform; it stops itself on SIGINT/SIGTERM and the process ends once its sockets are closed. */
export async function runServe(flags: ServeFlags): Promise<void> {
  const overrides: PlatformConfigOverrides = {};
  if (flags.host !== undefined) overrides.host = flags.host;
  if (flags.port !== undefined) overrides.httpPort = flags.port;
  if (flags.database !== undefined) overrides.databaseUrl = flags.database;
  try {
    // The configuration first: a bad one is reported before the plugins (and the platform) are loaded.
    const config = loadConfig(process.env, overrides);
    const registry = registryWith(await loadPlugins());
    await startPlatform(config, { registry });
  } catch (error) {
    if (error instanceof UserError) throw error;
    if (error instanceof ConfigError) throw new UserError(error.message, 2);
    throw new UserError(error instanceof Error ? error.message : String(error));
  }
}

/** The built-in games plus the plugins'; a clash of ids or names is the plugins' fault, told in one sentence. */
function registryWith(plugins: readonly PaperclipPlugin[]): GameRegistry {
  const registry = createDefaultRegistry();
  for (const plugin of plugins) {
    for (const game of plugin.games ?? []) {
      try {
        registry.register(game);
      } catch (error) {
        throw new UserError(
          `The plugin "${plugin.name}" cannot add ${game.name}: ${(error as Error).message}`,
          2,
        );
      }
    }
  }
  return registry;
}
