// Accounts: registration, password login with the 3-strikes lockout, and token-or-password authentication.

import { PlatformError } from '../errors.ts';
import type { AccountRecord, AccountsStore } from '../storage/accounts-store.ts';
import { isUniqueViolation } from '../storage/database.ts';
import {
  accountKeyNeedsUpgrade,
  DEFAULT_ACCOUNT_KEY_SCRYPT,
  generateAccountKeys,
  reencryptAccountKey,
} from './account-keys.ts';
import {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  type ScryptParams,
  verifyAgainstDummy,
  verifyPassword,
} from './passwords.ts';
import { Pkcs8Error, type Pkcs8ScryptParams } from './pkcs8-reader.ts';
import { looksLikeJwt, type TokenService } from './tokens.ts';

/** Lockout rule (seed 003): after `attempts` failed logins in a row the account is locked for `seconds`. */
export interface LockoutPolicy {
  attempts: number;
  seconds: number;
}

/** Account operations behind the HTTP routes. */
export class AccountService {
  readonly #accounts: AccountsStore;
  readonly #tokens: TokenService;
  readonly #lockout: LockoutPolicy;
  readonly #now: () => number;
  readonly #scrypt: ScryptParams;
  readonly #keyScrypt: Pkcs8ScryptParams;

  constructor(
    accounts: AccountsStore,
    tokens: TokenService,
    lockout: LockoutPolicy,
    now: () => number = Date.now,
    scrypt: ScryptParams = DEFAULT_SCRYPT_PARAMS,
    keyScrypt: Pkcs8ScryptParams = DEFAULT_ACCOUNT_KEY_SCRYPT,
  ) {
    this.#accounts = accounts;
    this.#tokens = tokens;
    this.#lockout = lockout;
    this.#now = now;
    this.#scrypt = scrypt;
    this.#keyScrypt = keyScrypt;
  }

  /** Creates an account with a scrypt hash and an RSA key pair encrypted under the password. */
  async register(username: string, password: string): Promise<AccountRecord> {
    if ((await this.#accounts.findByUsername(username)) !== undefined)
      throw new PlatformError('USERNAME_TAKEN');
    const [passwordHash, keys] = await Promise.all([
      hashPassword(password, this.#scrypt),
      generateAccountKeys(password, this.#keyScrypt),
    ]);
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
   * Checks a username and password, applying the lockout rule. On success a private key stored in an
   * older or cheaper form is re-encrypted under the current key cost (the password is only known here).
   */
  async login(username: string, password: string): Promise<AccountRecord> {
    const account = await this.#accounts.findByUsername(username);
    if (account === undefined) {
      await verifyAgainstDummy(password, this.#scrypt);
      throw new PlatformError('UNAUTHORIZED', 'Wrong username or password.');
    }
    const now = this.#now();
    const state = await this.#accounts.getLockout(account.id);
    if (state.lockedUntil > now) throw this.#lockedError(state.lockedUntil - now);
    if (state.lockedUntil !== 0) {
      // The lock has run out: start counting afresh.
      await this.#accounts.setLockout(account.id, { failedLogins: 0, lockedUntil: 0 });
    }
    if (await verifyPassword(password, account.passwordHash)) {
      if (state.failedLogins !== 0 && state.lockedUntil === 0) {
        await this.#accounts.setLockout(account.id, { failedLogins: 0, lockedUntil: 0 });
      }
      return this.#upgradeKey(account, password);
    }
    const failures = await this.#accounts.recordFailedLogin(account.id);
    if (failures >= this.#lockout.attempts) {
      const lockMs = this.#lockout.seconds * 1000;
      await this.#accounts.setLockout(account.id, { failedLogins: 0, lockedUntil: now + lockMs });
      throw this.#lockedError(lockMs);
    }
    const left = this.#lockout.attempts - failures;
    throw new PlatformError(
      'UNAUTHORIZED',
      `Wrong username or password. ${left} more failed ${left === 1 ? 'attempt locks' : 'attempts lock'} the account.`,
    );
  }

  /**
   * Authenticates HTTP Basic credentials as the seed does: the username may be a token (password empty),
   * otherwise it is a username and password.
   */
  async authenticate(username: string, password: string): Promise<AccountRecord> {
    if (password === '' && looksLikeJwt(username)) {
      const accountId = await this.#tokens.verify(username);
      const account = accountId === undefined ? undefined : await this.#accounts.get(accountId);
      if (account === undefined) {
        throw new PlatformError(
          'UNAUTHORIZED',
          'The token is invalid or has expired; get a new one from /auth/token.',
        );
      }
      return account;
    }
    if (username === '' || password === '') {
      throw new PlatformError('UNAUTHORIZED', 'Give a username and password, or a token as the username.');
    }
    return this.login(username, password);
  }

  /** Authenticates a bare token (Authorization: Bearer). */
  async authenticateToken(token: string): Promise<AccountRecord> {
    return this.authenticate(token, '');
  }

  /** A new token for the account. */
  issueToken(account: AccountRecord): Promise<string> {
    return this.#tokens.issue(account.id);
  }

  async #upgradeKey(account: AccountRecord, password: string): Promise<AccountRecord> {
    if (!accountKeyNeedsUpgrade(account.privateKey, this.#keyScrypt)) return account;
    let privateKey: Buffer;
    try {
      privateKey = await reencryptAccountKey(
        account.privateKey,
        account.publicKey,
        password,
        this.#keyScrypt,
      );
    } catch (error) {
      // A row the password cannot open stays as it is: the login itself was valid.
      if (error instanceof Pkcs8Error) return account;
      throw error;
    }
    const replaced = await this.#accounts.replacePrivateKey(account.id, account.privateKey, privateKey);
    if (replaced) return { ...account, privateKey };
    // Another login upgraded it first; use what it stored.
    return (await this.#accounts.get(account.id)) ?? account;
  }

  #lockedError(remainingMs: number): PlatformError {
    const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
    return new PlatformError(
      'ACCOUNT_LOCKED',
      `This account is locked for ${seconds} more second${seconds === 1 ? '' : 's'} after ${this.#lockout.attempts} failed logins in a row.`,
      { 'retry-after': String(seconds) },
    );
  }
}
