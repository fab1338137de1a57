// SocialStore on SQLite and PostgreSQL: friend edges by consent (Nakama's states), their limits and expiry,
// blocks, and the friend_requests migration's backfill of the old friends table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountsStore } from '../src/storage/accounts-store.ts';
import type { PlatformDatabase } from '../src/storage/database.ts';
import { friendRequestsMigration } from '../src/storage/friend-requests-migration.ts';
import { SocialStore } from '../src/storage/social-store.ts';
import { DIALECTS, openTestDatabase } from './support/databases.ts';

const DAY = 24 * 3600 * 1000;

describe.each(DIALECTS)('friend edges on %s', (dialect) => {
  let database: PlatformDatabase;
  let accounts: AccountsStore;
  let now = 1_800_000_000_000;
  let social: SocialStore;
  let next = 0;
  /** A fresh account id. */
  const newAccount = async () => {
    next += 1;
    const created = await accounts.create({
      username: `social${next}`,
      passwordHash: 'scrypt$2$1$1$AA==$AA==',
      privateKey: Buffer.from([1]),
      publicKey: Buffer.from([2]),
      createdAt: now,
    });
    return created.id;
  };
  const names = (list: { username: string }[]) => list.map((entry) => entry.username);
  beforeAll(async () => {
    database = await openTestDatabase(dialect, 'social_store');
    accounts = new AccountsStore(database.db);
    social = new SocialStore(database.db, {
      now: () => now,
      requestLifetimeMs: 7 * DAY,
      maxPendingRequests: 2,
    });
  });
  afterAll(async () => database.close());

  it('a request is one-sided until accepted; states as Nakama names them', async () => {
    const [a, b] = [await newAccount(), await newAccount()];
    expect(await social.request(a, b)).toBe('invite_sent');
    expect(await social.stateOf(a, b)).toBe('invite_sent');
    expect(await social.stateOf(b, a)).toBe('invite_received');
    expect(await social.listFriends(a)).toEqual([]);
    expect(await social.request(a, b)).toBe('already_sent');
    expect(await social.accept(a, b)).toBe(false); // only the receiver accepts
    expect(await social.accept(b, a)).toBe(true);
    expect([await social.stateOf(a, b), await social.stateOf(b, a)]).toEqual(['friend', 'friend']);
    expect(await social.friendIds(a)).toEqual(new Set([b]));
    expect(await social.request(b, a)).toBe('already_friends');
    expect(await social.removeFriends(b, a)).toBe(true);
    expect([await social.stateOf(a, b), await social.stateOf(b, a)]).toEqual([undefined, undefined]);
    expect(await social.removeFriends(b, a)).toBe(false);
  });

  it('limit: at most maxPendingRequests unanswered requests per sender; answered ones free a slot', async () => {
    const [a, b, c, d] = [await newAccount(), await newAccount(), await newAccount(), await newAccount()];
    expect(await social.request(a, b)).toBe('invite_sent');
    expect(await social.request(a, c)).toBe('invite_sent');
    expect(await social.request(a, d)).toBe('too_many_requests');
    expect(await social.stateOf(d, a)).toBeUndefined();
    expect(await social.decline(b, a)).toBe(true);
    expect(await social.request(a, d)).toBe('invite_sent');
    // Accepting someone else's request is never limited.
    expect(await social.request(b, a)).toBe('invite_sent');
    expect(await social.request(a, b)).toBe('friend');
  });

  it('unanswered requests expire after requestLifetimeMs and stop counting', async () => {
    const [a, b, c] = [await newAccount(), await newAccount(), await newAccount()];
    await social.request(a, b);
    await social.request(a, c);
    now += 7 * DAY + 1;
    expect(await social.listRequests(b)).toEqual({ incoming: [], outgoing: [] });
    expect(await social.accept(b, a)).toBe(false);
    expect(await social.request(a, b)).toBe('invite_sent');
    expect(names((await social.listRequests(a)).outgoing)).toEqual([`social${next - 1}`]);
    // The expired rows were deleted, not just hidden.
    const rows = await database.db.selectFrom('friend_edge').selectAll().where('source_id', '=', c).execute();
    expect(rows).toEqual([]);
  });

  it('a block hides requests from the blocker without telling the blocked account, and ends a friendship', async () => {
    const [a, b] = [await newAccount(), await newAccount()];
    await social.request(a, b);
    await social.accept(b, a);
    await social.block(b, a);
    expect(await social.stateOf(b, a)).toBe('blocked');
    expect(await social.stateOf(a, b)).toBeUndefined();
    expect(await social.blocks(b, a)).toBe(true);
    // a asks again: the same answer as any request, but b never sees it.
    expect(await social.request(a, b)).toBe('invite_sent');
    expect(await social.listRequests(b)).toEqual({ incoming: [], outgoing: [] });
    expect(await social.removeFriends(a, b)).toBe(true);
    expect(await social.stateOf(b, a)).toBe('blocked');
    expect(await social.unblock(b, a)).toBe(true);
    expect(await social.unblock(b, a)).toBe(false);
  });

  it('migration 2026-12-01T03-00-00_friend_requests: old friendships become accepted both ways', async () => {
    const [a, b, c] = [await newAccount(), await newAccount(), await newAccount()];
    await database.db.deleteFrom('friend_edge').execute();
    await social.request(a, c); // pending: dropped by down(), which keeps accepted friendships only
    await friendRequestsMigration.down!(database.db);
    // biome-ignore lint/suspicious/noExplicitAny: the old table is not in today's schema type.
    const old = database.db as any;
    await old.insertInto('friends').values({ account_one_id: a, account_two_id: b }).execute();
    await friendRequestsMigration.up(database.db);
    expect([await social.stateOf(a, b), await social.stateOf(b, a)]).toEqual(['friend', 'friend']);
    expect(await social.stateOf(a, c)).toBeUndefined();
    expect(names(await social.listFriends(b))).toEqual([`social${next - 2}`]);
  });
});
