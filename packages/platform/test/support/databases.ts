// Test databases: every storage test runs on SQLite and on this machine's PostgreSQL (fresh schema per file).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type PlatformDatabase } from '../../src/storage/database.ts';

/** PostgreSQL for tests: 127.0.0.1:5432, database `test`, trust auth. Unreachable = the test fails. */
export const TEST_POSTGRES_URL =
  process.env['PAPERCLIP_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Both dialects, for `describe.each(DIALECTS)`. */
export const DIALECTS = ['sqlite', 'postgres'] as const;
export type TestDialect = (typeof DIALECTS)[number];

/** Opens a fresh, migrated database; on PostgreSQL in a new schema that close() drops. */
export async function openTestDatabase(dialect: TestDialect, label: string): Promise<PlatformDatabase> {
  if (dialect === 'sqlite') return createDatabase(':memory:');
  const schema = `t_${label
    .replace(/[^a-z0-9]/gi, '_')
    .toLowerCase()
    .slice(0, 30)}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const database = await createDatabase(TEST_POSTGRES_URL, { schema, poolSize: 4 });
  return {
    ...database,
    async close() {
      await database.close();
      const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await admin.connect();
      try {
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}
