// `paperclip echo-server`: a Paperclip v0 UDP server that echoes every message (the interop/bench peer).
import { defaultValidationBaseUrl, formatAddress } from '@paperclip/net';
import type { Command } from 'commander';
import { action, parsePort, parsePositiveInteger, parseSeconds } from '../cli-errors.ts';
import { runEchoServer } from '../echo/echo-server-runner.ts';
import { readSeedEnvironment } from '../env-config.ts';
import {
  addCertificateOptions,
  type CertificateFlags,
  chooseValidator,
  loadOurCertificate,
} from '../options/certificate-options.ts';

interface EchoServerFlags extends CertificateFlags {
  port?: number;
  host?: string;
  maxClients?: number;
  heartbeatMin?: number;
  heartbeatMax?: number;
  duration?: number;
  verbose?: boolean;
}

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
    action(async (flags: EchoServerFlags) => {
      await startEchoServerFromFlags(flags, 40100);
    }),
  );
}

/** Shared by `echo-server` and `serve`: flags over env over defaults, then run until stopped. */
export async function startEchoServerFromFlags(flags: EchoServerFlags, defaultPort: number): Promise<void> {
  const env = readSeedEnvironment();
  const validator = chooseValidator(flags);
  const host = flags.host ?? env.host ?? '127.0.0.1';
  const report = await runEchoServer(
    {
      host,
      port: flags.port ?? env.port ?? defaultPort,
      certificate: await loadOurCertificate(flags),
      ...(validator === undefined ? {} : { validator }),
      maxClients: flags.maxClients ?? env.maxClients,
      heartbeatMinMs: flags.heartbeatMin === undefined ? env.heartbeatMinMs : flags.heartbeatMin * 1000,
      heartbeatMaxMs: flags.heartbeatMax === undefined ? env.heartbeatMaxMs : flags.heartbeatMax * 1000,
      durationMs: flags.duration === undefined ? undefined : flags.duration * 1000,
      verbose: flags.verbose === true,
    },
    (address) => {
      const validation = flags.acceptAnyCert
        ? 'any certificate accepted'
        : `certificates checked at ${flags.certValidate ?? defaultValidationBaseUrl(host)}`;
      console.log(
        `paperclip echo server listening on udp ${formatAddress(address.host, address.port)} (${validation})`,
      );
    },
  );
  console.log(JSON.stringify(report));
}
