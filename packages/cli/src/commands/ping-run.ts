// What `paperclip ping` does: the unauthenticated status query (name, version, players, games) and its RTT.
import { pingUdp, pingWebSocket } from '@paperclip/net';
import { UserError } from '../cli-errors.ts';

/** The flags of `ping`. */
export interface PingFlags {
  timeout?: number;
  size?: number;
  json?: boolean;
}

/** Pings `target` (HOST:PORT for UDP, or a ws:// URL) and prints one line, or JSON with --json. */
export async function runPing(target: string, flags: PingFlags): Promise<void> {
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
}
