// Scores (the seed's Scores model): final scores of finished games, listed per game with account names.
import type { Kysely } from 'kysely';
import type { PlatformSchema } from './schema.ts';

/** One stored score with the account's name. */
export interface ScoreEntry {
  accountId: number;
  username: string;
  score: number;
}

/** Which scores to list. */
export interface ScoreQuery {
  gameId: number;
  /** Only this account's scores. */
  accountId?: number;
  /** Most rows returned (the caller bounds it). */
  limit: number;
}

/** Reads and writes the scores table. */
export class ScoresStore {
  readonly #db: Kysely<PlatformSchema>;
  constructor(db: Kysely<PlatformSchema>) {
    this.#db = db;
  }

  /** Stores the final scores of one finished game, one row per account, in one transaction. */
  async recordGame(gameId: number, scores: readonly { accountId: number; score: number }[]): Promise<void> {
    if (scores.length === 0) return;
    await this.#db
      .insertInto('scores')
      .values(scores.map((entry) => ({ game_id: gameId, account_id: entry.accountId, score: entry.score })))
      .execute();
  }

  /** A game's scores, highest first (ties: oldest first), optionally of one account. */
  async list(query: ScoreQuery): Promise<ScoreEntry[]> {
    let select = this.#db
      .selectFrom('scores')
      .innerJoin('account', 'account.id', 'scores.account_id')
      .select(['scores.account_id', 'account.username', 'scores.score'])
      .where('scores.game_id', '=', query.gameId);
    if (query.accountId !== undefined) select = select.where('scores.account_id', '=', query.accountId);
    const rows = await select
      .orderBy('scores.score', 'desc')
      .orderBy('scores.id')
      .limit(query.limit)
      .execute();
    return rows.map((row) => ({
      accountId: Number(row.account_id),
      username: row.username,
      score: row.score,
    }));
  }
}
