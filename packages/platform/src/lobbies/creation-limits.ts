// Per-account limits on lobby creation: a count of open lobbies and a rate, so one account cannot start the
// platform's whole budget of lobbies (and so lock everyone else out with 429).
import { PlatformError } from '../errors.ts';

/** Limits of {@link CreationLimits}. */
export interface CreationLimitOptions {
  /** Most lobbies one account may have open (running) at once. */
  maxOpenPerAccount: number;
  /** Most lobbies one account may create per minute (a sliding window). */
  perMinute: number;
  /** Seconds an empty lobby lives (PRUNE_TIME): the Retry-After hint when the open-lobby count is the limit. */
  pruneTime: number;
}

export const DEFAULT_MAX_OPEN_LOBBIES_PER_ACCOUNT = 3;
export const DEFAULT_LOBBY_CREATIONS_PER_MINUTE = 10;

const WINDOW_MS = 60_000;

/**
 * Decides whether an account may create one more lobby and records the attempt. Memory: one array of at most
 * `perMinute` timestamps per account that created within the last minute; older entries are dropped as met
 * and by {@link sweep}.
 */
export class CreationLimits {
  readonly #options: CreationLimitOptions;
  readonly #recent = new Map<number, number[]>();

  constructor(options: CreationLimitOptions) {
    this.#options = options;
  }

  /**
   * Reserves one creation for `accountId` at `now` (ms), given how many lobbies it has open or starting.
   * Throws RATE_LIMITED (429, Retry-After) when either limit is reached; the refused attempt is not counted.
   * A reserved attempt counts toward the rate even if the lobby then fails to start (attempts cost sockets too).
   */
  reserve(accountId: number, openCount: number, now: number): void {
    const { maxOpenPerAccount, perMinute, pruneTime } = this.#options;
    if (openCount >= maxOpenPerAccount) {
      throw new PlatformError(
        'RATE_LIMITED',
        `You already have ${maxOpenPerAccount} open lobbies, the most one account may have; join one of them or wait until one closes (an empty lobby closes after ${pruneTime} s).`,
        { 'retry-after': String(Math.max(1, pruneTime)) },
      );
    }
    const recent = this.#live(accountId, now);
    if (recent.length >= perMinute) {
      const waitS = Math.max(1, Math.ceil((recent[0]! + WINDOW_MS - now) / 1000));
      throw new PlatformError(
        'RATE_LIMITED',
        `You created ${perMinute} lobbies in the last minute, the most one account may; wait ${waitS} s before creating another.`,
        { 'retry-after': String(waitS) },
      );
    }
    recent.push(now);
    this.#recent.set(accountId, recent);
  }

  /** Forgets accounts with no creation in the last minute (called from the lobby manager's prune timer). */
  sweep(now: number): void {
    for (const accountId of [...this.#recent.keys()]) this.#live(accountId, now);
  }

  /** Accounts currently remembered (for tests: memory stays bounded). */
  get trackedAccounts(): number {
    return this.#recent.size;
  }

  /** The account's creations within the window; drops older ones and forgets an account with none. */
  #live(accountId: number, now: number): number[] {
    const live = (this.#recent.get(accountId) ?? []).filter((at) => now - at < WINDOW_MS);
    if (live.length === 0) this.#recent.delete(accountId);
    else this.#recent.set(accountId, live);
    return live;
  }
}
