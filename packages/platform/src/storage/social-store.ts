// Friendships: one row per pair, stored ordered (smaller id first) as the seed does.
import type { Kysely } from 'kysely';
import type { PlatformSchema } from './schema.ts';

/** A friend as listed to the user. */
export interface FriendRecord {
  id: number;
  username: string;
}

/** Reads and writes friendships. */
export class SocialStore {
  readonly #db: Kysely<PlatformSchema>;
  constructor(db: Kysely<PlatformSchema>) {
    this.#db = db;
  }

  /** Records a friendship; returns false if it already existed. */
  async addFriends(accountA: number, accountB: number): Promise<boolean> {
    const [one, two] = ordered(accountA, accountB);
    const result = await this.#db
      .insertInto('friends')
      .values({ account_one_id: one, account_two_id: two })
      .onConflict((oc) => oc.columns(['account_one_id', 'account_two_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** Removes a friendship; returns false if there was none. */
  async removeFriends(accountA: number, accountB: number): Promise<boolean> {
    const [one, two] = ordered(accountA, accountB);
    const result = await this.#db
      .deleteFrom('friends')
      .where('account_one_id', '=', one)
      .where('account_two_id', '=', two)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Every friend of the account, by id. */
  async listFriends(accountId: number): Promise<FriendRecord[]> {
    const rows = await this.#db
      .selectFrom('friends')
      .innerJoin('account', (join) =>
        join.on((eb) =>
          eb.or([
            eb.and([
              eb('friends.account_one_id', '=', accountId),
              eb('account.id', '=', eb.ref('friends.account_two_id')),
            ]),
            eb.and([
              eb('friends.account_two_id', '=', accountId),
              eb('account.id', '=', eb.ref('friends.account_one_id')),
            ]),
          ]),
        ),
      )
      .select(['account.id as id', 'account.username as username'])
      .orderBy('account.id')
      .execute();
    return rows.map((row) => ({ id: Number(row.id), username: row.username }));
  }
}

function ordered(a: number, b: number): [number, number] {
  return a < b ? [a, b] : [b, a];
}
