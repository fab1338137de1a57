// What `paperclip echo-client` does: handshake, N messages, check their echoes, print one JSON line.
import { parseFlags } from '@paperclip/net';
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

/** Runs the echo client; a failed handshake exits 2, missing or damaged echoes exit 1. */
export async function runEchoClientCommand(flags: EchoClientFlags): Promise<void> {
  const messageFlags = parseFlagList(flags.flags);
  const env = readSeedEnvironment();
  const server = flags.server ?? `${env.host ?? '127.0.0.1'}:${env.port ?? 40100}`;
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
    throw new UserError(`Could not connect to ${server}: ${report.error ?? 'no handshake'}`, 2);
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
    throw new UserError((error as Error).message);
  }
}
