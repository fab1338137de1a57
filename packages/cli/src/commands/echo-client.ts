// `paperclip echo-client`: its flags; the client itself is in echo-client-run.ts, imported only when it runs.
import { type Command, InvalidArgumentError } from 'commander';
import { action, parsePositiveInteger, parseSeconds } from '../cli-errors.ts';
import { addCertificateOptions } from '../options/certificate-flags.ts';
import type { EchoClientFlags } from './echo-client-run.ts';

/** Registers `echo-client` on the program. */
export function registerEchoClient(program: Command): void {
  const command = program
    .command('echo-client')
    .description(
      'send N messages to an echo server and print {"handshake","sent","echoed",…} as one JSON line',
    )
    .option('-s, --server <host:port>', 'the server (env S_HOST/S_PORT; default 127.0.0.1:40100)')
    .option('-n, --count <n>', 'messages to send', parsePositiveInteger, 20)
    .option('-f, --flags <list>', 'comma list of RELIABLE,CHECKSUM,COMPRESSED,ENCRYPTED,FRAG')
    .option('--size <bytes>', 'payload bytes per message (at least 9)', parseSize, 32)
    .option('-t, --timeout <seconds>', 'longest wait for the echoes after the handshake', parseSeconds, 15)
    .option('--handshake-timeout <seconds>', 'longest wait for the handshake', parseSeconds, 10)
    .option('--window <n>', 'most messages in flight (sent, not yet echoed)', parsePositiveInteger, 512)
    .option('--bind <host:port>', 'local address to bind (default: an ephemeral port)')
    .option('--account-id <id>', 'USER_ID of the generated certificate', '42')
    .option('--username <name>', 'PSEUDONYM of the generated certificate');
  addCertificateOptions(command, 'http://<server host>:5000').action(
    action(async (flags: EchoClientFlags) =>
      (await import('./echo-client-run.ts')).runEchoClientCommand(flags),
    ),
  );
}

function parseSize(text: string): number {
  const size = Number(text);
  if (!/^\d+$/.test(text) || size < 9 || size > 251_940) {
    throw new InvalidArgumentError('expected a whole number of bytes from 9 (index + "|") to 251940.');
  }
  return size;
}
