// Public API of @paperclip/platform/client: the platform's HTTP API as a player sees it, with no server dependencies.
export { decryptAccountKey, decryptAccountKeyAsync } from '../auth/account-keys.ts';
export type {
  ErrorAnswer,
  FriendAddedAnswer,
  FriendLobbiesAnswer,
  FriendsAnswer,
  GameSelectorBody,
  GamesAnswer,
  KeyAnswer,
  LobbyIdQuery,
  LobbyInfoAnswer,
  MatchmakeAnswer,
  PlatformRequest,
  PlatformRoute,
  PlatformRoutes,
  RegisterAnswer,
  RegisterBody,
  ScoresAnswer,
  ScoresQuery,
  TokenAnswer,
  UsernameBody,
} from './api-types.ts';
export {
  type AccountRef,
  type FriendLobbies,
  type LobbyInfo,
  PlatformClient,
  type PlatformClientOptions,
  PlatformRequestError,
  PlatformSession,
  PlatformUnreachableError,
  type ScoreRow,
} from './platform-client.ts';
