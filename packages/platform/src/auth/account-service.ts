// Accounts: registration, password login behind the lockout, and token authentication. All password work
// (hashing, checking, key generation and re-encryption) runs in one bounded PasswordPool.

import { PlatformError } from '../errors.ts';
import type { AccountRecord, AccountsStore } from '../storage/accounts-store.ts';
import { isUniqueViolation } from '../storage/database.ts';
import type { LoginAttemptsStore } from '../storage/login-attempts-store.ts';
import {
  accountKeyNeedsUpgrade,
  DEFAULT_ACCOUNT_KEY_SCRYPT,
  generateAccountKeys,
  reencryptAccountKey,
} from './account-keys.ts';
import { type LockAudit, type LockoutPolicy, LoginAttempts } from './login-attempts.ts';
import { defaultPasswordConcurrency, PasswordPool } from './password-pool.ts';
import {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  type ScryptParams,
  verifyAgainstDummy,
  verifyPassword,
} from './passwords.ts';
import { Pkcs8Error, type Pkcs8ScryptParams } from './pkcs8-reader.ts';
import { looksLikeJwt, type TokenService } from './tokens.ts';
import { canonicalUsername, usernameProblem } from './usernames.ts';

export type { LockoutPolicy } from './login-attempts.ts';

/** Collaborators beyond the positional ones (defaults: a pool of 2 (1 on 2 cores) + 16, the store's attempts, no audit). */
export interface AccountServiceOptions {
  pool?: PasswordPool;
  attempts?: LoginAttemptsStore;
  /** Receives one line per lock (pino's warn in the app). */
  audit?: LockAudit;
}

/** Counters for tests and the attack suite (PLATFORM contracts): all grow, except the pool gauges. */
export interface AccountServiceStats {
  /** Password checks run, the dummy check for unknown names included. */
  passwordChecks: number;
  /** Registrations hashed (password hash and key pair). */
  hashes: number;
  /** Per-(name, source) locks. */
  locks: number;
  /** Account-wide backoffs set. */
  accountThrottles: number;
  /** Logins refused before any check (locked, throttled, or that address's checks already in flight). */
  refused: number;
  /** Requests answered 429 because the pool's queue was full. */
  busy: number;
  poolActive: number;
  poolQueued: number;
}

/** Where a login comes from when the caller does not say (CLI tools, tests). */
const LOCAL_SOURCE = 'local';

/** Account operations behind the HTTP routes. */
export class AccountService {
  readonly #accounts: AccountsStore;
  readonly #tokens: TokenService;
  readonly #attempts: LoginAttempts;
  readonly #pool: PasswordPool;
  readonly #now: () => number;
  readonly #scrypt: ScryptParams;
  readonly #keyScrypt: Pkcs8ScryptParams;
  readonly #counts = { passwordChecks: 0, hashes: 0 };

