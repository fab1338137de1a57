// What `paperclip echo-server` does: flags over env over defaults, print the listening line, echo until stopped.
import { defaultValidationBaseUrl, formatAddress } from '@paperclip/net';
import { runEchoServer } from '../echo/echo-server-runner.ts';
import { readSeedEnvironment } from '../env-config.ts';
import type { CertificateFlags } from '../options/certificate-flags.ts';
import { chooseValidator, loadOurCertificate } from '../options/certificate-options.ts';

/** The flags of `echo-server`. */
export interface EchoServerFlags extends CertificateFlags {
  port?: number;
  host?: string;
  maxClients?: number;
  heartbeatMin?: number;
  heartbeatMax?: number;
  duration?: number;
  verbose?: boolean;
}

/** Default UDP port of the echo server (the seed's S_PORT). */
const DEFAULT_PORT = 40100;

/** Runs the echo server until SIGINT/SIGTERM or --duration, then prints its report as one JSON line. */
export async function runEchoServerCommand(flags: EchoServerFlags): Promise<void> {
  const env = readSeedEnvironment();
  const validator = chooseValidator(flags);
  const host = flags.host ?? env.host ?? '127.0.0.1';
  const report = await runEchoServer(
    {
      host,
      port: flags.port ?? env.port ?? DEFAULT_PORT,
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
