// GET /scores/?game-id=…: a game's stored final scores per account (the seed's Scores model had no route).
import type { FastifyInstance } from 'fastify';
import { PlatformError } from '../../errors.ts';
import { ScoresStore } from '../../storage/scores-store.ts';
import { requireAccount } from '../authenticate.ts';
import { mergeQueryIntoBody } from '../request-fields.ts';
import { authenticated, errorResponses, responses } from '../schemas.ts';
import type { PlatformServices } from '../services.ts';

/** Rows returned when the request does not say; also the most it may ask for is {@link MAX_SCORES_LIMIT}. */
const DEFAULT_SCORES_LIMIT = 100;
/** Most rows one request may ask for. */
const MAX_SCORES_LIMIT = 1000;

const scoresQuerySchema = {
  type: 'object',
  required: ['game-id'],
  properties: {
    'game-id': { type: 'integer', minimum: 1, maximum: 2147483647 },
    'account-id': { type: 'integer', minimum: 1, maximum: 2147483647 },
    limit: { type: 'integer', minimum: 1, maximum: MAX_SCORES_LIMIT },
  },
} as const;

interface ScoresQuery {
  'game-id': number;
  'account-id'?: number;
  limit?: number;
}

/** Registers GET /scores/. */
export async function scoresRoutes(app: FastifyInstance, services: PlatformServices): Promise<void> {
  const store = new ScoresStore(services.database.db);
  app.get<{ Body: ScoresQuery }>(
    '/scores/',
    {
      onRequest: requireAccount(services.accounts),
      preValidation: mergeQueryIntoBody,
      schema: {
        summary: "A game's final scores per account, highest first.",
        description:
          'One row per account per finished game. `account-id` narrows to one account; `limit` (default ' +
          `${DEFAULT_SCORES_LIMIT}, at most ${MAX_SCORES_LIMIT}) bounds the rows. Fields may be query parameters.`,
        tags: ['games'],
        security: authenticated,
        body: scoresQuerySchema,
        response: { 200: responses.scores, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const gameId = request.body['game-id'];
      const game = await services.games.getGame(gameId);
      if (game === undefined) throw new PlatformError('GAME_NOT_FOUND');
      const entries = await store.list({
        gameId,
        ...(request.body['account-id'] === undefined ? {} : { accountId: request.body['account-id'] }),
        limit: request.body.limit ?? DEFAULT_SCORES_LIMIT,
      });
      return {
        'game-id': game.id,
        'game-name': game.name,
        scores: entries.map((entry) => ({
          'account-id': entry.accountId,
          username: entry.username,
          score: entry.score,
        })),
      };
    },
  );
}
