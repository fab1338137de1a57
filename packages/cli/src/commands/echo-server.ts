// `paperclip echo-server`: its flags; the server itself is in echo-server-run.ts, imported only when it runs.
import type { Command } from 'commander';
import { action, parsePort, parsePositiveInteger, parseSeconds } from '../cli-errors.ts';
import { addCertificateOptions } from '../options/certificate-flags.ts';
import type { EchoServerFlags } from './echo-server-run.ts';

/** Registers `echo-server` on the program. */
export function registerEchoServer(program: Command): void {
  const command = program
    .command('echo-server')
    .description('run a UDP echo server: every message goes back with the flags it arrived with')
    .option('-p, --port <port>', 'UDP port (env S_PORT; default 40100; 0 = any free port)', parsePort)
    .option('--host <host>', 'address to bind (env S_HOST; default 127.0.0.1)')
    .option('--max-clients <n>', 'most clients at once (env MAX_CLIENTS)', parsePositiveInteger)
    .option(
      '--heartbeat-min <seconds>',
      'ping clients idle this long (env HEARTBEAT_MIN_TIME; default 30)',
      parseSeconds,
    )
    .option(
      '--heartbeat-max <seconds>',
      'drop clients idle this long (env HEARTBEAT_MAX_TIME; default 120)',
      parseSeconds,
    )
    .option('--duration <seconds>', 'stop by itself after this long', parseSeconds)
    .option('-v, --verbose', 'print joins and leaves on stderr');
  addCertificateOptions(command, 'http://<host>:5000').action(
    action(async (flags: EchoServerFlags) =>
      (await import('./echo-server-run.ts')).runEchoServerCommand(flags),
    ),
  );
}
