// What `paperclip echo-server` does: flags over env over defaults, print the listening line, echo until stopped.
import { AddressInUseError, defaultValidationBaseUrl, formatAddress } from '@paperclip/net';
import { UserError } from '../cli-errors.ts';
import { runEchoServer } from '../echo/echo-server-runner.ts';
import { readSeedEnvironment, type SeedEnvironment } from '../env-config.ts';
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
  const port = flags.port ?? env.port ?? DEFAULT_PORT;
  let report: Awaited<ReturnType<typeof runEchoServer>>;
  try {
    report = await runEchoServer(
      {
        host,
        port,
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
  } catch (error) {
    throw error instanceof AddressInUseError ? portInUse(host, port, flags, env) : error;
  }
  console.log(JSON.stringify(report));
}

/** The port is taken: say how to choose another in the terms the user used (the flag, S_PORT, or neither). */
function portInUse(host: string, port: number, flags: EchoServerFlags, env: SeedEnvironment): UserError {
  const hint =
    flags.port !== undefined
      ? 'pass another --port'
      : env.port !== undefined
        ? 'set another S_PORT'
        : 'choose another port with --port or S_PORT';
  return new UserError(`UDP port ${port} on ${host} is already in use: stop the other program, or ${hint}.`);
}
