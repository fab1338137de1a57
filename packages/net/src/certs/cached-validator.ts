// Certificate verdicts cached by fingerprint and validator calls rate-limited, so a flood of AUTHs with
// garbage or made-up certificates costs the platform a bounded number of HTTP calls.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { AccountId } from '@paperclip/protocol';

/** A validator's answer (the same shape as validators.ts's CertificateVerdict, kept here to avoid a cycle). */
interface Verdict {
  valid: boolean;
  accountId: AccountId | null;
}

/** A validator as in validators.ts: never throws for bad input; a rejection means "no verdict". */
type Validator = (der: Uint8Array, peer: string) => Promise<Verdict>;

/** Options of {@link cachedCertificateValidator}; every limit has a safe default. */
export interface CertificateCacheOptions {
  /** Verdicts remembered (least recently used go first). Default 4096. */
  maxEntries?: number;
  /** How long a `valid` verdict is reused. Default 60 000 ms. */
  validTtlMs?: number;
  /** How long a refusal is reused. Default 30 000 ms. */
  invalidTtlMs?: number;
  /** Calls to the wrapped validator per second, over all certificates. Default 20. */
  callsPerSecond?: number;
  /** Calls allowed at once before the rate applies. Default 20. */
  callBurst?: number;
  /** Monotonic clock in ms. Default performance.now. */
  now?: () => number;
}

/** What a cached validator did, for metrics and tests. */
export interface CertificateCacheStats {
  /** Calls made to the wrapped validator. */
  calls: number;
  /** Answers from the cache (or from a call already in flight for the same certificate). */
  hits: number;
  /** Certificates refused without a call because the call rate was spent (not cached). */
  limited: number;
}

const REFUSED: Verdict = Object.freeze({ valid: false, accountId: null });

/**
 * Wraps a validator: the same certificate (SHA-256 of its DER) gets the same verdict for a TTL without a new
 * call; concurrent requests for one certificate share one call; and new calls are rate-limited (token bucket).
 * A certificate that arrives when the rate is spent is refused without a call and not cached, so the client's
 * next attempt is checked properly. Failed or timed-out calls are not cached either.
 */
export function cachedCertificateValidator(
  validator: Validator,
  options: CertificateCacheOptions = {},
): Validator & { readonly stats: CertificateCacheStats } {
  const maxEntries = options.maxEntries ?? 4096;
  const validTtlMs = options.validTtlMs ?? 60_000;
  const invalidTtlMs = options.invalidTtlMs ?? 30_000;
  const ratePerMs = (options.callsPerSecond ?? 20) / 1_000;
  const burst = options.callBurst ?? 20;
  const now = options.now ?? (() => performance.now());
  const cache = new Map<string, { verdict: Verdict; until: number }>();
  const inFlight = new Map<string, Promise<Verdict>>();
  const stats: CertificateCacheStats = { calls: 0, hits: 0, limited: 0 };
  let tokens = burst;
  let refilledAt = now();

  const takeToken = (at: number): boolean => {
    if (at > refilledAt) {
      tokens = Math.min(burst, tokens + (at - refilledAt) * ratePerMs);
      refilledAt = at;
    }
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };

  const remember = (key: string, verdict: Verdict, at: number): void => {
    cache.delete(key);
    if (cache.size >= maxEntries) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(key, { verdict, until: at + (verdict.valid ? validTtlMs : invalidTtlMs) });
  };

  const cached = async (der: Uint8Array, peer: string): Promise<Verdict> => {
    const key = createHash('sha256').update(der).digest('base64');
    const at = now();
    const entry = cache.get(key);
    if (entry !== undefined && at < entry.until) {
      cache.delete(key); // re-inserted: Map order is least recently used first
      cache.set(key, entry);
      stats.hits += 1;
      return entry.verdict;
    }
    const pending = inFlight.get(key);
    if (pending !== undefined) {
      stats.hits += 1;
      return pending;
    }
    if (!takeToken(at)) {
      stats.limited += 1;
      return REFUSED;
    }
    stats.calls += 1;
    const call = (async () => {
      try {
        const verdict = await validator(der, peer);
        remember(key, verdict, now());
        return verdict;
      } catch {
        return REFUSED; // a failed call says nothing about the certificate: not cached
      } finally {
        inFlight.delete(key);
      }
    })();
    inFlight.set(key, call);
    return call;
  };
  return Object.assign(cached, { stats });
}