  constructor(
    accounts: AccountsStore,
    tokens: TokenService,
    lockout: LockoutPolicy,
    now: () => number = Date.now,
    scrypt: ScryptParams = DEFAULT_SCRYPT_PARAMS,
    keyScrypt: Pkcs8ScryptParams = DEFAULT_ACCOUNT_KEY_SCRYPT,
    options: AccountServiceOptions = {},
  ) {
    this.#accounts = accounts;
    this.#tokens = tokens;
    this.#now = now;
    this.#scrypt = scrypt;
    this.#keyScrypt = keyScrypt;
    this.#pool = options.pool ?? new PasswordPool({ concurrency: defaultPasswordConcurrency(), queue: 16 });
    this.#attempts = new LoginAttempts(
      options.attempts ?? accounts.loginAttempts(),
      lockout,
      now,
      options.audit ?? (() => undefined),
    );
  }

  /** A snapshot of the counters. */
  stats(): AccountServiceStats {
    const pool = this.#pool.stats();
    return {
      ...this.#counts,
      ...this.#attempts.counters,
      busy: pool.rejected,
      poolActive: pool.active,
      poolQueued: pool.queued,
    };
  }

  /** Creates an account with a scrypt hash and an RSA key pair encrypted under the password. */
  async register(username: string, password: string): Promise<AccountRecord> {
    const problem = usernameProblem(username);
    if (problem !== undefined) throw new PlatformError('USERNAME_INVALID', problem);
    const existing = await this.#accounts.findLookalike(username);
    if (existing !== undefined && canonicalUsername(existing) === canonicalUsername(username))
      throw new PlatformError('USERNAME_TAKEN');
    if (existing !== undefined) throw new PlatformError('USERNAME_CONFUSABLE');
    // One pool slot, the steps in turn: a registration never holds more than one libuv thread.
    const { passwordHash, keys } = await this.#pool.run(async () => {
      this.#counts.hashes += 1;
      const passwordHash = await hashPassword(password, this.#scrypt);
      return { passwordHash, keys: await generateAccountKeys(password, this.#keyScrypt) };
    });
    try {
      return await this.#accounts.create({
        username,
        passwordHash,
        privateKey: keys.encryptedPrivateKey,
        publicKey: keys.publicKey,
        createdAt: this.#now(),
      });
    } catch (error) {
      // Two registrations of one name raced past the check above; the unique index decides.
      if (isUniqueViolation(error)) throw new PlatformError('USERNAME_TAKEN');
      throw error;
    }
  }

  /**
   * Checks a username and password from `source` (the client address) behind the lockout: the attempt is
   * reserved before the check, unknown names are checked against a dummy hash and counted alike. On success
   * a private key stored in an older or cheaper form is re-encrypted (the password is only known here).
   */
  async login(username: string, password: string, source: string = LOCAL_SOURCE): Promise<AccountRecord> {
    const ticket = await this.#attempts.begin(username, source);
    let account: AccountRecord | undefined;
    let valid: boolean;
    try {
      account = await this.#accounts.findByUsername(username);
      valid = await this.#pool.run(async () => {
        this.#counts.passwordChecks += 1;
        if (account === undefined) return verifyAgainstDummy(password, this.#scrypt);
        return verifyPassword(password, account.passwordHash);
      });
    } catch (error) {
      await this.#attempts.abandoned(ticket);
      throw error;
    }
    if (!valid || account === undefined) throw await this.#attempts.failed(ticket);
    await this.#attempts.succeeded(ticket);
    return this.#upgradeKey(account, password);
  }

  /**
   * Authenticates HTTP Basic credentials on /auth/token, the one route that takes passwords: the username
   * may be a token (password empty), otherwise it is a username and password.
   */
  async authenticate(
    username: string,
    password: string,
    source: string = LOCAL_SOURCE,
  ): Promise<AccountRecord> {
    if (password === '' && looksLikeJwt(username)) return this.authenticateToken(username);
    if (username === '' || password === '') {
      throw new PlatformError('UNAUTHORIZED', 'Give a username and password, or a token as the username.');
    }
    return this.login(username, password, source);
  }

  /** Authenticates a token (Bearer, or Basic token:). Never touches the password pool. */
  async authenticateToken(token: string): Promise<AccountRecord> {
    const accountId = this.#tokens.verify(token);
    const account = accountId === undefined ? undefined : await this.#accounts.get(accountId);
    if (account === undefined) {
      throw new PlatformError(
        'UNAUTHORIZED',
        'The token is invalid or has expired; get a new one from /auth/token.',
      );
    }
    return account;
  }

  /** A new token for the account. */
  issueToken(account: AccountRecord): Promise<string> {
    return this.#tokens.issue(account.id);
  }

  async #upgradeKey(account: AccountRecord, password: string): Promise<AccountRecord> {
    if (!accountKeyNeedsUpgrade(account.privateKey, this.#keyScrypt)) return account;
    // The upgrade is optional work: when the pool is full it waits for a later login.
    if (this.#pool.full) return account;
    let privateKey: Buffer;
    try {
      privateKey = await this.#pool.run(() =>
        reencryptAccountKey(account.privateKey, account.publicKey, password, this.#keyScrypt),
      );
    } catch (error) {
      // A row the password cannot open stays as it is: the login itself was valid.
      if (error instanceof Pkcs8Error) return account;
      if (error instanceof PlatformError && error.status === 429) return account;
      throw error;
    }
    const replaced = await this.#accounts.replacePrivateKey(account.id, account.privateKey, privateKey);
    if (replaced) return { ...account, privateKey };
    // Another login upgraded it first; use what it stored.
    return (await this.#accounts.get(account.id)) ?? account;
  }
}
