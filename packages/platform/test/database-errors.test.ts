// Database start-up failures name the database (path, or URL with the password hidden) and the step that failed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { StartError, StartErrors } from '../src/errors.ts';
import { createDatabase } from '../src/storage/database.ts';
import { TEST_POSTGRES_URL } from './support/databases.ts';

const dir = mkdtempSync(join(tmpdir(), 'paperclip-db-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A SQLite file made by `setup` (plain SQL), then opened by the platform. */
async function openFailure(name: string, setup: (file: SQLite.Database) => void): Promise<unknown> {
  const path = join(dir, name);
  const file = new SQLite(path);
  setup(file);
  file.close();
  return createDatabase(path).then(
    (database) => database.close().then(() => new Error('it opened')),
    (error: unknown) => error,
  );
}

describe('database start-up errors', () => {
  it('a file that is not SQLite: "could not be opened", with its absolute path', async () => {
    const path = join(dir, 'not-a-database.db');
    writeFileSync(path, 'these bytes are no SQLite header, just text that fills a page or so. '.repeat(20));
    const error = await createDatabase(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StartErrors.DATABASE_OPEN);
    expect(error).toBeInstanceOf(StartError);
    expect((error as Error).message).toBe(
      `The database ${path} could not be opened: file is not a database.`,
    );
  });

  it("another app's table of the same name: the migration that failed is named", async () => {
    const error = await openFailure('foreign.db', (file) => file.exec('CREATE TABLE account (x INTEGER)'));
    expect(error).toBeInstanceOf(StartErrors.DATABASE_MIGRATION);
    expect((error as Error).message).toBe(
      `The database ${join(dir, 'foreign.db')} could not be migrated (applying migration 2026-11-22T00-00-00_initial): table "account" already exists.`,
    );
  });

  it('a broken migration history: the step is reading it, never "(unknown)"', async () => {
    const error = await openFailure('history.db', (file) =>
      file.exec('CREATE TABLE kysely_migration (unrelated INTEGER)'),
    );
    expect(error).toBeInstanceOf(StartErrors.DATABASE_MIGRATION);
    expect((error as Error).message).toMatch(
      /^The database \S+history\.db could not be migrated \(reading the migration history\): .+[.?!]$/,
    );
    expect((error as Error).message).not.toContain('unknown');
  });

  it("a PostgreSQL database that does not exist: the URL with its password hidden, and the server's reason", async () => {
    const url = new URL(TEST_POSTGRES_URL);
    url.password = 'hunter2';
    url.pathname = '/paperclip_no_such_database';
    const error = await createDatabase(url.href).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StartErrors.DATABASE_OPEN);
    const message = (error as Error).message;
    expect(message).toContain(`The database ${url.href.replace(':hunter2@', ':***@')} could not be opened:`);
    expect(message).toContain('"paperclip_no_such_database" does not exist');
    expect(message).not.toContain('hunter2');
  });
});
