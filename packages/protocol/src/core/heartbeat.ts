// Server-side liveness of one connection: when to ping an idle peer and when to give up on a silent one.
import type { ResolvedEndpointOptions } from './endpoint-options.ts';

/** What {@link Heartbeat.check} asks the connection to do. */
export const HeartbeatAction = {
  /** Nothing due yet. */
  NONE: 'none',
  /** Send a PING now (already recorded as sent). */
  PING: 'ping',
  /** The peer has been silent for heartbeatMaxMs: drop it. */
  TIMED_OUT: 'timedOut',
} as const;
/** One of {@link HeartbeatAction}'s values. */
export type HeartbeatAction = (typeof HeartbeatAction)[keyof typeof HeartbeatAction];

/**
 * Pings a peer idle for heartbeatMinMs (at most once per heartbeatMinMs while it stays silent) and declares it
 * gone after heartbeatMaxMs of silence. It only decides; the connection sends the PING and ends itself, so
 * this holds no sequence ids and no outputs.
 */
export class Heartbeat {
  readonly #options: Pick<ResolvedEndpointOptions, 'heartbeatMinMs' | 'heartbeatMaxMs'>;
  #lastPingAt: number | undefined;

  constructor(options: Pick<ResolvedEndpointOptions, 'heartbeatMinMs' | 'heartbeatMaxMs'>) {
    this.#options = options;
  }

  /** When check() next has something to do, given when we last heard from the peer. */
  due(lastHeardAt: number): number {
    const { heartbeatMinMs, heartbeatMaxMs } = this.#options;
    const pingedSinceContact = this.#lastPingAt !== undefined && this.#lastPingAt >= lastHeardAt;
    const nextPing = pingedSinceContact ? this.#lastPingAt! + heartbeatMinMs : lastHeardAt + heartbeatMinMs;
    return Math.min(nextPing, lastHeardAt + heartbeatMaxMs);
  }

  /** Decides at `now`: drop a silent peer, ping an idle one (recording the ping), or do nothing. */
  check(now: number, lastHeardAt: number): HeartbeatAction {
    if (now - lastHeardAt >= this.#options.heartbeatMaxMs) return HeartbeatAction.TIMED_OUT;
    if (now < this.due(lastHeardAt)) return HeartbeatAction.NONE;
    this.#lastPingAt = now;
    return HeartbeatAction.PING;
  }
}
