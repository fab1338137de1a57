// Loss recovery for one connection: ACK processing, RTT samples, timer and fast retransmissions.
import { ACK_BITS_COUNT } from '../wire/constants.ts';
import { ackBitsHas } from './ack-bits.ts';
import type { EndpointStats } from './events.ts';
import type { RttEstimator } from './rtt-estimator.ts';
import type { SendWindow } from './send-window.ts';
import { sequenceAdd, sequenceDiff } from './sequence.ts';

/** Limits of {@link LossRecovery}, from the endpoint options. */
export interface LossRecoveryOptions {
  maxRtoMs: number;
  maxRetransmissions: number;
  /** ACKs naming later messages before a still-missing message is resent early (0 disables). */
  fastRetransmitAcks: number;
}

/**
 * Decides when reliable messages are resent:
 * - **timer** (RFC 6298): a message is resent when its deadline passes; the k-th resend waits
 *   max(RTO, base RTO·2^k). The first timeout of a loss round backs the RTO off and pushes every other
 *   in-flight deadline out to now + the backed-off RTO (TCP's single restarted timer), and the backoff stays
 *   until a Karn-valid sample arrives. Without that, each message sent before the first timeout fired on its
 *   own short deadline, so a peer that acknowledges late (the seed paces ACKs behind its data at 0.1 s each)
 *   had every message resent once.
 * - **fast retransmit** (KCP's fastresend): an ACK whose ack id is newer than an in-flight message and that
 *   does not cover it counts as one "skip"; at `fastRetransmitAcks` skips the message is resent at once,
 *   only once per message, without backing off. A seed peer acknowledges every packet on its own and in
 *   order, so skips only build up behind a real gap, and one resend per message cannot spam it.
 */
export class LossRecovery {
  readonly #window: SendWindow;
  readonly #rtt: RttEstimator;
  readonly #options: LossRecoveryOptions;
  readonly #stats: EndpointStats;
  readonly #resend: (datagram: Uint8Array) => void;
  /** Skips per in-flight sequence id (only ids that have been skipped at least once). */
  readonly #skips = new Map<number, number>();

  constructor(
    window: SendWindow,
    rtt: RttEstimator,
    options: LossRecoveryOptions,
    stats: EndpointStats,
    resend: (datagram: Uint8Array) => void,
  ) {
    this.#window = window;
    this.#rtt = rtt;
    this.#options = options;
    this.#stats = stats;
    this.#resend = resend;
  }

  /** One ACK from the peer: completes what it covers, samples the RTT (Karn), fast-retransmits gaps. */
  onAck(now: number, ackId: number, ackBits: number): void {
    const window = this.#window;
    const sample = window.acknowledge(ackId, now);
    if (typeof sample === 'number') this.#rtt.addSample(sample);
    if (ackBits !== 0 && window.size > 0) {
      for (let distance = 1; distance <= ACK_BITS_COUNT; distance++) {
        if (ackBitsHas(ackBits, distance)) window.acknowledge(sequenceAdd(ackId, -distance), now);
      }
    }
    if (this.#skips.size > 0)
      for (const id of this.#skips.keys()) if (!window.has(id)) this.#skips.delete(id);
    if (this.#options.fastRetransmitAcks > 0 && window.size > 0 && sample !== undefined) {
      this.#countSkips(now, ackId);
    }
  }

  /**
   * Resends every message whose deadline passed. Returns the retransmission count of a message that has
   * exhausted maxRetransmissions (the peer is unresponsive), undefined otherwise.
   */
  retransmitDue(now: number): number | undefined {
    const due = this.#window.due(now);
    if (due.length === 0) return undefined;
    let backedOff = false;
    for (const message of due) {
      if (message.retransmissions >= this.#options.maxRetransmissions) return message.retransmissions;
      backedOff = this.#rtt.onTimeout(now, message.lastSentAt) || backedOff;
      const doubling = this.#rtt.baseRto * 2 ** (message.retransmissions + 1);
      const timeout = Math.min(this.#options.maxRtoMs, Math.max(this.#rtt.rto, doubling));
      this.#window.retransmitted(message, now, timeout);
      this.#stats.retransmissions += 1;
      for (const datagram of message.datagrams) this.#resend(datagram);
    }
    if (backedOff) this.#window.postponeDeadlines(now + this.#rtt.rto);
    return undefined;
  }

  /** Forgets per-message state (connection gone). */
  clear(): void {
    this.#skips.clear();
  }

  /** The ACK named `ackId` (an in-flight message we sent): every older message still missing was skipped. */
  #countSkips(now: number, ackId: number): void {
    const threshold = this.#options.fastRetransmitAcks;
    // The window iterates in send order and ids grow with it, so only the front can be older than ackId.
    for (const message of this.#window.messages()) {
      if (sequenceDiff(ackId, message.sequenceId) <= 0) break;
      if (message.fastRetransmissions > 0) continue;
      const skips = (this.#skips.get(message.sequenceId) ?? 0) + 1;
      if (skips < threshold) {
        this.#skips.set(message.sequenceId, skips);
        continue;
      }
      this.#skips.delete(message.sequenceId);
      this.#window.fastRetransmitted(message, now, Math.min(this.#options.maxRtoMs, this.#rtt.rto));
      this.#stats.retransmissions += 1;
      this.#stats.fastRetransmissions += 1;
      for (const datagram of message.datagrams) this.#resend(datagram);
    }
  }
}
