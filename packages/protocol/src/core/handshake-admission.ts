// Which AUTHs from strangers a server answers: per-source rate, one answer per address per half-open lifetime,
// and a global byte budget for replies to addresses that have not shown they can receive (sans-IO).
import type { Address, ResolvedEndpointOptions } from './endpoint-options.ts';
import { sourceOf } from './source-address.ts';
import { SourceRateLimiter } from './source-rate-limiter.ts';
import { TokenBucket } from './token-bucket.ts';

/** What to do with an AUTH from an address that has no connection. */
export type Admission = 'admit' | 'repeat' | 'rateLimited' | 'overBudget';

type AdmissionOptions = Pick<
  ResolvedEndpointOptions,
  | 'handshakeRatePerSecond'
  | 'handshakeBurst'
  | 'maxTrackedSources'
  | 'unvalidatedSendBytesPerSecond'
  | 'handshakeTimeoutMs'
>;

/**
 * Admission control for new handshakes. A spoofed AUTH costs us a validation, an ECDH and a ~3x larger reply,
 * so: each source IP starts at most `handshakeRatePerSecond` (burst `handshakeBurst`); an address we answered
 * is not answered again until its half-open lifetime (handshakeTimeoutMs) is over; and replies to unvalidated
 * addresses draw from one budget of `unvalidatedSendBytesPerSecond`, after which AUTHs are dropped unanswered.
 */
export class HandshakeAdmission {
  readonly #options: AdmissionOptions;
  readonly #limiter: SourceRateLimiter;
  /** Address → time its "already answered" mark ends; insertion order is expiry order (one fixed TTL). */
  readonly #answered = new Map<Address, number>();
  #budget: TokenBucket | undefined;
  #strangerWindowStart = Number.NEGATIVE_INFINITY;
  #strangerReplies = 0;

  constructor(options: AdmissionOptions) {
    this.#options = options;
    this.#limiter = new SourceRateLimiter(
      options.handshakeRatePerSecond,
      options.handshakeBurst,
      options.maxTrackedSources,
    );
  }

  /** Entries in the per-source and per-address tables (each bounded by maxTrackedSources). */
  get trackedSources(): number {
    return Math.max(this.#limiter.size, this.#answered.size);
  }

  /** Decides on an AUTH from `from`; 'admit' takes `replyBytes` from the budget and marks `from` answered. */
  admit(now: number, from: Address, replyBytes: number): Admission {
    this.#sweepAnswered(now);
    const until = this.#answered.get(from);
    if (until !== undefined && now < until) return 'repeat';
    if (!this.#limiter.allow(now, sourceOf(from))) return 'rateLimited';
    if (!this.spendUnvalidated(now, replyBytes)) return 'overBudget';
    this.#answered.delete(from);
    if (this.#answered.size >= this.#options.maxTrackedSources) {
      const oldest = this.#answered.keys().next().value;
      if (oldest !== undefined) this.#answered.delete(oldest);
    }
    this.#answered.set(from, now + this.#options.handshakeTimeoutMs);
    return 'admit';
  }

  /** Takes `bytes` from the unvalidated-reply budget; false (nothing taken) when it is spent. */
  spendUnvalidated(now: number, bytes: number): boolean {
    const rate = this.#options.unvalidatedSendBytesPerSecond;
    this.#budget ??= new TokenBucket(rate, rate, now);
    return this.#budget.take(now, bytes);
  }

  /** NO_SPACE replies to strangers: at most `perSecond` in any one-second window, over all addresses. */
  strangerReplyAllowed(now: number, perSecond: number): boolean {
    if (now - this.#strangerWindowStart >= 1_000) {
      this.#strangerWindowStart = now;
      this.#strangerReplies = 0;
    }
    if (this.#strangerReplies >= perSecond) return false;
    this.#strangerReplies += 1;
    return true;
  }

  /** `from` proved its address (joined) or was never answered (evicted while validating): answer it again. */
  forget(from: Address): void {
    this.#answered.delete(from);
  }

  #sweepAnswered(now: number): void {
    for (const [address, until] of this.#answered) {
      if (until > now) return;
      this.#answered.delete(address);
    }
  }
}
