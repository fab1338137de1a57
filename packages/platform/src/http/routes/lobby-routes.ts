// Games and lobbies: /games/, /lobby/all, /lobby/create, /lobby/, /lobby/members, /lobby/find,
// /lobby/friends, and /lobby/matchmake (find-or-create in one call).
import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import { PlatformError } from '../../errors.ts';
import type { Lobby } from '../../lobbies/lobby-manager.ts';
import type { GameRecord } from '../../storage/games-store.ts';
import { accountOf, requireAccount } from '../authenticate.ts';
import { mergeQueryIntoBody, requireOneOf } from '../request-fields.ts';
import {
  authenticated,
  errorResponses,
  gameSelectorBodySchema,
  lobbyIdBodySchema,
  lobbyInfoSchema,
  responses,
} from '../schemas.ts';
import type { PlatformServices } from '../services.ts';

interface GameSelector {
  'game-id'?: number;
  'game-name'?: string;
}

function lobbyInfo(lobby: Lobby) {
  return {
    'lobby-id': lobby.id,
    'lobby-addr': [lobby.address.host, lobby.address.port],
    'game-id': lobby.game.id,
  };
}

/** Registers the game and lobby routes. */
export async function lobbyRoutes(app: FastifyInstance, services: PlatformServices): Promise<void> {
  const authenticate = requireAccount(services.accounts);
  const { lobbies, registry } = services;

  /** Hosted games: the game table filtered to registered plugins. */
  async function hostedGames(): Promise<GameRecord[]> {
    return (await services.games.listGames()).filter((game) => registry.get(game.id) !== undefined);
  }

  /** The game named by `game-id` (tried first, as the seed) or `game-name`; 400 without either, 404 if none. */
  async function selectGame(body: GameSelector): Promise<GameRecord> {
    requireOneOf(body as Record<string, unknown>, ['game-id', 'game-name']);
    let game: GameRecord | undefined;
    if (body['game-id'] !== undefined) game = await services.games.getGame(body['game-id']);
    if (game === undefined && body['game-name'] !== undefined)
      game = await services.games.findGameByName(body['game-name']);
    if (game === undefined || registry.get(game.id) === undefined) throw new PlatformError('GAME_NOT_FOUND');
    return game;
  }

  const gameRoute = (summary: string, okStatus: number, okSchema: object): RouteShorthandOptions => ({
    onRequest: authenticate,
    preValidation: mergeQueryIntoBody,
    schema: {
      summary,
      description:
        'Fields may be sent as a JSON body (even with GET, as the seed does) or as query parameters.',
      tags: ['lobbies'],
      security: authenticated,
      body: gameSelectorBodySchema,
      response: { [okStatus]: okSchema, ...errorResponses(400, 401, 403, 404, 429, 503) },
    },
  });

  app.get(
    '/games/',
    {
      onRequest: authenticate,
      schema: {
        summary: 'Hosted games as {game-id: game-name}.',
        tags: ['lobbies'],
        security: authenticated,
        response: { 200: responses.games, ...errorResponses(401, 403) },
      },
    },
    async () => Object.fromEntries((await hostedGames()).map((game) => [String(game.id), game.name])),
  );

  app.get(
    '/lobby/all',
    {
      onRequest: authenticate,
      schema: {
        summary: 'Every running lobby with its game, size and whether it is full.',
        tags: ['lobbies'],
        security: authenticated,
        response: { 200: responses.lobbyAll, ...errorResponses(401, 403) },
      },
    },
    async () =>
      Object.fromEntries(
        lobbies.all().map((lobby) => [
          String(lobby.id),
          {
            ...lobbyInfo(lobby),
            game: { 'game-id': lobby.game.id, 'game-name': lobby.game.name },
            size: lobby.capacity,
            members: lobby.members.length,
            'is-full': lobby.isFull,
          },
        ]),
      ),
  );

  app.post<{ Body: GameSelector }>(
    '/lobby/create',
    gameRoute('Start a lobby (a game server on its own UDP port) for a game.', 201, lobbyInfoSchema),
    async (request, reply) => {
      const game = await selectGame(request.body);
      // The creator is held to the per-account lobby count and rate (429 with Retry-After beyond them).
      return reply.code(201).send(lobbyInfo(await lobbies.create(game.id, accountOf(request).id)));
    },
  );

  app.get<{ Body: { 'lobby-id': number } }>(
    '/lobby/',
    {
      onRequest: authenticate,
      preValidation: mergeQueryIntoBody,
      schema: {
        summary: "A lobby's address and game.",
        tags: ['lobbies'],
        security: authenticated,
        body: lobbyIdBodySchema,
        response: { 200: lobbyInfoSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const lobby = lobbies.get(request.body['lobby-id']);
      if (lobby === undefined) throw new PlatformError('LOBBY_NOT_FOUND');
      return lobbyInfo(lobby);
    },
  );

  app.get(
    '/lobby/members',
    {
      onRequest: authenticate,
      schema: {
        summary:
          'Members (account ids) of the running lobbies you or your accepted friends are in; others are left out.',
        tags: ['lobbies'],
        security: authenticated,
        response: { 200: responses.members, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      // Who is in which lobby is friends-only (finding 11); /lobby/all gives everyone the counts.
      const me = accountOf(request).id;
      const friends = await services.social.friendIds(me);
      const visible = (lobby: Lobby) =>
        lobby.members.some((m) => m.accountId === me || (m.accountId !== null && friends.has(m.accountId)));
      return Object.fromEntries(
        lobbies
          .all()
          .filter(visible)
          .map((lobby) => [String(lobby.id), lobby.members.map((m) => m.accountId)]),
      );
    },
  );

  app.get<{ Body: GameSelector }>(
    '/lobby/find',
    gameRoute('A running lobby of the game with room (404 if none).', 200, lobbyInfoSchema),
    async (request) => {
      const game = await selectGame(request.body);
      const lobby = lobbies.findOpen(game.id)[0];
      if (lobby === undefined)
        throw new PlatformError('LOBBY_NOT_FOUND', `No ${game.name} lobby has room right now.`);
      return lobbyInfo(lobby);
    },
  );

  app.post<{ Body: GameSelector }>(
    '/lobby/matchmake',
    gameRoute('Matchmaking: a lobby of the game with room, or a new one.', 200, responses.matchmake),
    async (request) => {
      const game = await selectGame(request.body);
      const { lobby, created } = await lobbies.matchmake(game.id, accountOf(request).id);
      return { ...lobbyInfo(lobby), created };
    },
  );

  app.get(
    '/lobby/friends',
    {
      onRequest: authenticate,
      schema: {
        summary: "Lobbies with room that the authenticated account's friends are in.",
        tags: ['lobbies'],
        security: authenticated,
        response: { 200: responses.friendLobbies, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const friends = await services.social.listFriends(accountOf(request).id);
      return friends
        .map((friend) => ({
          account: { 'account-id': friend.id, username: friend.username },
          lobbies: lobbies.withMember(friend.id).map((lobby) => ({
            'lobby-id': lobby.id,
            'game-id': lobby.game.id,
            'game-name': lobby.game.name,
          })),
        }))
        .filter((entry) => entry.lobbies.length > 0);
    },
  );
}
