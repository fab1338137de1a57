// Public API of @paperclip/platform: the platform server, its configuration, storage and game plugins.

export {
  DEFAULT_ACCOUNT_KEY_SCRYPT,
  decryptAccountKey,
  decryptAccountKeyAsync,
  generateAccountKeys,
  loadPublicKey,
} from './auth/account-keys.ts';
export { AccountService, type LockoutPolicy } from './auth/account-service.ts';
export { CertificateService } from './auth/certificate-service.ts';
export { hashPassword, verifyPassword } from './auth/passwords.ts';
export {
  DEFAULT_PKCS8_READ_LIMITS,
  Pkcs8Error,
  type Pkcs8ErrorCodeValue,
  type Pkcs8ReadLimits,
} from './auth/pkcs8-reader.ts';
export { createServerIdentity, type ServerIdentity } from './auth/server-identity.ts';
export { TokenService } from './auth/tokens.ts';
export { loadConfig, type PlatformConfig, type PlatformConfigOverrides } from './config.ts';
export {
  ConfigError,
  type ErrorBody,
  PlatformError,
  type PlatformErrorCode,
  PlatformErrors,
  type PlatformSocketKind,
  StartError,
  StartErrors,
} from './errors.ts';
export { type BuildAppOptions, buildApp } from './http/app.ts';
export type { PlatformServices } from './http/services.ts';
export { createDefaultRegistry } from './lobbies/default-games.ts';
export { echoGame } from './lobbies/echo-game.ts';
export {
  type FinalScore,
  type GameLog,
  type GamePlugin,
  GameRegistry,
  type GameServerOptions,
  type LobbyAddress,
  type LobbyEvents,
  type LobbyGameServer,
  type ScoreRecorder,
} from './lobbies/game-plugin.ts';
export {
  type Lobby,
  LobbyManager,
  type LobbyManagerOptions,
  type LobbyMember,
  type LobbyRecords,
} from './lobbies/lobby-manager.ts';
export { type PortRange, parsePortRange } from './lobbies/port-range.ts';
export { type Scheduler, systemScheduler } from './lobbies/scheduler.ts';
export { createUdpLobbyServer, type GameLogic } from './lobbies/udp-game-server.ts';
export { createPlatformLogger, type PlatformLoggerOptions } from './logging.ts';
export { type RunningPlatform, type StartPlatformOptions, startPlatform } from './server.ts';
export { type CreateDatabaseOptions, createDatabase, type PlatformDatabase } from './storage/database.ts';
