// One way to open the platform database: SQLite (better-sqlite3) by default, PostgreSQL for postgres:// URLs.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { StartErrors } from '../errors.ts';
import { type DialectName, MigrationStepError, migrateToLatest } from './migrations.ts';
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
  /** PostgreSQL only: how long a request waits for a connection before it fails with 503 (default 5000 ms). */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL only: told when an idle pooled connection breaks (the server restarted or went away). The pool
   * drops that connection and opens a new one on the next query; without a listener pg would crash the process.
   */
  onIdleConnectionError?: (error: Error) => void;
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
  const label = path === ':memory:' ? 'SQLite :memory:' : resolve(path);
  let file: SQLite.Database | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    file = new SQLite(path);
    // The first statements read the file: a corrupt or foreign file fails here ("file is not a database").
    file.pragma('journal_mode = WAL');
    file.pragma('foreign_keys = ON');
    file.pragma('busy_timeout = 5000');
  } catch (error) {
    file?.close();
    throw new StartErrors.DATABASE_OPEN({ database: label, reason: reasonOf(error) }, { cause: error });
  }
  const db = new Kysely<PlatformSchema>({ dialect: new SqliteDialect({ database: file }) });
  return migrated(db, 'sqlite', label);
}

async function openPostgres(url: string, options: CreateDatabaseOptions): Promise<PlatformDatabase> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(
      `Invalid PostgreSQL schema name "${schema}": use lower-case letters, digits and underscores.`,
    );
  }
  const label = schema === undefined ? redactUrl(url) : `${redactUrl(url)} (schema ${schema})`;
  if (schema !== undefined) {
    // The name is checked against SCHEMA_NAME above; identifiers cannot be bound as parameters.
    const admin = new pg.Client({ connectionString: url });
    try {
      await admin.connect();
    } catch (error) {
      throw new StartErrors.DATABASE_OPEN({ database: label, reason: reasonOf(error) }, { cause: error });
    }
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } catch (error) {
      const reason = `creating the schema failed: ${reasonOf(error)}`;
      throw new StartErrors.DATABASE_OPEN({ database: label, reason }, { cause: error });
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle connection's error (e.g. "terminating connection due to administrator command") is re-emitted by
  // the pool; an 'error' event with no listener would kill the whole platform.
  pool.on('error', (error) => options.onIdleConnectionError?.(error));
  try {
    // Connect before migrating, so a wrong host, password or database name is told as such.
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw new StartErrors.DATABASE_OPEN({ database: label, reason: reasonOf(error) }, { cause: error });
  }
  const db = new Kysely<PlatformSchema>({ dialect: new PostgresDialect({ pool }) });
  return migrated(db, 'postgres', label, schema);
}

/** Applies pending migrations; a failure names the database and the step, and closes the connection. */
async function migrated(
  db: Kysely<PlatformSchema>,
  dialect: DialectName,
  label: string,
  schema?: string,
): Promise<PlatformDatabase> {
  try {
    const applied = await migrateToLatest(db, dialect, schema);
    return { db, dialect, applied, close: () => db.destroy() };
  } catch (error) {
    await db.destroy().catch(() => {});
    if (error instanceof MigrationStepError) {
      throw new StartErrors.DATABASE_MIGRATION(
        { database: label, step: error.step, reason: sentence(error.reason) },
        { cause: error },
      );
    }
    throw new StartErrors.DATABASE_OPEN({ database: label, reason: reasonOf(error) }, { cause: error });
  }
}

/** An error's message as the end of a sentence (drivers leave the full stop out). */
function reasonOf(error: unknown): string {
  const message =
    error instanceof AggregateError && error.message === '' ? error.errors.map(String).join('; ') : undefined;
  return sentence(message ?? (error instanceof Error ? error.message : String(error)));
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** A database URL with any password replaced by `***`, safe to log. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]+:)[^@]*@/i, '$1***@');
}

// PostgreSQL SQLSTATEs meaning "the server is not there right now": class 08 (connection exception),
// 57P01–57P03 (admin/crash shutdown, cannot connect now) and 53300 (too many connections).
const PG_UNAVAILABLE = /^(08...|57P0[1-3]|53300)$/;
// Node socket errors on the way to the database.
const SOCKET_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
// pg's own messages for a connection that dropped or could not be had in time (these carry no code).
const PG_UNAVAILABLE_MESSAGE =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed/i;

/**
 * Whether an error means the database is unreachable for the moment (PostgreSQL down, restarting or out of
 * connections; SQLite busy past its timeout), so the request may succeed if retried: the HTTP layer answers 503.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = 'code' in error ? String((error as { code: unknown }).code) : '';
  if (PG_UNAVAILABLE.test(code) || SOCKET_UNAVAILABLE.has(code)) return true;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return true;
  if (error instanceof Error && code === '' && PG_UNAVAILABLE_MESSAGE.test(error.message)) return true;
  // AggregateError (connecting to both ::1 and 127.0.0.1) and wrapped causes.
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  return error instanceof Error && error.cause !== undefined && isDatabaseUnavailable(error.cause);
}

/** Whether an error is a unique/primary-key violation on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = (error as { code: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
