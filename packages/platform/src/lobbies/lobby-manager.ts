// Live lobbies (the seed's missing LobbyHandler): one game server each, members from join/leave events,
// matchmaking, and pruning of lobbies left empty for PRUNE_TIME.
import { isWildcardHost, loopbackFor } from '@paperclip/protocol';
import type { ServerIdentity } from '../auth/server-identity.ts';
import { PlatformError } from '../errors.ts';
import {
  CreationLimits,
  DEFAULT_LOBBY_CREATIONS_PER_MINUTE,
  DEFAULT_MAX_OPEN_LOBBIES_PER_ACCOUNT,
} from './creation-limits.ts';
import type {
  GameLog,
  GamePlugin,
  GameRegistry,
  LobbyAddress,
  LobbyGameServer,
  ScoreRecorder,
} from './game-plugin.ts';
import { type PortRange, portsFrom } from './port-range.ts';
import type { Scheduler } from './scheduler.ts';

/** One client connected to a lobby's game server. */
export interface LobbyMember {
  clientAddress: string;
  accountId: number | null;
}

/** A running lobby. */
export interface Lobby {
  readonly id: number;
  readonly game: GamePlugin;
  readonly address: LobbyAddress;
  /** Most members the lobby admits: its game server's seats (joined peers; handshakes in progress take none). */
  readonly capacity: number;
  /** The account that created it (null: created by the platform itself, e.g. in tests). */
  readonly creatorId: number | null;
  readonly members: readonly LobbyMember[];
  /** When the lobby last became empty (ms), or null while it has members. */
  readonly emptySince: number | null;
  readonly isFull: boolean;
}

/** Persists lobby ids (the durable `lobby` table) and final scores; an in-memory store works for tests. */
export interface LobbyRecords {
  openLobby(gameId: number, host: string, port: number, now: number): Promise<number>;
  closeLobby(lobbyId: number, now: number): Promise<void>;
  /** One row of the Scores table (what each lobby's ScoreRecorder writes). */
  recordScore(score: { gameId: number; accountId: number; score: number }): Promise<void>;
}

/** Where and how lobby servers run. */
export interface LobbyManagerOptions {
  registry: GameRegistry;
  records: LobbyRecords;
  scheduler: Scheduler;
  identity: ServerIdentity;
  /** Bind address of lobby servers (S_HOST). */
  host: string;
  /** Host written into lobby-addr when `host` is a wildcard (0.0.0.0 / ::). */
  advertisedHost?: string;
  /** URL of /auth/certificate/validate; a function because the HTTP port is known only after listen. */
  certificateValidationUrl: () => string;
  /** Seconds a lobby may stay empty before it is stopped (PRUNE_TIME). */
  pruneTime: number;
  heartbeatMinTime: number;
  heartbeatMaxTime: number;
  /** MAX_CLIENTS cap; undefined = the game's maxPlayers alone. */
  maxClients: number | undefined;
  /** Most lobbies running at once (a bound on sockets a user can make the platform open). Default 1000. */
  maxLobbies?: number;
  /** Most lobbies one account may have open at once (LOBBIES_PER_ACCOUNT). Default 3. */
  maxLobbiesPerAccount?: number;
  /** Most lobbies one account may create per minute (LOBBY_CREATIONS_PER_MINUTE). Default 10. */
  lobbyCreationsPerMinute?: number;
  /** Most seats one account may hold in one lobby (SEATS_PER_ACCOUNT); a second connection is refused. Default 1. */
  seatsPerAccount?: number;
  /** LOBBY_PORTS: UDP ports lobby servers bind (ports held by other programs are skipped). Default: any free port. */
  ports?: PortRange;
  /** Called when a lobby is pruned or its server fails to stop (for logging). */
  onEvent?: (event: string, details: Record<string, unknown>) => void;
  /** Where game servers log. Default: their info and warnings go to `onEvent`. */
  log?: GameLog;
}

