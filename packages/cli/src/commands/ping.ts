// `paperclip ping HOST:PORT | ws://…`: the unauthenticated status query (name, version, players, games) and its RTT.
import { pingUdp, pingWebSocket } from '@paperclip/net';
import { type Command, InvalidArgumentError } from 'commander';
import { action, parseSeconds, UserError } from '../cli-errors.ts';

interface PingFlags {
  timeout?: number;
  size?: number;
  json?: boolean;
}

function parseQuerySize(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 64 || value > 960) {
    throw new InvalidArgumentError('The query size is a whole number of bytes from 64 to 960.');
  }
  return value;
}

/** Registers `ping` on the program. */
export function registerPing(program: Command): void {
  program
    .command('ping')
    .description(
      'ask a Paperclip server for its status and measure the round trip (UDP, or ws:// for WebSocket)',
    )
    .argument('<target>', 'HOST:PORT for UDP, or a ws:// / wss:// URL')
    .option('--timeout <seconds>', 'give up after this long (default 5)', parseSeconds)
    .option('--size <bytes>', 'query size; the answer is never larger (default 512)', parseQuerySize)
    .option('--json', 'print the result as JSON')
    .action(
      action(async (target: string, flags: PingFlags) => {
        const options = {
          timeoutMs: (flags.timeout ?? 5) * 1000,
          ...(flags.size ? { querySize: flags.size } : {}),
        };
        const isWebSocket = /^wss?:\/\//i.test(target);
        if (!isWebSocket && !/^(\[[^\]]+\]|[^:]+):\d+$/.test(target)) {
          throw new UserError(`"${target}" is neither HOST:PORT nor a ws:// URL.`, 2);
        }
        let result: Awaited<ReturnType<typeof pingUdp>>;
        try {
          result = isWebSocket ? await pingWebSocket(target, options) : await pingUdp(target, options);
        } catch (error) {
          throw new UserError(error instanceof Error ? error.message : String(error));
        }
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(result)}\n`);
          return;
        }
        const { name, version, players, games, ...extra } = result.status;
        const more = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
        const cut = result.truncated ? ' (status truncated to fit the query)' : '';
        process.stdout.write(
          `${name} ${version}: ${players} players, ${games} games, RTT ${result.rttMs.toFixed(2)} ms${more}${cut}\n`,
        );
      }),
    );
}
