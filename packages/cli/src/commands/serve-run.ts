// What `paperclip serve` does: the platform hosting its built-in games plus every loaded plugin's games.
import {
  ConfigError,
  createDefaultRegistry,
  type GameRegistry,
  loadConfig,
  type PlatformConfigOverrides,
  parsePortRange,
  startPlatform,
} from '@paperclip/platform';
import pc from 'picocolors';
import { UserError } from '../cli-errors.ts';
import { loadPlugins } from '../plugins/load-plugins.ts';
import type { PaperclipPlugin } from '../plugins/paperclip-plugin.ts';
import { cliInstall } from './play-command.ts';
import { renderServeBanner } from './serve-banner.ts';
import { portSource, serveFailure } from './serve-failures.ts';
import { createServeLogger, logFormatFrom } from './serve-logger.ts';

/** The flags of `serve`. */
export interface ServeFlags {
  host?: string;
  port?: number;
  database?: string;
  /** `--lobby-ports 40000-40999` (overrides LOBBY_PORTS). */
  lobbyPorts?: string;
}

/**
 * Starts the platform, then prints the banner (stderr); it stops itself on SIGINT/SIGTERM and the process ends
 * once its sockets are closed.
 */
export async function runServe(flags: ServeFlags): Promise<void> {
  const env = process.env;
  try {
    // The configuration first: a bad one is reported before the plugins (and the platform) are loaded.
    const config = loadConfig(env, overridesFrom(flags));
    const format = logFormatFrom(env, process.stdout.isTTY === true);
    const logger = createServeLogger(config.logLevel, format, colorsWanted(process.stdout, env));
    const registry = registryWith(await loadPlugins());
    const platform = await startPlatform(config, { registry, logger });
    const colors = pc.createColors(colorsWanted(process.stderr, env));
    process.stderr.write(
      renderServeBanner({ url: platform.url, install: cliInstall(), cwd: process.cwd(), colors }),
    );
  } catch (error) {
    throw serveFailure(error, portSource(flags.port, env));
  }
}

function overridesFrom(flags: ServeFlags): PlatformConfigOverrides {
  const overrides: PlatformConfigOverrides = {};
  if (flags.host !== undefined) overrides.host = flags.host;
  if (flags.port !== undefined) overrides.httpPort = flags.port;
  if (flags.database !== undefined) overrides.databaseUrl = flags.database;
  if (flags.lobbyPorts !== undefined) {
    try {
      overrides.lobbyPorts = parsePortRange(flags.lobbyPorts, '--lobby-ports');
    } catch (error) {
      if (error instanceof ConfigError) throw new UserError(error.message, 2, 'paperclip serve');
      throw error;
    }
  }
  return overrides;
}

/** Colour on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it (the usual conventions). */
function colorsWanted(
  stream: { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if ((env['NO_COLOR'] ?? '') !== '') return false;
  if ((env['FORCE_COLOR'] ?? '') !== '' && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true;
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
