// `paperclip ping HOST:PORT | ws://…`: its flags; the status query itself is in ping-run.ts, imported only when it runs.
import { MAX_PING_QUERY_BYTES, MIN_PING_QUERY_BYTES } from '@paperclip/messages';
import { type Command, InvalidArgumentError } from 'commander';
import { action, parseSeconds } from '../cli-errors.ts';
import type { PingFlags } from './ping-run.ts';

function parseQuerySize(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < MIN_PING_QUERY_BYTES || value > MAX_PING_QUERY_BYTES) {
    throw new InvalidArgumentError(
      `The query size is a whole number of bytes from ${MIN_PING_QUERY_BYTES} to ${MAX_PING_QUERY_BYTES}.`,
    );
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
      action(async (target: string, flags: PingFlags) =>
        (await import('./ping-run.ts')).runPing(target, flags),
      ),
    );
}