class LiveLobby implements Lobby {
  id = 0;
  address: LobbyAddress = { host: '', port: 0 };
  members: LobbyMember[] = [];
  emptySince: number | null;
  readonly game: GamePlugin;
  readonly capacity: number;
  readonly creatorId: number | null;
  server: LobbyGameServer | undefined;
  constructor(game: GamePlugin, capacity: number, creatorId: number | null, now: number) {
    this.game = game;
    this.capacity = capacity;
    this.creatorId = creatorId;
    this.emptySince = now;
  }
  get isFull(): boolean {
    return this.members.length >= this.capacity;
  }
}

/** Default bound on concurrently running lobbies. */
const DEFAULT_MAX_LOBBIES = 1000;
/** Default seats per account in one lobby: one account, one seat. */
const DEFAULT_SEATS_PER_ACCOUNT = 1;

/** Creates, tracks, finds and prunes lobbies. */
export class LobbyManager {
  readonly #options: LobbyManagerOptions;
  readonly #lobbies = new Map<number, LiveLobby>();
  readonly #creations: CreationLimits;
  /** Lobbies still starting, in total and per creating account (they count against the limits too). */
  #starting = 0;
  readonly #startingBy = new Map<number, number>();
  #stopPruning: (() => void) | undefined;
  /** With a port range: ports held by running or starting lobbies, and where the next search starts. */
  readonly #portsHeld = new Set<number>();
  #nextPort = 0;

