// `paperclip serve` (what `npm start` runs): the platform — HTTP API on :5000 plus lobby game servers, RPS included.
import { ConfigError, loadConfig, type PlatformConfigOverrides } from '@paperclip/platform';
import { startPlatformWithRps } from '@paperclip/rps';
import type { Command } from 'commander';
import { action, parsePort, UserError } from '../cli-errors.ts';

interface ServeFlags {
  host?: string;
  port?: number;
  database?: string;
}

/** Registers `serve` on the program. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'start the platform: HTTP API (default 127.0.0.1:5000) and lobby game servers; data in ./data/paperclip.db',
    )
    .option('--host <host>', 'address to bind (env S_HOST; default 127.0.0.1)')
    .option('-p, --port <port>', 'HTTP port (env TCP_PORT; default 5000)', parsePort)
    .option(
      '--database <url>',
      'SQLite file or postgres:// URL (env DATABASE_URL; default ./data/paperclip.db)',
    )
    .action(action(async (flags: ServeFlags) => startFromFlags(flags)));
}

async function startFromFlags(flags: ServeFlags): Promise<void> {
  const overrides: PlatformConfigOverrides = {};
  if (flags.host !== undefined) overrides.host = flags.host;
  if (flags.port !== undefined) overrides.httpPort = flags.port;
  if (flags.database !== undefined) overrides.databaseUrl = flags.database;
  try {
    // The platform stops itself on SIGINT/SIGTERM; the process ends once its sockets are closed.
    await startPlatformWithRps(loadConfig(process.env, overrides));
  } catch (error) {
    if (error instanceof ConfigError) throw new UserError(error.message, 2);
    throw new UserError(error instanceof Error ? error.message : String(error));
  }
}
