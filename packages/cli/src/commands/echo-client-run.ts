// What `paperclip echo-client` does: handshake, N messages, check their echoes, print one JSON line.
import { AddressFormatError, parseAddress, parseFlags } from '@paperclip/net';
import { UserError } from '../cli-errors.ts';
import { echoSucceeded, runEchoClient } from '../echo/echo-client-runner.ts';
import { readSeedEnvironment } from '../env-config.ts';
import type { CertificateFlags } from '../options/certificate-flags.ts';
import { chooseValidator, loadOurCertificate } from '../options/certificate-options.ts';

/** The flags of `echo-client`. */
export interface EchoClientFlags extends CertificateFlags {
  server?: string;
  count: number;
  /** The --flags list as typed; checked by the run (the flag names live in @paperclip/net). */
  flags?: string;
  size: number;
  timeout: number;
  handshakeTimeout: number;
  window: number;
  bind?: string;
  accountId?: string;
  username?: string;
}

/** Runs the echo client; a failed handshake or missing or damaged echoes exit 1 (runtime failures). */
export async function runEchoClientCommand(flags: EchoClientFlags): Promise<void> {
  const messageFlags = parseFlagList(flags.flags);
  checkAddress('--server', flags.server);
  checkAddress('--bind', flags.bind);
  const env = readSeedEnvironment();
  const server = flags.server ?? `${env.host ?? '127.0.0.1'}:${env.port ?? 40100}`;
  // Failures name where the address came from, so the user knows what to change.
  const source = flags.server !== undefined ? 'given by --server' : serverFromEnv(env);
  const validator = chooseValidator(flags);
  const report = await runEchoClient({
    server,
    count: flags.count,
    flags: messageFlags,
    size: flags.size,
    certificate: await loadOurCertificate(flags, {
      accountId: flags.accountId === '' ? null : (flags.accountId ?? null),
      username: flags.username ?? null,
    }),
    ...(validator === undefined ? {} : { validator }),
    ...(flags.bind === undefined ? {} : { bind: flags.bind }),
    echoTimeoutMs: flags.timeout * 1000,
    handshakeTimeoutMs: flags.handshakeTimeout * 1000,
    window: flags.window,
  });
  console.log(JSON.stringify(report));
  if (!report.handshake) {
    const why = report.error ?? `no handshake with ${server}.`;
    throw new UserError(`Could not connect to the echo server ${source}: ${why}`);
  }
  if (!echoSucceeded(report, flags.count)) {
    throw new UserError(
      `Only ${report.echoed} of ${flags.count} messages came back intact${report.error ? ` (${report.error})` : ''}.`,
    );
  }
}

function parseFlagList(text: string | undefined): number {
  try {
    return parseFlags(text);
  } catch (error) {
    throw new UserError(`Invalid value for --flags: ${(error as Error).message}`, 2);
  }
}

/** A malformed --server or --bind is a usage error (exit 2), caught before any socket is opened. */
function checkAddress(flag: string, text: string | undefined): void {
  if (text === undefined) return;
  try {
    parseAddress(text);
  } catch (error) {
    if (error instanceof AddressFormatError)
      throw new UserError(`Invalid value for ${flag}: ${error.message}`, 2);
    throw error;
  }
}

/** Where the server address came from when --server is absent: S_HOST/S_PORT, or the default. */
function serverFromEnv(env: { host?: string; port?: number }): string {
  const variables = [
    env.host === undefined ? [] : ['S_HOST'],
    env.port === undefined ? [] : ['S_PORT'],
  ].flat();
  return variables.length === 0
    ? 'at the default address (pass --server HOST:PORT)'
    : `given by ${variables.join(' and ')}`;
}
