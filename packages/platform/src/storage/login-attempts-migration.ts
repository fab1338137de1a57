// Migration 2026-12-01T01-00-00_login_attempts: the login_attempt table that replaces account_lockout
// (kept, unused, because migrations are frozen). Frozen once committed.
import type { Kysely, Migration } from 'kysely';

/** One row per (canonical name, source address), plus one per name with source '' for the account-wide rule. */
export const loginAttemptsMigration: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's schema type.
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('login_attempt')
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('source', 'text', (col) => col.notNull())
      .addColumn('failures', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('pending', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('pending_until', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('locked_until', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('last_failure', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('last_success', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('updated_at', 'bigint', (col) => col.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('login_attempt_pk', ['name', 'source'])
      .execute();
    await db.schema
      .createIndex('login_attempt_updated_idx')
      .on('login_attempt')
      .column('updated_at')
      .execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up().
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('login_attempt').execute();
  },
};
