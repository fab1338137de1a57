// Migration 2026-12-01T02-00-00_username_canonical: account.username_canonical (unique) and
// account.username_skeleton (indexed), backfilled from the existing usernames. Frozen once committed.
import type { Kysely, Migration } from 'kysely';
import { canonicalUsername, usernameSkeleton } from '../auth/usernames.ts';

/**
 * The canonical form given to a legacy row whose canonical form another row already holds (e.g. "Alice" and
 * "alice", both registered before this migration). It contains ":", which no valid username may, so no new
 * name can ever equal it; the account still logs in under its exact old spelling (lookups try that too).
 */
function legacyDuplicateCanonical(id: number, canonical: string): string {
  return `#duplicate-${id}:${canonical}`;
}

/** The migration; it computes the forms in JavaScript because SQL has no NFC or confusables table. */
export const usernameCanonicalMigration: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's schema type.
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('account').addColumn('username_canonical', 'text').execute();
    await db.schema.alterTable('account').addColumn('username_skeleton', 'text').execute();
    const rows: { id: number; username: string }[] = await db
      .selectFrom('account')
      .select(['id', 'username'])
      .orderBy('id')
      .execute();
    const canonicals = assignCanonicals(rows);
    for (const row of rows) {
      await db
        .updateTable('account')
        .set({
          username_canonical: canonicals.get(Number(row.id)),
          username_skeleton: usernameSkeleton(row.username),
        })
        .where('id', '=', row.id)
        .execute();
    }
    await db.schema
      .createIndex('account_username_canonical_idx')
      .on('account')
      .column('username_canonical')
      .unique()
      .execute();
    await db.schema
      .createIndex('account_username_skeleton_idx')
      .on('account')
      .column('username_skeleton')
      .execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up().
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('account_username_skeleton_idx').execute();
    await db.schema.dropIndex('account_username_canonical_idx').execute();
    await db.schema.alterTable('account').dropColumn('username_skeleton').execute();
    await db.schema.alterTable('account').dropColumn('username_canonical').execute();
  },
};

/**
 * Canonical form per account id. When several legacy rows share one, the row already spelled canonically
 * (or else the oldest) keeps it and the others get {@link legacyDuplicateCanonical}: the migration never fails.
 */
export function assignCanonicals(rows: readonly { id: number; username: string }[]): Map<number, string> {
  const owner = new Map<string, number>();
  for (const row of rows) {
    const canonical = canonicalUsername(row.username);
    const current = owner.get(canonical);
    if (current === undefined || row.username === canonical) owner.set(canonical, Number(row.id));
  }
  const result = new Map<number, string>();
  for (const row of rows) {
    const id = Number(row.id);
    const canonical = canonicalUsername(row.username);
    if (owner.get(canonical) === id) {
      result.set(id, canonical);
      continue;
    }
    let marker = legacyDuplicateCanonical(id, canonical);
    // A legacy name (":" was once allowed) could already be spelled like the marker.
    while (owner.has(marker)) marker += '#';
    result.set(id, marker);
  }
  return result;
}
