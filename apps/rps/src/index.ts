// Public API of @paperclip/rps: the rules, the game plugin (server), the player client and its CLI side.
export { rpsCliGame } from './cli/rps-cli-game.ts';
export { GameClosedError, RoundTimeoutError } from './cli/scripted-game.ts';
export { EventQueue } from './client/event-queue.ts';
export { type JoinLobbyOptions, joinRpsLobby } from './client/join-lobby.ts';
export {
  JoinFailure,
  type RpsEvent,
  RpsJoinError,
  RpsPlayer,
  type RpsPlayerOptions,
} from './client/rps-player.ts';
export { GameOverReason, type MatchOutput, type MatchPhase, type PlayerScore, RpsMatch } from './match.ts';
export {
  ChoiceMessage,
  createRpsRegistry,
  GameOverMessage,
  RoundMessage,
  RPS_MESSAGES,
  StateMessage,
} from './messages.ts';
export {
  Choice,
  choiceName,
  evaluateWin,
  isChoice,
  Outcome,
  outcomeName,
  parseChoice,
  parseMoves,
  RPS_GAME,
} from './rules.ts';
export {
  decodeSeedChoice,
  encodeSeedChoice,
  encodeSeedReply,
  looksLikeSeedJson,
  MAX_SEED_PAYLOAD_BYTES,
  type SeedRoundReply,
} from './seed-json.ts';
export { createRpsGame } from './server/rps-game.ts';
export { createRpsLobbyServer, type RpsServerLimits } from './server/rps-lobby-server.ts';
