// `paperclip serve` (what `npm start` runs): its flags; the platform starts in serve-run.ts, imported only when it runs.
import type { Command } from 'commander';
import { action, parsePort } from '../cli-errors.ts';
import type { ServeFlags } from './serve-run.ts';

/** Registers `serve` on the program. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      "start the platform: HTTP API (default 127.0.0.1:5000) and lobby game servers for the built-in and plugins' games",
    )
    .option('--host <host>', 'address to bind (env S_HOST; default 127.0.0.1)')
    .option('-p, --port <port>', 'HTTP port (env TCP_PORT; default 5000)', parsePort)
    .option(
      '--database <url>',
      'SQLite file or postgres:// URL (env DATABASE_URL; default ./data/paperclip.db)',
    )
    .option(
      '--lobby-ports <first-last>',
      'UDP ports for lobby game servers, e.g. 40000-40999 (env LOBBY_PORTS; default any free port)',
    )
    .action(action(async (flags: ServeFlags) => (await import('./serve-run.ts')).runServe(flags)));
}
