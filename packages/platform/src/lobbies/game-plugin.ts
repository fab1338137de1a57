// Games are plugins: an id, a name, player limits and a factory for the game server each lobby runs.
import type { AccountId } from '@paperclip/protocol';
import type { ServerIdentity } from '../auth/server-identity.ts';

/** Where a lobby's game server listens. */
export interface LobbyAddress {
  host: string;
  port: number;
}

/** Membership events a game server reports (the transport Server's clientJoin/clientLeave). */
export interface LobbyEvents {
  /** `accountId` is the account named in the client's certificate, or null for an anonymous client. */
  clientJoin(clientAddress: string, accountId: AccountId | null): void;
  clientLeave(clientAddress: string, accountId: AccountId | null, reason: string): void;
}

/** One player's final score in a finished game. */
export interface FinalScore {
  accountId: AccountId;
  score: number;
}

/**
 * Where a lobby's game stores final scores: the platform's Scores table, already bound to the lobby's game, so a
 * game can write only its own scores and needs no access to the rest of the platform.
 */
export interface ScoreRecorder {
  /** Stores one finished game's scores (one row per player). Rejects when the write fails. */
  record(scores: readonly FinalScore[]): Promise<void>;
}

/** The platform's log as a game server sees it; the lobby id and game name are added to every line. */
export interface GameLog {
  info(message: string, details?: Record<string, unknown>): void;
  /** Something went wrong that the game survived: a failed score write, a misbehaving peer. */
  warn(message: string, details?: Record<string, unknown>): void;
}

/** What the platform hands a game's server factory. */
export interface GameServerOptions {
  /** Address to bind; port 0 = any free port. */
  host: string;
  port: number;
  /**
   * Most clients the server admits (the game's maxPlayers, capped by MAX_CLIENTS): joined peers, the same count
   * the lobby reports as members. Handshakes in progress take no seat (the transport caps them on their own).
   */
  maxClients: number;
  /**
   * Most seats one account may hold (SEATS_PER_ACCOUNT, default 1): a further connection of the same account
   * is refused with CONNECTION/NO_SPACE "This account already holds a seat here." Absent: no limit.
   */
  seatsPerAccount?: number;
  /** Seconds, passed to the transport's heartbeat. */
  heartbeatMinTime: number;
  heartbeatMaxTime: number;
  /** The platform's key and certificate, which the lobby server presents in the handshake. */
  identity: ServerIdentity;
  /** URL of this platform's GET /auth/certificate/validate, which the transport calls for each client. */
  certificateValidationUrl: string;
  /** The server must call these as clients join and leave. */
  events: LobbyEvents;
  /** Stores the lobby's final scores. */
  scores: ScoreRecorder;
  /** Where the server reports what it survived. */
  log: GameLog;
  /** The game's name, for the lobby's status ping ("RPS lobby"). Absent: "Paperclip lobby". */
  gameName?: string;
}

/** The narrow interface the platform needs from a running game server. */
export interface LobbyGameServer {
  /** Binds and starts serving; resolves with the bound address. */
  start(): Promise<LobbyAddress>;
  /** Disconnects clients and releases the socket. */
  stop(): Promise<void>;
}

/** A game the platform can host. */
export interface GamePlugin {
  /** Stable id (the seed's RPS is 1). */
  id: number;
  name: string;
  minPlayers: number;
  maxPlayers: number;
  createServer(options: GameServerOptions): LobbyGameServer;
}

/** The games this platform hosts, by id. Other packages add theirs with register(). */
export class GameRegistry {
  readonly #games = new Map<number, GamePlugin>();

  /** Adds a game; throws if its id or name is already taken or its limits make no sense. */
  register(plugin: GamePlugin): this {
    if (!Number.isSafeInteger(plugin.id) || plugin.id < 1)
      throw new Error(`Game id ${plugin.id} must be a positive integer.`);
    if (!(plugin.minPlayers >= 1 && plugin.maxPlayers >= plugin.minPlayers)) {
      throw new Error(`Game "${plugin.name}" needs 1 <= minPlayers <= maxPlayers.`);
    }
    if (this.#games.has(plugin.id)) throw new Error(`A game with id ${plugin.id} is already registered.`);
    if (this.all().some((game) => game.name.toLowerCase() === plugin.name.toLowerCase())) {
      throw new Error(`A game named "${plugin.name}" is already registered.`);
    }
    this.#games.set(plugin.id, plugin);
    return this;
  }

  /** The plugin with this id, if registered. */
  get(id: number): GamePlugin | undefined {
    return this.#games.get(id);
  }

  /** Every registered game, by id. */
  all(): GamePlugin[] {
    return [...this.#games.values()].sort((a, b) => a.id - b.id);
  }
}
