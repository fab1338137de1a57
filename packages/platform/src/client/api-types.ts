// The HTTP API's request and answer types, derived from the routes' JSON schemas so the client cannot drift from the server.
// Type-only imports: nothing here exists at run time, so the client loads neither the schemas nor json-schema-to-ts.
import type { FromSchema } from 'json-schema-to-ts';
import type {
  errorSchema,
  gameSelectorBodySchema,
  lobbyIdBodySchema,
  lobbyInfoSchema,
  registerBodySchema,
  responses,
  usernameBodySchema,
} from '../http/schemas.ts';

/** `{error, message}`: every error answer. */
export type ErrorAnswer = FromSchema<typeof errorSchema>;
/** Body of POST /auth/register. */
export type RegisterBody = FromSchema<ReturnType<typeof registerBodySchema>>;
/** `{username}` of the friend routes. */
export type UsernameBody = FromSchema<typeof usernameBodySchema>;
/** `{game-id}` or `{game-name}` of /lobby/create and /lobby/matchmake. */
export type GameSelectorBody = FromSchema<typeof gameSelectorBodySchema>;
/** `{lobby-id}` of GET /lobby/ (sent as the query string). */
export type LobbyIdQuery = FromSchema<typeof lobbyIdBodySchema>;
/** `{game-id}` of GET /scores/ (sent as the query string; the route also takes `account-id` and `limit`). */
export interface ScoresQuery {
  'game-id': number;
}

/** Answer of POST /auth/register. */
export type RegisterAnswer = FromSchema<typeof responses.register>;
/** Answer of GET /auth/token. */
export type TokenAnswer = FromSchema<typeof responses.token>;
/** Answer of GET /auth/key. */
export type KeyAnswer = FromSchema<typeof responses.key>;
/** Answer of GET /games/: `{game-id: game-name}`. */
export type GamesAnswer = FromSchema<typeof responses.games>;
/** Answer of GET /friends/. */
export type FriendsAnswer = FromSchema<typeof responses.friends>;
/** Answer of POST /friends/add (state `invite_sent` or `friend`) and POST /friends/accept (state `friend`). */
export type FriendAddedAnswer = FromSchema<typeof responses.friendAdded>;
/** Answer of GET /friends/requests: `{incoming, outgoing}` unanswered requests. */
export type FriendRequestsAnswer = FromSchema<typeof responses.friendRequests>;
/** Answer of GET /lobby/friends. */
export type FriendLobbiesAnswer = FromSchema<typeof responses.friendLobbies>;
/** Answer of GET /lobby/ and POST /lobby/create. */
export type LobbyInfoAnswer = FromSchema<typeof lobbyInfoSchema>;
/** Answer of POST /lobby/matchmake. */
export type MatchmakeAnswer = FromSchema<typeof responses.matchmake>;
/** Answer of GET /scores/. */
export type ScoresAnswer = FromSchema<typeof responses.scores>;

/** One route: what its answer is, and what it takes as a JSON body or as a query string (`never`: nothing). */
interface Route<Answer, Body = never, Query = never> {
  answer: Answer;
  body: Body;
  query: Query;
}

/** The routes the client calls, by `METHOD /path`. */
export interface PlatformRoutes {
  'POST /auth/register': Route<RegisterAnswer, RegisterBody>;
  'GET /auth/token': Route<TokenAnswer>;
  'GET /auth/key': Route<KeyAnswer>;
  'GET /games/': Route<GamesAnswer>;
  'GET /friends/': Route<FriendsAnswer>;
  'POST /friends/add': Route<FriendAddedAnswer, UsernameBody>;
  'GET /friends/requests': Route<FriendRequestsAnswer>;
  'POST /friends/accept': Route<FriendAddedAnswer, UsernameBody>;
  /** 204, no body. */
  'POST /friends/decline': Route<null, UsernameBody>;
  /** 204, no body. */
  'DELETE /friend/remove': Route<null, UsernameBody>;
  'GET /lobby/friends': Route<FriendLobbiesAnswer>;
  'GET /lobby/': Route<LobbyInfoAnswer, never, LobbyIdQuery>;
  'POST /lobby/create': Route<LobbyInfoAnswer, GameSelectorBody>;
  'POST /lobby/matchmake': Route<MatchmakeAnswer, GameSelectorBody>;
  'GET /scores/': Route<ScoresAnswer, never, ScoresQuery>;
}

/** `METHOD /path` of a route the client calls. */
export type PlatformRoute = keyof PlatformRoutes;

/** What one call sends besides the route: credentials, and the body or query the route takes. */
export type PlatformRequest<R extends PlatformRoute> = { authorization?: string } & ([
  PlatformRoutes[R]['body'],
] extends [never]
  ? { body?: never }
  : { body: PlatformRoutes[R]['body'] }) &
  ([PlatformRoutes[R]['query']] extends [never] ? { query?: never } : { query: PlatformRoutes[R]['query'] });
