// Migration 2026-12-01T03-00-00_friend_requests: friendships by consent, as Nakama's user_edge.
// One row per direction (source -> destination) with the state as the source sees it:
// 0 friend, 1 invite_sent, 2 invite_received, 3 blocked. The old `friends` table held only pairs
// that were friends both ways (the seed had no requests), so every old pair becomes two state-0 rows.
import { type Kysely, type Migration, sql } from 'kysely';

/** The migration; frozen once committed, like every other one. */
export const friendRequestsMigration: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's schema type.
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('friend_edge')
      .addColumn('source_id', 'integer', (col) => col.notNull().references('account.id').onDelete('cascade'))
      .addColumn('destination_id', 'integer', (col) =>
        col.notNull().references('account.id').onDelete('cascade'),
      )
      .addColumn('state', 'integer', (col) => col.notNull())
      // Milliseconds since the epoch of the last change; pending requests expire from it. 0 = before this migration.
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('friend_edge_pk', ['source_id', 'destination_id'])
      .addCheckConstraint('friend_edge_not_self', sql`source_id <> destination_id`)
      .addCheckConstraint('friend_edge_state', sql`state >= 0 AND state <= 3`)
      .execute();
    await db.schema
      .createIndex('friend_edge_destination_idx')
      .on('friend_edge')
      .columns(['destination_id', 'state'])
      .execute();
    for (const [source, destination] of [
      ['account_one_id', 'account_two_id'],
      ['account_two_id', 'account_one_id'],
    ] as const) {
      await db
        .insertInto('friend_edge')
        .columns(['source_id', 'destination_id', 'state', 'updated_at'])
        .expression(
          db
            .selectFrom('friends')
            .select([
              `${source} as source_id`,
              `${destination} as destination_id`,
              sql`0`.as('state'),
              sql`0`.as('updated_at'),
            ]),
        )
        .execute();
    }
    await db.schema.dropTable('friends').execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up().
  async down(db: Kysely<any>): Promise<void> {
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
    // Only accepted friendships existed before; requests and blocks are dropped.
    await db
      .insertInto('friends')
      .columns(['account_one_id', 'account_two_id'])
      .expression(
        db
          .selectFrom('friend_edge')
          .select(['source_id as account_one_id', 'destination_id as account_two_id'])
          .where('state', '=', 0)
          .whereRef('source_id', '<', 'destination_id'),
      )
      .execute();
    await db.schema.dropTable('friend_edge').execute();
  },
};
