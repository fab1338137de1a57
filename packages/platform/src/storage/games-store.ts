// Games (registered from the game plugins), their scores, and the durable lobby rows.
import type { Kysely } from 'kysely';
import type { PlatformSchema } from './schema.ts';

/** A game row. */
export interface GameRecord {
  id: number;
  name: string;
  minPlayers: number;
  maxPlayers: number;
}

/** A score row. */
export interface ScoreRecord {
  accountId: number;
  gameId: number;
  score: number;
}

/** Reads and writes games, scores and lobby rows. */
export class GamesStore {
  readonly #db: Kysely<PlatformSchema>;
  constructor(db: Kysely<PlatformSchema>) {
    this.#db = db;
  }

  /** Inserts the game or updates its name and player limits. */
  async upsertGame(game: GameRecord): Promise<void> {
    const values = { name: game.name, min_players: game.minPlayers, max_players: game.maxPlayers };
    await this.#db
      .insertInto('game')
      .values({ id: game.id, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
  }

  /** Every game, by id. */
  async listGames(): Promise<GameRecord[]> {
    const rows = await this.#db.selectFrom('game').selectAll().orderBy('id').execute();
    return rows.map(toGame);
  }

  /** The game with this id, if any. */
  async getGame(id: number): Promise<GameRecord | undefined> {
    const row = await this.#db.selectFrom('game').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toGame(row);
  }

  /** The game with this name (case-insensitive, as the seed client compares names), if any. */
  async findGameByName(name: string): Promise<GameRecord | undefined> {
    const games = await this.listGames();
    const wanted = name.toLowerCase();
    return games.find((game) => game.name.toLowerCase() === wanted);
  }

  /** Records one score. */
  async recordScore(score: ScoreRecord): Promise<void> {
    await this.#db
      .insertInto('scores')
      .values({ account_id: score.accountId, game_id: score.gameId, score: score.score })
      .execute();
  }

  /** The best `limit` scores of a game, highest first. */
  async topScores(gameId: number, limit: number): Promise<ScoreRecord[]> {
    const rows = await this.#db
      .selectFrom('scores')
      .select(['account_id', 'game_id', 'score'])
      .where('game_id', '=', gameId)
      .orderBy('score', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      accountId: Number(row.account_id),
      gameId: Number(row.game_id),
      score: row.score,
    }));
  }

  /** Inserts a lobby row and returns its id. */
  async openLobby(gameId: number, host: string, port: number, now: number): Promise<number> {
    const row = await this.#db
      .insertInto('lobby')
      .values({ game_id: gameId, host, port, created_at: now, closed_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /** Marks a lobby row closed. */
  async closeLobby(lobbyId: number, now: number): Promise<void> {
    await this.#db.updateTable('lobby').set({ closed_at: now }).where('id', '=', lobbyId).execute();
  }

  /** Marks every lobby still open as closed (their servers died with the previous process). */
  async closeStaleLobbies(now: number): Promise<number> {
    const result = await this.#db
      .updateTable('lobby')
      .set({ closed_at: now })
      .where('closed_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

function toGame(row: { id: number; name: string; min_players: number; max_players: number }): GameRecord {
  return { id: Number(row.id), name: row.name, minPlayers: row.min_players, maxPlayers: row.max_players };
}
