// What `paperclip ping` does: the unauthenticated status query (name, version, players, games) and its RTT.
import type { PingResult } from '@paperclip/messages';
import { parseAddress, pingUdp, pingWebSocket } from '@paperclip/net';
import { UserError } from '../cli-errors.ts';

/** The flags of `ping`. */
export interface PingFlags {
  timeout?: number;
  size?: number;
  json?: boolean;
}

/** How the target is pinged; a target that is neither is a usage error (exit 2). */
function parseTarget(target: string): { carrier: 'udp' | 'websocket'; target: string } {
  if (/^wss?:\/\//i.test(target)) {
    if (URL.canParse(target)) return { carrier: 'websocket', target };
    throw new UserError(`"${target}" is not a valid ws:// URL.`, 2);
  }
  try {
    parseAddress(target);
    return { carrier: 'udp', target };
  } catch {
    throw new UserError(`"${target}" is neither HOST:PORT nor a ws:// URL.`, 2);
  }
}

/**
 * Pings `target` (HOST:PORT for UDP, or a ws:// URL) and prints one line, or JSON with --json. A failed ping
 * is a runtime failure (exit 1) whose message is the net layer's sentence (refused, timed out, not Paperclip).
 */
export async function runPing(target: string, flags: PingFlags): Promise<void> {
  const options = {
    timeoutMs: (flags.timeout ?? 5) * 1000,
    ...(flags.size ? { querySize: flags.size } : {}),
  };
  const parsed = parseTarget(target);
  let result: PingResult;
  try {
    result =
      parsed.carrier === 'websocket'
        ? await pingWebSocket(parsed.target, options)
        : await pingUdp(parsed.target, options);
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
