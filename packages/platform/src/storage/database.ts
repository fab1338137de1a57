// One way to open the platform database: SQLite (better-sqlite3) by default, PostgreSQL for postgres:// URLs.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { type DialectName, migrateToLatest } from './migrations.ts';
import type { PlatformSchema } from './schema.ts';

/** An open, migrated database. */
export interface PlatformDatabase {
  db: Kysely<PlatformSchema>;
  dialect: DialectName;
  /** Names of the migrations applied by this open (empty when already up to date). */
  applied: string[];
  /** Closes the connection pool / file. */
  close(): Promise<void>;
}

/** Options for createDatabase. */
export interface CreateDatabaseOptions {
  /** PostgreSQL only: use (and create if needed) this schema instead of `public`, e.g. one per test file. */
  schema?: string;
  /** PostgreSQL only: pool size (default 10). */
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Whether a database URL selects PostgreSQL. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Opens the database at `url` and applies pending migrations.
 * `postgres://…`/`postgresql://…` → PostgreSQL; `:memory:`, `sqlite::memory:`, `sqlite:<path>` or a path → SQLite.
 */
export async function createDatabase(
  url: string,
  options: CreateDatabaseOptions = {},
): Promise<PlatformDatabase> {
  if (isPostgresUrl(url)) return openPostgres(url, options);
  return openSqlite(url);
}

async function openSqlite(url: string): Promise<PlatformDatabase> {
  const path = url.replace(/^sqlite:/i, '');
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const file = new SQLite(path);
  file.pragma('journal_mode = WAL');
  file.pragma('foreign_keys = ON');
  file.pragma('busy_timeout = 5000');
  const db = new Kysely<PlatformSchema>({ dialect: new SqliteDialect({ database: file }) });
  try {
    const applied = await migrateToLatest(db, 'sqlite');
    return { db, dialect: 'sqlite', applied, close: () => db.destroy() };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

async function openPostgres(url: string, options: CreateDatabaseOptions): Promise<PlatformDatabase> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(
      `Invalid PostgreSQL schema name "${schema}": use lower-case letters, digits and underscores.`,
    );
  }
  if (schema !== undefined) {
    // The name is checked against SCHEMA_NAME above; identifiers cannot be bound as parameters.
    const admin = new pg.Client({ connectionString: url });
    await connectOrExplain(admin, url);
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  const db = new Kysely<PlatformSchema>({ dialect: new PostgresDialect({ pool }) });
  try {
    const applied = await migrateToLatest(db, 'postgres', schema);
    return { db, dialect: 'postgres', applied, close: () => db.destroy() };
  } catch (error) {
    await db.destroy();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot open PostgreSQL at ${redactUrl(url)}: ${reason}`, { cause: error });
  }
}

async function connectOrExplain(client: pg.Client, url: string): Promise<void> {
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(url)}: ${reason}`, { cause: error });
  }
}

/** A database URL with any password replaced by `***`, safe to log. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]+:)[^@]*@/i, '$1***@');
}

/** Whether an error is a unique/primary-key violation on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = (error as { code: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
