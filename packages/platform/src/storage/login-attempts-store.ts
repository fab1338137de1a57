// Login-attempt rows: atomic reservations taken BEFORE a password check, so N parallel guesses count as N.
// Each reservation is one conditional UPDATE; the database serialises them on the row (SQLite: one writer;
// PostgreSQL: the row lock, with the WHERE re-checked against the committed row), so no two can both pass.
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { PlatformSchema } from './schema.ts';

/** The row of one (name, source); source '' is the name's account-wide row. */
export interface AttemptKey {
  name: string;
  source: string;
}

/** What a reservation needs to decide. Times are ms since the epoch. */
export interface ReserveRule {
  now: number;
  /** Failures + checks in flight must stay below this (the threshold). */
  limit: number;
  /** Above the limit, still allow one check at a time when nothing is in flight (the account-wide backoff). */
  oneAtATimeAbove: boolean;
  /** Failures older than this are forgotten (0 = never). */
  forgetBefore: number;
  /** A reserved check that has not finished by then is treated as abandoned (a crash mid-check). */
  pendingUntil: number;
}

/** A refused reservation: lockedUntil > now when locked, else checks already in flight fill the limit. */
export type Reservation = { ok: true; lastSuccess: number } | { ok: false; lockedUntil: number };

/** Reads and writes login_attempt. Every query is built by kysely with bound parameters. */
export class LoginAttemptsStore {
  readonly #db: Kysely<PlatformSchema>;
  constructor(db: Kysely<PlatformSchema>) {
    this.#db = db;
  }

  /** Reserves one check for the row, or says why not. */
  async reserve(key: AttemptKey, rule: ReserveRule): Promise<Reservation> {
    await this.#db
      .insertInto('login_attempt')
      .values({
        name: key.name,
        source: key.source,
        failures: 0,
        pending: 0,
        pending_until: 0,
        locked_until: 0,
        last_failure: 0,
        last_success: 0,
        updated_at: rule.now,
      })
      .onConflict((oc) => oc.columns(['name', 'source']).doNothing())
      .execute();
    const pending = livePending(rule.now);
    const failures = liveFailures(rule.forgetBefore);
    const row = await this.#db
      .updateTable('login_attempt')
      .set({
        pending: sql`${pending} + 1`,
        pending_until: rule.pendingUntil,
        failures,
        updated_at: rule.now,
      })
      .where('name', '=', key.name)
      .where('source', '=', key.source)
      .where('locked_until', '<=', rule.now)
      .where(
        rule.oneAtATimeAbove
          ? sql<boolean>`(${failures} + ${pending} < ${rule.limit} OR ${pending} = 0)`
          : sql<boolean>`${failures} + ${pending} < ${rule.limit}`,
      )
      .returning('last_success')
      .executeTakeFirst();
    if (row !== undefined) return { ok: true, lastSuccess: Number(row.last_success) };
    const current = await this.#db
      .selectFrom('login_attempt')
      .select('locked_until')
      .where('name', '=', key.name)
      .where('source', '=', key.source)
      .executeTakeFirst();
    return { ok: false, lockedUntil: Number(current?.locked_until ?? 0) };
  }

  /**
   * Ends a reserved check that failed: one more failure. When `lockAt` failures are reached the row is
   * locked until `lockUntil` and, if `resetOnLock`, counts afresh. Returns the new count and lock.
   */
  async fail(
    key: AttemptKey,
    now: number,
    rule: {
      lockAt: number;
      lockUntil: (failures: number) => number;
      resetOnLock: boolean;
      forgetBefore: number;
    },
  ): Promise<{ failures: number; lockedUntil: number; locked: boolean }> {
    const failures = liveFailures(rule.forgetBefore);
    const row = await this.#db
      .updateTable('login_attempt')
      .set({
        pending: releasedPending(now),
        failures: sql`${failures} + 1`,
        last_failure: now,
        updated_at: now,
      })
      .where('name', '=', key.name)
      .where('source', '=', key.source)
      .returning('failures')
      .executeTakeFirst();
    const count = Number(row?.failures ?? 1);
    if (count < rule.lockAt) return { failures: count, lockedUntil: 0, locked: false };
    const until = rule.lockUntil(count);
    // Only ever extends a lock; two failures finishing together cannot shorten it.
    await this.#db
      .updateTable('login_attempt')
      .set({
        locked_until: sql`CASE WHEN locked_until < ${until} THEN ${until} ELSE locked_until END`,
        ...(rule.resetOnLock ? { failures: 0 } : {}),
      })
      .where('name', '=', key.name)
      .where('source', '=', key.source)
      .execute();
    return { failures: rule.resetOnLock ? 0 : count, lockedUntil: until, locked: true };
  }

  /** Ends a reserved check that succeeded: failures and any backoff cleared, the success time kept. */
  async succeed(key: AttemptKey, now: number): Promise<void> {
    await this.#db
      .updateTable('login_attempt')
      .set({
        pending: releasedPending(now),
        failures: 0,
        locked_until: 0,
        last_success: now,
        updated_at: now,
      })
      .where('name', '=', key.name)
      .where('source', '=', key.source)
      .execute();
  }

  /** Gives a reservation back without a verdict (the check never ran: pool full, or an error). */
  async release(key: AttemptKey, now: number): Promise<void> {
    await this.#db
      .updateTable('login_attempt')
      .set({ pending: releasedPending(now) })
      .where('name', '=', key.name)
      .where('source', '=', key.source)
      .execute();
  }

  /** Deletes rows idle since `idleBefore` that hold no lock and no success since `successBefore`. */
  async prune(now: number, idleBefore: number, successBefore: number): Promise<void> {
    await this.#db
      .deleteFrom('login_attempt')
      .where('updated_at', '<', idleBefore)
      .where('last_success', '<', successBefore)
      .where('locked_until', '<', now)
      .execute();
  }
}

/** Checks in flight, not counting those abandoned past pending_until. */
function livePending(now: number): RawBuilder<number> {
  return sql<number>`(CASE WHEN pending_until > ${now} THEN pending ELSE 0 END)`;
}

/** One check fewer in flight (never below zero). */
function releasedPending(now: number): RawBuilder<number> {
  return sql<number>`(CASE WHEN pending_until > ${now} AND pending > 0 THEN pending - 1 ELSE 0 END)`;
}

/** Failures, not counting them once the last one is older than `forgetBefore`. */
function liveFailures(forgetBefore: number): RawBuilder<number> {
  return sql<number>`(CASE WHEN last_failure >= ${forgetBefore} THEN failures ELSE 0 END)`;
}
