// Account rows and their failed-login (lockout) state.
import type { Kysely } from 'kysely';
import { canonicalUsername, usernameSkeleton } from '../auth/usernames.ts';
import { LoginAttemptsStore } from './login-attempts-store.ts';
import type { PlatformSchema } from './schema.ts';

/** An account as the platform uses it. */
export interface AccountRecord {
  id: number;
  username: string;
  passwordHash: string;
  /** Encrypted PKCS#8 DER. */
  privateKey: Buffer;
  /** SubjectPublicKeyInfo DER. */
  publicKey: Buffer;
}

/** Failed-login state; lockedUntil is ms since the epoch (0 = not locked). */
export interface LockoutState {
  failedLogins: number;
  lockedUntil: number;
}

/** What createAccount needs. */
export interface NewAccount {
  username: string;
  passwordHash: string;
  privateKey: Buffer;
  publicKey: Buffer;
  createdAt: number;
}

/** Reads and writes accounts. Every query is built by kysely with bound parameters. */
export class AccountsStore {
  readonly #db: Kysely<PlatformSchema>;
  constructor(db: Kysely<PlatformSchema>) {
    this.#db = db;
  }

  /**
   * Inserts an account with its canonical form and confusable skeleton; a username whose canonical form is
   * taken rejects with the driver's unique-violation error.
   */
  async create(account: NewAccount): Promise<AccountRecord> {
    const row = await this.#db
      .insertInto('account')
      .values({
        username: account.username,
        username_canonical: canonicalUsername(account.username),
        username_skeleton: usernameSkeleton(account.username),
        password_hash: account.passwordHash,
        private_key: account.privateKey,
        public_key: account.publicKey,
        created_at: account.createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: Number(row.id), ...account };
  }

  /** The account with this id, if any. */
  async get(id: number): Promise<AccountRecord | undefined> {
    const row = await this.#db.selectFrom('account').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  /**
   * The account with this username in canonical form (so "Alice" finds "alice"). A legacy row that shares its
   * canonical form with an older one (see username-canonical-migration.ts) is still found by its exact spelling.
   */
  async findByUsername(username: string): Promise<AccountRecord | undefined> {
    const rows = await this.#db
      .selectFrom('account')
      .selectAll()
      .where((eb) =>
        eb.or([eb('username_canonical', '=', canonicalUsername(username)), eb('username', '=', username)]),
      )
      .limit(2)
      .execute();
    const row = rows.find((candidate) => candidate.username === username) ?? rows[0];
    return row === undefined ? undefined : toRecord(row);
  }

  /** The username of an account whose name is the same as or looks like `username`, if any. */
  async findLookalike(username: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('account')
      .select('username')
      .where((eb) =>
        eb.or([
          eb('username_canonical', '=', canonicalUsername(username)),
          eb('username_skeleton', '=', usernameSkeleton(username)),
        ]),
      )
      .executeTakeFirst();
    return row?.username;
  }

  /**
   * Replaces the account's encrypted private key, only if it still holds `expected` (so two logins
   * upgrading the same key at once cannot interleave). True if the row changed.
   */
  async replacePrivateKey(accountId: number, expected: Buffer, replacement: Buffer): Promise<boolean> {
    const result = await this.#db
      .updateTable('account')
      .set({ private_key: replacement })
      .where('id', '=', accountId)
      .where('private_key', '=', expected)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** The login-attempt rows (the lockout since issue 14), on the same database. */
  loginAttempts(): LoginAttemptsStore {
    return new LoginAttemptsStore(this.#db);
  }

  /** The account's failed-login state (zeroes when it has none). Legacy: logins use loginAttempts() now. */
  async getLockout(accountId: number): Promise<LockoutState> {
    const row = await this.#db
      .selectFrom('account_lockout')
      .select(['failed_logins', 'locked_until'])
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row === undefined
      ? { failedLogins: 0, lockedUntil: 0 }
      : { failedLogins: Number(row.failed_logins), lockedUntil: Number(row.locked_until) };
  }

  /** Counts one more failed login and returns the new count (atomic upsert, safe under concurrent logins). */
  async recordFailedLogin(accountId: number): Promise<number> {
    const row = await this.#db
      .insertInto('account_lockout')
      .values({ account_id: accountId, failed_logins: 1, locked_until: 0 })
      .onConflict((oc) =>
        oc
          .column('account_id')
          .doUpdateSet((eb) => ({ failed_logins: eb('account_lockout.failed_logins', '+', 1) })),
      )
      .returning('failed_logins')
      .executeTakeFirstOrThrow();
    return Number(row.failed_logins);
  }

  /** Stores the account's failed-login state outright (lock, or reset after a success or an expired lock). */
  async setLockout(accountId: number, state: LockoutState): Promise<void> {
    await this.#db
      .insertInto('account_lockout')
      .values({ account_id: accountId, failed_logins: state.failedLogins, locked_until: state.lockedUntil })
      .onConflict((oc) =>
        oc
          .column('account_id')
          .doUpdateSet({ failed_logins: state.failedLogins, locked_until: state.lockedUntil }),
      )
      .execute();
  }
}

function toRecord(row: {
  id: number;
  username: string;
  password_hash: string;
  private_key: Uint8Array;
  public_key: Uint8Array;
}): AccountRecord {
  return {
    id: Number(row.id),
    username: row.username,
    passwordHash: row.password_hash,
    privateKey: Buffer.from(row.private_key),
    publicKey: Buffer.from(row.public_key),
  };
}
