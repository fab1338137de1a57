// `paperclip echo-client`: handshake with a server, send N messages, check their echoes, print one JSON line.
import { parseFlags } from '@paperclip/net';
import { type Command, InvalidArgumentError } from 'commander';
import { action, parsePositiveInteger, parseSeconds, UserError } from '../cli-errors.ts';
import { echoSucceeded, runEchoClient } from '../echo/echo-client-runner.ts';
import { readSeedEnvironment } from '../env-config.ts';
import {
  addCertificateOptions,
  type CertificateFlags,
  chooseValidator,
  loadOurCertificate,
} from '../options/certificate-options.ts';

interface EchoClientFlags extends CertificateFlags {
  server?: string;
  count: number;
  flags: number;
  size: number;
  timeout: number;
  handshakeTimeout: number;
  window: number;
  bind?: string;
  accountId?: string;
  username?: string;
}

/** Registers `echo-client` on the program. */
export function registerEchoClient(program: Command): void {
  const command = program
    .command('echo-client')
    .description(
      'send N messages to an echo server and print {"handshake","sent","echoed",…} as one JSON line',
    )
    .option('-s, --server <host:port>', 'the server (env S_HOST/S_PORT; default 127.0.0.1:40100)')
    .option('-n, --count <n>', 'messages to send', parsePositiveInteger, 20)
    .option(
      '-f, --flags <list>',
      'comma list of RELIABLE,CHECKSUM,COMPRESSED,ENCRYPTED,FRAG',
      parseFlagList,
      0,
    )
    .option('--size <bytes>', 'payload bytes per message (at least 9)', parseSize, 32)
    .option('-t, --timeout <seconds>', 'longest wait for the echoes after the handshake', parseSeconds, 15)
    .option('--handshake-timeout <seconds>', 'longest wait for the handshake', parseSeconds, 10)
    .option('--window <n>', 'most messages in flight (sent, not yet echoed)', parsePositiveInteger, 512)
    .option('--bind <host:port>', 'local address to bind (default: an ephemeral port)')
    .option('--account-id <id>', 'USER_ID of the generated certificate', '42')
    .option('--username <name>', 'PSEUDONYM of the generated certificate');
  addCertificateOptions(command, 'http://<server host>:5000').action(
    action(async (flags: EchoClientFlags) => {
      const env = readSeedEnvironment();
      const server = flags.server ?? `${env.host ?? '127.0.0.1'}:${env.port ?? 40100}`;
      const validator = chooseValidator(flags);
      const report = await runEchoClient({
        server,
        count: flags.count,
        flags: flags.flags,
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
    }),
  );
}

function parseFlagList(text: string): number {
  try {
    return parseFlags(text);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function parseSize(text: string): number {
  const size = Number(text);
  if (!/^\d+$/.test(text) || size < 9 || size > 251_940) {
    throw new InvalidArgumentError('The size is a whole number of bytes from 9 (index + "|") to 251940.');
  }
  return size;
}
