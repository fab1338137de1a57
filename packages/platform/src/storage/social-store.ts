// Friendships by consent, as Nakama's user_edge: one row per direction, holding the state as its source
// sees the other account. Adding someone is a request; only an accepted pair are friends.
import type { Kysely, Transaction } from 'kysely';
import type { PlatformSchema } from './schema.ts';

/** Edge states (the numbers are stored; Nakama uses the same ones). */
const FriendState = { friend: 0, invite_sent: 1, invite_received: 2, blocked: 3 } as const;
/** `friend`, `invite_sent`, `invite_received` or `blocked`. */
export type FriendStateName = keyof typeof FriendState;
type FriendStateValue = (typeof FriendState)[FriendStateName];

/** A friend (or requester) as listed to the user. */
export interface FriendRecord {
  id: number;
  username: string;
}

/** What POST /friends/add did. */
export type FriendRequestOutcome =
  | 'invite_sent'
  | 'friend'
  | 'already_friends'
  | 'already_sent'
  | 'too_many_requests';

/** Limits on requests: every one is waiting state a stranger can create, so it is capped and expires. */
export interface SocialStoreOptions {
  /** Milliseconds since the epoch. Default: Date.now. */
  now?: () => number;
  /** An unanswered request is dropped after this many milliseconds. Default: 30 days. */
  requestLifetimeMs?: number;
  /** Most unanswered requests one account may have sent. Default: 100. */
  maxPendingRequests?: number;
}

const DEFAULT_FRIEND_REQUEST_LIFETIME_MS = 30 * 24 * 3600 * 1000;
export const DEFAULT_MAX_PENDING_FRIEND_REQUESTS = 100;

type Db = Kysely<PlatformSchema> | Transaction<PlatformSchema>;

/** Reads and writes friend edges. */
export class SocialStore {
  readonly #db: Kysely<PlatformSchema>;
  readonly #now: () => number;
  readonly #lifetimeMs: number;
  readonly #maxPending: number;
  constructor(db: Kysely<PlatformSchema>, options: SocialStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#lifetimeMs = options.requestLifetimeMs ?? DEFAULT_FRIEND_REQUEST_LIFETIME_MS;
    this.#maxPending = options.maxPendingRequests ?? DEFAULT_MAX_PENDING_FRIEND_REQUESTS;
  }

  /**
   * `from` asks `to` to be friends. If `to` had already asked `from`, this accepts (as Nakama does).
   * If `to` blocks `from`, the request is recorded on `from`'s side only and `to` never sees it;
   * the answer is the same as for any request, so a block is not revealed.
   */
  async request(from: number, to: number): Promise<FriendRequestOutcome> {
    return this.#db.transaction().execute(async (trx) => {
      const now = this.#now();
      await this.#dropExpired(trx, from, now);
      const mine = await this.#state(trx, from, to, now);
      if (mine === FriendState.friend) return 'already_friends';
      if (mine === FriendState.invite_sent) return 'already_sent';
      if (mine === FriendState.invite_received) {
        await this.#put(trx, from, to, FriendState.friend, now);
        await this.#put(trx, to, from, FriendState.friend, now);
        return 'friend';
      }
      if ((await this.#countPending(trx, from, now)) >= this.#maxPending) return 'too_many_requests';
      const theirs = await this.#state(trx, to, from, now);
      await this.#put(trx, from, to, FriendState.invite_sent, now);
      if (theirs !== FriendState.blocked) await this.#put(trx, to, from, FriendState.invite_received, now);
      return 'invite_sent';
    });
  }

