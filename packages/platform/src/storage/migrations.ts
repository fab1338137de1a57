// Versioned schema migrations: ISO-date names, frozen once committed, applied in order at start.
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { friendRequestsMigration } from './friend-requests-migration.ts';
import { loginAttemptsMigration } from './login-attempts-migration.ts';
import { usernameCanonicalMigration } from './username-canonical-migration.ts';

/** Which SQL dialect a database speaks; migrations differ only in id and binary column types. */
export type DialectName = 'sqlite' | 'postgres';

/** Migrations by name. NEVER edit one that has been committed: add a new one. */
function migrationsFor(dialect: DialectName): Record<string, Migration> {
  const idType = dialect === 'postgres' ? 'serial' : 'integer';
  const binaryType = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    '2026-11-22T00-00-00_initial': {
      // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's schema type.
      async up(db: Kysely<any>): Promise<void> {
        await db.schema
          .createTable('account')
          .addColumn('id', idType, (col) =>
            dialect === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement(),
          )
          .addColumn('username', 'varchar(255)', (col) => col.notNull().unique())
          .addColumn('password_hash', 'varchar(255)', (col) => col.notNull())
          .addColumn('private_key', binaryType, (col) => col.notNull())
          .addColumn('public_key', binaryType, (col) => col.notNull())
          .addColumn('created_at', 'bigint', (col) => col.notNull())
          .execute();
        await db.schema
          .createTable('account_lockout')
          .addColumn('account_id', 'integer', (col) =>
            col.primaryKey().references('account.id').onDelete('cascade'),
          )
          .addColumn('failed_logins', 'integer', (col) => col.notNull().defaultTo(0))
          .addColumn('locked_until', 'bigint', (col) => col.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable('game')
          .addColumn('id', 'integer', (col) => col.primaryKey())
          .addColumn('name', 'varchar(255)', (col) => col.notNull().unique())
          .addColumn('min_players', 'integer', (col) => col.notNull().defaultTo(1))
          .addColumn('max_players', 'integer', (col) => col.notNull())
          .execute();
        await db.schema
          .createTable('friends')
          .addColumn('account_one_id', 'integer', (col) =>
            col.notNull().references('account.id').onDelete('cascade'),
          )
          .addColumn('account_two_id', 'integer', (col) =>
            col.notNull().references('account.id').onDelete('cascade'),
          )
          .addPrimaryKeyConstraint('friends_pk', ['account_one_id', 'account_two_id'])
          .addCheckConstraint('friends_ordered', sql`account_one_id < account_two_id`)
          .execute();
        await db.schema.createIndex('friends_two_idx').on('friends').column('account_two_id').execute();
        await db.schema
          .createTable('scores')
          .addColumn('id', idType, (col) =>
            dialect === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement(),
          )
          .addColumn('score', 'integer', (col) => col.notNull())
          .addColumn('account_id', 'integer', (col) =>
            col.notNull().references('account.id').onDelete('cascade'),
          )
          .addColumn('game_id', 'integer', (col) => col.notNull().references('game.id'))
          .execute();
        await db.schema.createIndex('scores_game_idx').on('scores').columns(['game_id', 'score']).execute();
        await db.schema
          .createTable('lobby')
          .addColumn('id', idType, (col) =>
            dialect === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement(),
          )
          .addColumn('game_id', 'integer', (col) => col.notNull().references('game.id'))
          .addColumn('host', 'varchar(255)', (col) => col.notNull())
          .addColumn('port', 'integer', (col) => col.notNull())
          .addColumn('created_at', 'bigint', (col) => col.notNull())
          .addColumn('closed_at', 'bigint')
          .execute();
      },
      // biome-ignore lint/suspicious/noExplicitAny: see up().
      async down(db: Kysely<any>): Promise<void> {
        for (const table of ['lobby', 'scores', 'friends', 'game', 'account_lockout', 'account']) {
          await db.schema.dropTable(table).execute();
        }
      },
    },
    '2026-12-01T01-00-00_login_attempts': loginAttemptsMigration,
    '2026-12-01T02-00-00_username_canonical': usernameCanonicalMigration,
    '2026-12-01T03-00-00_friend_requests': friendRequestsMigration,
  };
}

class InCodeMigrationProvider implements MigrationProvider {
  readonly #dialect: DialectName;
  constructor(dialect: DialectName) {
    this.#dialect = dialect;
  }
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrationsFor(this.#dialect);
  }
}

/**
 * A migration run that failed, with the step it failed at: `applying migration <name>`, or `reading the
 * migration history` when kysely failed before any migration ran (its table, its lock, its list).
 */
export class MigrationStepError extends Error {
  readonly step: string;
  readonly reason: string;
  constructor(step: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Database migration failed (${step}): ${reason}`, { cause });
    this.step = step;
    this.reason = reason;
  }
}

/** Applies every pending migration in name order; throws a {@link MigrationStepError} naming the step. */
export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  dialect: DialectName,
  schema?: string,
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new InCodeMigrationProvider(dialect),
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error !== undefined) {
    const step =
      failed === undefined ? 'reading the migration history' : `applying migration ${failed.migrationName}`;
    throw new MigrationStepError(step, error);
  }
  return (results ?? [])
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
}
