// `paperclip ping HOST:PORT | ws://…`: its flags; the status query itself is in ping-run.ts, imported only when it runs.
import { type Command, InvalidArgumentError } from 'commander';
import { action, parseSeconds } from '../cli-errors.ts';
import type { PingFlags } from './ping-run.ts';

/**
 * The query sizes servers accept: @paperclip/messages' MIN/MAX_PING_QUERY_BYTES, written out here so `--help`
 * loads commander only (cli-ping.test.ts checks that they still match).
 */
export const QUERY_SIZE_BYTES = { min: 64, max: 960 } as const;

function parseQuerySize(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < QUERY_SIZE_BYTES.min || value > QUERY_SIZE_BYTES.max) {
    throw new InvalidArgumentError(
      `The query size is a whole number of bytes from ${QUERY_SIZE_BYTES.min} to ${QUERY_SIZE_BYTES.max}.`,
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
