// The login lockout: per (name, source address) the seed's 3 strikes, per name an exponential backoff that
// spares addresses the user logged in from before. Attempts are reserved in the database before the password
// check, and rows are keyed by the canonical name whether or not an account has it (no enumeration).
import { PlatformError } from '../errors.ts';
import type { AttemptKey, LoginAttemptsStore } from '../storage/login-attempts-store.ts';
import { canonicalUsername } from './usernames.ts';

/**
 * Lockout rules. `attempts`/`seconds` are the seed's LOCKOUT_ATTEMPTS/LOCKOUT_TIME, applied per (name, source).
 * The account-wide rule (all sources together) only throttles: past `accountAttempts` failures each further one
 * closes the name for `accountBackoffSeconds`·2^k (at most `accountBackoffMaxSeconds`) to every address that has
 * not logged in to it within `trustedSourceSeconds`.
 */
export interface LockoutPolicy {
  attempts: number;
  seconds: number;
  accountAttempts?: number;
  accountBackoffSeconds?: number;
  accountBackoffMaxSeconds?: number;
  trustedSourceSeconds?: number;
}

/** Defaults of the account-wide rule (see config.ts for the environment names). */
const DEFAULT_ACCOUNT_LOCKOUT = {
  accountAttempts: 20,
  accountBackoffSeconds: 1,
  accountBackoffMaxSeconds: 300,
  trustedSourceSeconds: 30 * 24 * 3600,
} as const;

/** Counters for tests and the attack suite; they only grow. */
export interface LockoutCounters {
  locks: number;
  accountThrottles: number;
  refused: number;
}

/** What begin() reserved; hand it back to failed(), succeeded() or abandoned(). */
export interface AttemptTicket {
  source: AttemptKey;
  /** The account-wide row, when this address is not trusted for the name. */
  account: AttemptKey | undefined;
}

/** The name attempt rows are keyed by: the canonical username, so `Alice` and `alice` share one count. */
function attemptName(username: string): string {
  return canonicalUsername(username);
}

/** Longest a reserved check may take before its reservation is treated as abandoned. */
const PENDING_MS = 60_000;
/** Account-wide failures are forgotten after a day without one. */
const ACCOUNT_FAILURE_MEMORY_MS = 24 * 3600 * 1000;
/** Rows idle this long (and not locked, not a trusted source) are pruned. */
const IDLE_ROW_MS = 24 * 3600 * 1000;
/** Prune once every this many attempts. */
const PRUNE_EVERY = 1000;

/** Audit sink: one call per lock (never a password or token). */
export type LockAudit = (details: Record<string, unknown>, message: string) => void;

/** Applies the lockout policy around each password check. */
export class LoginAttempts {
  readonly #store: LoginAttemptsStore;
  readonly #policy: Required<LockoutPolicy>;
  readonly #now: () => number;
  readonly #audit: LockAudit;
  readonly counters: LockoutCounters = { locks: 0, accountThrottles: 0, refused: 0 };
  #sincePrune = 0;