  constructor(options: LobbyManagerOptions) {
    this.#options = options;
    this.#creations = new CreationLimits({
      maxOpenPerAccount: options.maxLobbiesPerAccount ?? DEFAULT_MAX_OPEN_LOBBIES_PER_ACCOUNT,
      perMinute: options.lobbyCreationsPerMinute ?? DEFAULT_LOBBY_CREATIONS_PER_MINUTE,
      pruneTime: options.pruneTime,
    });
    const intervalMs = Math.max(250, Math.min(5000, (options.pruneTime * 1000) / 2));
    this.#stopPruning = options.scheduler.every(intervalMs, () => void this.prune());
  }

  /**
   * Starts a game server for the game on a free UDP port and registers the lobby. `creatorId` is the account
   * asking: it is held to the per-account count and rate limits (429 with Retry-After beyond them).
   */
  async create(gameId: number, creatorId: number | null = null): Promise<Lobby> {
    const game = this.#options.registry.get(gameId);
    if (game === undefined)
      throw new PlatformError('GAME_NOT_FOUND', `No game with id ${gameId} is hosted here.`);
    const { scheduler } = this.#options;
    // Per account first: an account at its own limit hears about its own limit, not the platform's.
    if (creatorId !== null) this.#creations.reserve(creatorId, this.#openBy(creatorId), scheduler.now());
    const maxLobbies = this.#options.maxLobbies ?? DEFAULT_MAX_LOBBIES;
    if (this.#lobbies.size + this.#starting >= maxLobbies) {
      throw new PlatformError(
        'RATE_LIMITED',
        `The platform is running its maximum of ${maxLobbies} lobbies; try again later.`,
        { 'retry-after': String(Math.max(1, this.#options.pruneTime)) },
      );
    }
    const capacity = Math.min(game.maxPlayers, this.#options.maxClients ?? Number.POSITIVE_INFINITY);
    const lobby = new LiveLobby(game, capacity, creatorId, scheduler.now());
    this.#countStarting(creatorId, 1);
    try {
      const bound = await this.#startServer(lobby, capacity);
      // A wildcard bind is no address to hand out: PUBLIC_HOST, else this machine's loopback of its family.
      const host = isWildcardHost(bound.host)
        ? (this.#options.advertisedHost ?? loopbackFor(bound.host))
        : bound.host;
      lobby.address = { host, port: bound.port };
      try {
        lobby.id = await this.#options.records.openLobby(game.id, host, bound.port, scheduler.now());
      } catch (error) {
        await lobby.server?.stop();
        this.#portsHeld.delete(bound.port);
        throw error;
      }
      this.#lobbies.set(lobby.id, lobby);
      return lobby;
    } finally {
      this.#countStarting(creatorId, -1);
    }
  }

  /** Starts the lobby's game server: on any free port, or on the first free port of LOBBY_PORTS. */
  async #startServer(lobby: LiveLobby, capacity: number): Promise<LobbyAddress> {
    const range = this.#options.ports;
    if (range === undefined) return this.#startOn(lobby, capacity, 0);
    for (const port of portsFrom(range, this.#nextPort)) {
      if (this.#portsHeld.has(port)) continue;
      this.#portsHeld.add(port);
      try {
        const bound = await this.#startOn(lobby, capacity, port);
        this.#nextPort = port + 1;
        return bound;
      } catch (error) {
        this.#portsHeld.delete(port);
        // Another program holds this port: try the next one; any other failure is this lobby's.
        if (!(error instanceof PortTakenError)) throw error;
      }
    }
    throw new PlatformError(
      'LOBBY_PORTS_EXHAUSTED',
      `Every UDP port of the lobby range ${range.first}-${range.last} (LOBBY_PORTS) is in use; try again when a lobby closes.`,
      { 'retry-after': String(Math.max(1, this.#options.pruneTime)) },
    );
  }

  /** One attempt on one port (0 = any); a port held by another socket rejects with PortTakenError. */
  async #startOn(lobby: LiveLobby, capacity: number, port: number): Promise<LobbyAddress> {
    const { game } = lobby;
    const server = game.createServer({
      host: this.#options.host,
      port,
      maxClients: capacity,
      seatsPerAccount: this.#options.seatsPerAccount ?? DEFAULT_SEATS_PER_ACCOUNT,
      heartbeatMinTime: this.#options.heartbeatMinTime,
      heartbeatMaxTime: this.#options.heartbeatMaxTime,
      identity: this.#options.identity,
      certificateValidationUrl: this.#options.certificateValidationUrl(),
      events: {
        clientJoin: (clientAddress, accountId) => this.#join(lobby, clientAddress, accountId),
        clientLeave: (clientAddress) => this.#leave(lobby, clientAddress),
      },
      scores: this.#scoresOf(game),
      log: this.#logOf(lobby),
      gameName: game.name,
    });
    try {
      const bound = await server.start();
      lobby.server = server;
      return bound;
    } catch (error) {
      await server.stop().catch(() => {});
      if (port !== 0 && isAddressInUse(error)) throw new PortTakenError();
      throw new PlatformError(
        'LOBBY_START_FAILED',
        `The ${game.name} server could not start: ${describe(error)}`,
      );
    }
  }

  /** Lobbies the account created that are running or starting. */
  #openBy(accountId: number): number {
    let open = this.#startingBy.get(accountId) ?? 0;
    for (const lobby of this.#lobbies.values()) if (lobby.creatorId === accountId) open += 1;
    return open;
  }

  #countStarting(creatorId: number | null, delta: 1 | -1): void {
    this.#starting += delta;
    if (creatorId === null) return;
    const count = (this.#startingBy.get(creatorId) ?? 0) + delta;
    if (count > 0) this.#startingBy.set(creatorId, count);
    else this.#startingBy.delete(creatorId);
  }

  /** The lobby with this id, if running. */
  get(lobbyId: number): Lobby | undefined {
    return this.#lobbies.get(lobbyId);
  }

  /** Every running lobby, by id. */
  all(): Lobby[] {
    return [...this.#lobbies.values()].sort((a, b) => a.id - b.id);
  }

  /** Running lobbies of the game that have room, fullest first (so players are grouped). */
  findOpen(gameId: number): Lobby[] {
    return this.all()
      .filter((lobby) => lobby.game.id === gameId && !lobby.isFull)
      .sort((a, b) => b.members.length - a.members.length || a.id - b.id);
  }

  /** Matchmaking: a lobby of the game with room, or a new one (created by `accountId`, within its limits). */
  async matchmake(
    gameId: number,
    accountId: number | null = null,
  ): Promise<{ lobby: Lobby; created: boolean }> {
    const open = this.findOpen(gameId)[0];
    if (open !== undefined) return { lobby: open, created: false };
    return { lobby: await this.create(gameId, accountId), created: true };
  }

  /** Lobbies with room in which the account is a member (for /lobby/friends). */
  withMember(accountId: number): Lobby[] {
    return this.all().filter(
      (lobby) => !lobby.isFull && lobby.members.some((m) => m.accountId === accountId),
    );
  }

  /** Stops and removes every lobby empty for at least PRUNE_TIME. Returns the ids removed. */
  async prune(): Promise<number[]> {
    const now = this.#options.scheduler.now();
    this.#creations.sweep(now);
    const limitMs = this.#options.pruneTime * 1000;
    const stale = this.all().filter(
      (lobby) => lobby.emptySince !== null && now - lobby.emptySince >= limitMs,
    );
    for (const lobby of stale) {
      this.#options.onEvent?.('lobby pruned', {
        lobbyId: lobby.id,
        game: lobby.game.name,
        emptyMs: now - (lobby.emptySince ?? now),
      });
      await this.#remove(lobby as LiveLobby);
    }
    return stale.map((lobby) => lobby.id);
  }

  /** Stops every lobby and the prune timer. */
  async close(): Promise<void> {
    this.#stopPruning?.();
    this.#stopPruning = undefined;
    await Promise.all(this.all().map((lobby) => this.#remove(lobby as LiveLobby)));
  }

  async #remove(lobby: LiveLobby): Promise<void> {
    if (!this.#lobbies.delete(lobby.id)) return;
    try {
      await lobby.server?.stop();
    } catch (error) {
      this.#options.onEvent?.('lobby stop failed', { lobbyId: lobby.id, error: describe(error) });
    }
    this.#portsHeld.delete(lobby.address.port);
    await this.#options.records
      .closeLobby(lobby.id, this.#options.scheduler.now())
      .catch((error: unknown) => {
        this.#options.onEvent?.('lobby close record failed', { lobbyId: lobby.id, error: describe(error) });
      });
  }

  /** A recorder bound to one game: a game server writes its own scores and nothing else. */
  #scoresOf(game: GamePlugin): ScoreRecorder {
    const records = this.#options.records;
    return {
      async record(scores) {
        for (const entry of scores) {
          await records.recordScore({ gameId: game.id, accountId: entry.accountId, score: entry.score });
        }
      },
    };
  }

  /** The platform's log with the lobby's id (read at call time: it is known only once the server started). */
  #logOf(lobby: LiveLobby): GameLog {
    const onEvent = this.#options.onEvent;
    const log: GameLog = this.#options.log ?? {
      info: (message, details) => onEvent?.(message, details ?? {}),
      warn: (message, details) => onEvent?.(message, details ?? {}),
    };
    const tagged = (details: Record<string, unknown> | undefined) => ({
      lobbyId: lobby.id,
      game: lobby.game.name,
      ...details,
    });
    return {
      info: (message, details) => log.info(message, tagged(details)),
      warn: (message, details) => log.warn(message, tagged(details)),
    };
  }

  #join(lobby: LiveLobby, clientAddress: string, accountId: number | null): void {
    lobby.members = [
      ...lobby.members.filter((m) => m.clientAddress !== clientAddress),
      { clientAddress, accountId },
    ];
    lobby.emptySince = null;
  }

  #leave(lobby: LiveLobby, clientAddress: string): void {
    lobby.members = lobby.members.filter((m) => m.clientAddress !== clientAddress);
    if (lobby.members.length === 0 && lobby.emptySince === null)
      lobby.emptySince = this.#options.scheduler.now();
  }
}

/** Internal: the port of the range is held by another socket (the search moves on). */
class PortTakenError extends Error {}

/** EADDRINUSE as the UDP driver (PC_UDP_ADDRESS_IN_USE) or Node itself reports it. */
function isAddressInUse(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'PC_UDP_ADDRESS_IN_USE' || code === 'EADDRINUSE';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
