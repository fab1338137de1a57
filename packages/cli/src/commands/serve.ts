// `paperclip serve` (what `npm start` runs): until the platform lands, the echo server on 127.0.0.1:40100.
import type { Command } from 'commander';
import { action, parsePort } from '../cli-errors.ts';
import { startEchoServerFromFlags } from './echo-server.ts';

/** Registers `serve` on the program. The platform engineer replaces this file's body with the platform. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the main job: for now the UDP echo server on 127.0.0.1:40100')
    .option('-p, --port <port>', 'UDP port (env S_PORT; default 40100)', parsePort)
    .option('--host <host>', 'address to bind (env S_HOST; default 127.0.0.1)')
    .option(
      '--cert-validate <url>',
      'check client certificates at <url> (default: accept any, no platform yet)',
    )
    .action(
      action(async (flags: { port?: number; host?: string; certValidate?: string }) => {
        // There is no platform to ask yet, so serve accepts any well-formed certificate unless told where to check.
        await startEchoServerFromFlags(
          { ...flags, acceptAnyCert: flags.certValidate === undefined, verbose: true },
          40100,
        );
      }),
    );
}