  constructor(store: LoginAttemptsStore, policy: LockoutPolicy, now: () => number, audit: LockAudit) {
    this.#store = store;
    this.#policy = {
      attempts: policy.attempts,
      seconds: policy.seconds,
      accountAttempts: policy.accountAttempts ?? DEFAULT_ACCOUNT_LOCKOUT.accountAttempts,
      accountBackoffSeconds: policy.accountBackoffSeconds ?? DEFAULT_ACCOUNT_LOCKOUT.accountBackoffSeconds,
      accountBackoffMaxSeconds:
        policy.accountBackoffMaxSeconds ?? DEFAULT_ACCOUNT_LOCKOUT.accountBackoffMaxSeconds,
      trustedSourceSeconds: policy.trustedSourceSeconds ?? DEFAULT_ACCOUNT_LOCKOUT.trustedSourceSeconds,
    };
    this.#now = now;
    this.#audit = audit;
  }

  /** Reserves a check of `username` from `source`, or throws 403 (locked) / 429 (throttled, in flight). */
  async begin(username: string, source: string): Promise<AttemptTicket> {
    const now = this.#now();
    this.#maybePrune(now);
    const name = attemptName(username);
    const sourceKey = { name, source };
    const reserved = await this.#store.reserve(sourceKey, {
      now,
      limit: this.#policy.attempts,
      oneAtATimeAbove: false,
      forgetBefore: 0,
      pendingUntil: now + PENDING_MS,
    });
    if (!reserved.ok) {
      this.counters.refused += 1;
      throw reserved.lockedUntil > now ? this.#lockedError(reserved.lockedUntil - now) : inFlightError();
    }
    const trusted =
      reserved.lastSuccess > 0 && reserved.lastSuccess >= now - this.#policy.trustedSourceSeconds * 1000;
    if (trusted) return { source: sourceKey, account: undefined };
    const accountKey = { name, source: '' };
    const accountReserved = await this.#store.reserve(accountKey, {
      now,
      limit: this.#policy.accountAttempts,
      oneAtATimeAbove: true,
      forgetBefore: now - ACCOUNT_FAILURE_MEMORY_MS,
      pendingUntil: now + PENDING_MS,
    });
    if (!accountReserved.ok) {
      await this.#store.release(sourceKey, now);
      this.counters.refused += 1;
      throw throttledError(Math.max(accountReserved.lockedUntil - now, 1000));
    }
    return { source: sourceKey, account: accountKey };
  }

  /** Records a wrong password; returns the error to answer with (401 with what is left, or 403 locked). */
  async failed(ticket: AttemptTicket): Promise<PlatformError> {
    const now = this.#now();
    if (ticket.account !== undefined) await this.#failAccount(ticket.account, now);
    const lockMs = this.#policy.seconds * 1000;
    const result = await this.#store.fail(ticket.source, now, {
      lockAt: this.#policy.attempts,
      lockUntil: () => now + lockMs,
      resetOnLock: true,
      forgetBefore: 0,
    });
    if (result.locked && lockMs > 0) {
      this.counters.locks += 1;
      this.#audit(
        { event: 'login_locked', scope: 'source', ...ticket.source, until: result.lockedUntil },
        'login locked',
      );
      return this.#lockedError(lockMs);
    }
    const left = this.#policy.attempts - result.failures;
    return new PlatformError(
      'UNAUTHORIZED',
      `Wrong username or password. ${left} more failed ${left === 1 ? 'attempt locks' : 'attempts lock'} this account for your address.`,
    );
  }

  /** Records a right password: counts start afresh, and the address becomes trusted for the name. */
  async succeeded(ticket: AttemptTicket): Promise<void> {
    const now = this.#now();
    await this.#store.succeed(ticket.source, now);
    if (ticket.account !== undefined) await this.#store.succeed(ticket.account, now);
  }

  /** Gives the reservations back when no verdict was reached (pool full, database error). */
  async abandoned(ticket: AttemptTicket): Promise<void> {
    const now = this.#now();
    await this.#store.release(ticket.source, now);
    if (ticket.account !== undefined) await this.#store.release(ticket.account, now);
  }

  async #failAccount(key: AttemptKey, now: number): Promise<void> {
    const { accountAttempts, accountBackoffSeconds, accountBackoffMaxSeconds } = this.#policy;
    const backoffMs = (failures: number) =>
      Math.min(
        accountBackoffSeconds * 2 ** Math.min(failures - accountAttempts, 30),
        accountBackoffMaxSeconds,
      ) * 1000;
    const result = await this.#store.fail(key, now, {
      lockAt: accountAttempts,
      lockUntil: (failures) => now + backoffMs(failures),
      resetOnLock: false,
      forgetBefore: now - ACCOUNT_FAILURE_MEMORY_MS,
    });
    if (!result.locked) return;
    this.counters.accountThrottles += 1;
    this.#audit(
      {
        event: 'login_locked',
        scope: 'account',
        name: key.name,
        failures: result.failures,
        until: result.lockedUntil,
      },
      'login locked',
    );
  }

  #lockedError(remainingMs: number): PlatformError {
    const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
    return new PlatformError(
      'ACCOUNT_LOCKED',
      `This account is locked for ${seconds} more second${seconds === 1 ? '' : 's'} after ${this.#policy.attempts} failed logins in a row.`,
      { 'retry-after': String(seconds) },
    );
  }

  #maybePrune(now: number): void {
    this.#sincePrune += 1;
    if (this.#sincePrune < PRUNE_EVERY) return;
    this.#sincePrune = 0;
    const trustedSince = now - this.#policy.trustedSourceSeconds * 1000;
    this.#store.prune(now, now - IDLE_ROW_MS, trustedSince).catch((error: unknown) => {
      this.#audit({ event: 'login_attempts_prune_failed', err: error }, 'pruning login attempts failed');
    });
  }
}

/** 429 while this address already has as many checks of the name in flight as it has strikes left. */
function inFlightError(): PlatformError {
  return new PlatformError(
    'RATE_LIMITED',
    'Another login to this account from your address is being checked; try again in 1 s.',
    { 'retry-after': '1' },
  );
}

/** 429 while the account-wide backoff runs (addresses that logged in before are not affected). */
function throttledError(remainingMs: number): PlatformError {
  const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
  return new PlatformError(
    'RATE_LIMITED',
    `Too many failed logins to this account; try again in ${seconds} s.`,
    { 'retry-after': String(seconds) },
  );
}
