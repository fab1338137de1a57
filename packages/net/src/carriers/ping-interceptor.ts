// Answers the status ping before the v0 core sees it: the `interceptDatagram` every Paperclip UDP server shares.
import { answerPingQuery, isPingQuery, type ServerStatus, sourceKey } from '@paperclip/messages';
import { SourceRateLimiter } from '@paperclip/protocol';
import type { DatagramInterceptor } from '../udp/endpoint-driver.ts';

/** Per-source limits on ping answers (answers are unauthenticated, so a spoofed source must not get many). */
export interface PingRateLimit {
  /** Answers per second one source (IPv4 address, or IPv6 /64) may get. Default {@link DEFAULT_PING_RATE_PER_SECOND}. */
  ratePerSecond?: number;
  /** Answers a source may get in a burst. Default {@link DEFAULT_PING_BURST}. */
  burst?: number;
  /** Sources remembered at once; the least recent is forgotten beyond this. Default 4096. */
  maxSources?: number;
  /** Monotonic clock in ms. Default performance.now. */
  now?: () => number;
}

/** Default {@link PingRateLimit.ratePerSecond}: plenty for a person or a server browser, little for a reflector. */
export const DEFAULT_PING_RATE_PER_SECOND = 10;
/** Default {@link PingRateLimit.burst}. */
export const DEFAULT_PING_BURST = 20;
const DEFAULT_MAX_SOURCES = 4096;

/** Where answers come from: the status to report (computed per ping), or a MessageServer's `answerPing`. */
export type PingAnswerSource =
  | (() => ServerStatus)
  | { answerPing(query: Uint8Array): Uint8Array | undefined };

/**
 * The `interceptDatagram` option of a v0 `Server` that answers ping queries ("PCPQ…") and hands every other
 * datagram to the core. A query is always consumed: over the rate limit or malformed, it is dropped
 * silently; an answer longer than its query is never sent.
 *
 * ```ts
 * const server = new Server({
 *   interceptDatagram: pingInterceptor(() => ({
 *     name: 'My game', version: '1.0.0', players: server.clients.size, games: 1,
 *   })),
 * });
 * ```
 */
export function pingInterceptor(source: PingAnswerSource, limit: PingRateLimit = {}): DatagramInterceptor {
  const answer =
    typeof source === 'function'
      ? (query: Uint8Array) => answerPingQuery(query, source())
      : (query: Uint8Array) => source.answerPing(query);
  const now = limit.now ?? (() => performance.now());
  const limiter = new SourceRateLimiter(
    limit.ratePerSecond ?? DEFAULT_PING_RATE_PER_SECOND,
    limit.burst ?? DEFAULT_PING_BURST,
    limit.maxSources ?? DEFAULT_MAX_SOURCES,
  );
  return (datagram, from, reply) => {
    if (!isPingQuery(datagram)) return false;
    // Counted before the answer is built: a flood costs one map lookup per datagram, not an encode.
    if (!limiter.allow(now(), sourceKey(from))) return true;
    const response = answer(datagram);
    if (response !== undefined && response.length <= datagram.length) reply(response);
    return true;
  };
}