  /** `accountId` accepts `requesterId`'s request; false if there is none. */
  async accept(accountId: number, requesterId: number): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const now = this.#now();
      if ((await this.#state(trx, accountId, requesterId, now)) !== FriendState.invite_received) return false;
      await this.#put(trx, accountId, requesterId, FriendState.friend, now);
      await this.#put(trx, requesterId, accountId, FriendState.friend, now);
      return true;
    });
  }

  /** `accountId` declines `requesterId`'s request (both sides forget it); false if there is none. */
  async decline(accountId: number, requesterId: number): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const now = this.#now();
      if ((await this.#state(trx, accountId, requesterId, now)) !== FriendState.invite_received) return false;
      await this.#delete(trx, accountId, requesterId);
      await this.#delete(trx, requesterId, accountId);
      return true;
    });
  }

  /**
   * Ends a friendship, withdraws a sent request or declines a received one; false if there was none.
   * A block is not lifted here (see unblock), and the other side's block of this account stays.
   */
  async removeFriends(accountId: number, otherId: number): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const now = this.#now();
      const mine = await this.#state(trx, accountId, otherId, now);
      if (mine === undefined || mine === FriendState.blocked) return false;
      await this.#delete(trx, accountId, otherId);
      if ((await this.#state(trx, otherId, accountId, now)) !== FriendState.blocked)
        await this.#delete(trx, otherId, accountId);
      return true;
    });
  }

  /** `accountId` blocks `otherId`: any friendship or request between them ends (for the chat's use). */
  async block(accountId: number, otherId: number): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      const now = this.#now();
      await this.#put(trx, accountId, otherId, FriendState.blocked, now);
      if ((await this.#state(trx, otherId, accountId, now)) !== FriendState.blocked)
        await this.#delete(trx, otherId, accountId);
    });
  }

  /** Lifts `accountId`'s block of `otherId`; false if there was none. */
  async unblock(accountId: number, otherId: number): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('friend_edge')
      .where('source_id', '=', accountId)
      .where('destination_id', '=', otherId)
      .where('state', '=', FriendState.blocked)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** The edge from `accountId` to `otherId` by name, or undefined (expired requests count as none). */
  async stateOf(accountId: number, otherId: number): Promise<FriendStateName | undefined> {
    const state = await this.#state(this.#db, accountId, otherId, this.#now());
    return state === undefined ? undefined : STATE_NAMES[state];
  }

  /** True if `accountId` blocks `otherId`. */
  async blocks(accountId: number, otherId: number): Promise<boolean> {
    return (await this.stateOf(accountId, otherId)) === 'blocked';
  }

  /** Accepted friends of the account, by id. */
  async listFriends(accountId: number): Promise<FriendRecord[]> {
    return this.#list(accountId, FriendState.friend);
  }

  /** Ids of the account's accepted friends. */
  async friendIds(accountId: number): Promise<Set<number>> {
    const rows = await this.#db
      .selectFrom('friend_edge')
      .select('destination_id')
      .where('source_id', '=', accountId)
      .where('state', '=', FriendState.friend)
      .execute();
    return new Set(rows.map((row) => Number(row.destination_id)));
  }

  /** Unanswered requests: `incoming` from others to the account, `outgoing` from it. */
  async listRequests(accountId: number): Promise<{ incoming: FriendRecord[]; outgoing: FriendRecord[] }> {
    return {
      incoming: await this.#list(accountId, FriendState.invite_received),
      outgoing: await this.#list(accountId, FriendState.invite_sent),
    };
  }

  async #list(accountId: number, state: FriendStateValue): Promise<FriendRecord[]> {
    let query = this.#db
      .selectFrom('friend_edge')
      .innerJoin('account', 'account.id', 'friend_edge.destination_id')
      .select(['account.id as id', 'account.username as username'])
      .where('friend_edge.source_id', '=', accountId)
      .where('friend_edge.state', '=', state);
    if (isPending(state)) query = query.where('friend_edge.updated_at', '>=', this.#oldestLive(this.#now()));
    const rows = await query.orderBy('account.id').execute();
    return rows.map((row) => ({ id: Number(row.id), username: row.username }));
  }

  async #state(
    db: Db,
    source: number,
    destination: number,
    now: number,
  ): Promise<FriendStateValue | undefined> {
    const row = await db
      .selectFrom('friend_edge')
      .select(['state', 'updated_at'])
      .where('source_id', '=', source)
      .where('destination_id', '=', destination)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const state = row.state as FriendStateValue;
    if (isPending(state) && Number(row.updated_at) < this.#oldestLive(now)) return undefined;
    return state;
  }

  async #countPending(db: Db, source: number, now: number): Promise<number> {
    const row = await db
      .selectFrom('friend_edge')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
      .where('source_id', '=', source)
      .where('state', '=', FriendState.invite_sent)
      .where('updated_at', '>=', this.#oldestLive(now))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Deletes the account's expired requests, both ways, so they do not pile up. */
  async #dropExpired(db: Db, accountId: number, now: number): Promise<void> {
    await db
      .deleteFrom('friend_edge')
      .where((eb) => eb.or([eb('source_id', '=', accountId), eb('destination_id', '=', accountId)]))
      .where('state', 'in', [FriendState.invite_sent, FriendState.invite_received])
      .where('updated_at', '<', this.#oldestLive(now))
      .execute();
  }

  async #put(
    db: Db,
    source: number,
    destination: number,
    state: FriendStateValue,
    now: number,
  ): Promise<void> {
    await db
      .insertInto('friend_edge')
      .values({ source_id: source, destination_id: destination, state, updated_at: now })
      .onConflict((oc) => oc.columns(['source_id', 'destination_id']).doUpdateSet({ state, updated_at: now }))
      .execute();
  }

  async #delete(db: Db, source: number, destination: number): Promise<void> {
    await db
      .deleteFrom('friend_edge')
      .where('source_id', '=', source)
      .where('destination_id', '=', destination)
      .execute();
  }

  #oldestLive(now: number): number {
    return now - this.#lifetimeMs;
  }
}

const STATE_NAMES: Record<FriendStateValue, FriendStateName> = {
  0: 'friend',
  1: 'invite_sent',
  2: 'invite_received',
  3: 'blocked',
};

function isPending(state: FriendStateValue): boolean {
  return state === FriendState.invite_sent || state === FriendState.invite_received;
}
