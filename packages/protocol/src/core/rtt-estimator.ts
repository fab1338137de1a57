// Round-trip estimate and retransmission timeout in the style of RFC 6298 (SRTT/RTTVAR, backoff, bounds).

/** Bounds and starting point of the retransmission timeout, in milliseconds. */
export interface RttLimits {
  initialRtoMs: number;
  minRtoMs: number;
  maxRtoMs: number;
}

/**
 * RFC 6298's G, the smallest variance term. Driver timers fire with millisecond granularity and a peer
 * acknowledges at the end of its event-loop turn, so a steady link still needs a few ms of slack: with a
 * 30 ms floor this only matters above ~20 ms RTT, where it keeps RTO ≥ SRTT + 10 ms (KCP's nodelay floor
 * is 30 ms too).
 */
const GRANULARITY_MS = 10;

/**
 * SRTT/RTTVAR estimator. Callers feed only samples from packets that were never retransmitted (Karn's rule;
 * SendWindow enforces it). A timeout doubles the RTO for later packets until a fresh sample arrives
 * (RFC 6298 §5.5-5.7), but only once per round so a burst of simultaneous timeouts does not compound.
 */
export class RttEstimator {
  readonly #limits: RttLimits;
  #srtt: number | undefined;
  #rttvar = 0;
  #backoff = 1;
  #lastBackoffAt = Number.NEGATIVE_INFINITY;

  constructor(limits: RttLimits) {
    this.#limits = limits;
  }

  /** Smoothed RTT, undefined before the first sample. */
  get smoothedRtt(): number | undefined {
    return this.#srtt;
  }

  /** RTT variation. */
  get rttVariation(): number {
    return this.#rttvar;
  }

  /** Current retransmission timeout including backoff, clamped to [minRtoMs, maxRtoMs]. */
  get rto(): number {
    return Math.min(
      this.#limits.maxRtoMs,
      Math.max(this.#limits.minRtoMs, this.#unclamped() * this.#backoff),
    );
  }

  /** The timeout without backoff (SRTT + max(G, 4·RTTVAR), or the initial RTO), clamped. */
  get baseRto(): number {
    return Math.min(this.#limits.maxRtoMs, Math.max(this.#limits.minRtoMs, this.#unclamped()));
  }

  #unclamped(): number {
    return this.#srtt === undefined
      ? this.#limits.initialRtoMs
      : this.#srtt + Math.max(GRANULARITY_MS, 4 * this.#rttvar);
  }

  /** Adds one RTT measurement (ms) and clears any backoff. */
  addSample(rttMs: number): void {
    const sample = Math.max(0, rttMs);
    if (this.#srtt === undefined) {
      this.#srtt = sample;
      this.#rttvar = sample / 2;
    } else {
      this.#rttvar = 0.75 * this.#rttvar + 0.25 * Math.abs(this.#srtt - sample);
      this.#srtt = 0.875 * this.#srtt + 0.125 * sample;
    }
    this.#backoff = 1;
  }

  /**
   * A packet last sent at `sentAt` timed out at `now`. Doubles the RTO unless a backoff already happened
   * after that packet was sent (same loss round). The backoff stays until addSample(): only a Karn-valid
   * sample may shrink the RTO again (RFC 6298 §5.5–5.7). Returns true when this started a new loss round.
   */
  onTimeout(now: number, sentAt: number): boolean {
    if (sentAt < this.#lastBackoffAt) return false;
    this.#lastBackoffAt = now;
    if (this.rto < this.#limits.maxRtoMs) this.#backoff *= 2;
    return true;
  }
}
