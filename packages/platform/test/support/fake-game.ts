// An in-memory game plugin: its "servers" bind nothing and let tests fire clientJoin/clientLeave directly.
import type {
  GamePlugin,
  GameServerOptions,
  LobbyAddress,
  LobbyGameServer,
} from '../../src/lobbies/game-plugin.ts';

/** One fake game server. */
export class FakeGameServer implements LobbyGameServer {
  readonly options: GameServerOptions;
  readonly port: number;
  started = false;
  stopped = false;
  failStart = false;
  constructor(options: GameServerOptions, port: number) {
    this.options = options;
    this.port = port;
  }
  async start(): Promise<LobbyAddress> {
    if (this.failStart) throw new Error('port in use');
    this.started = true;
    return { host: this.options.host, port: this.port };
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
  /** Simulates the transport's clientJoin event. */
  join(clientAddress: string, accountId: number | null): void {
    this.options.events.clientJoin(clientAddress, accountId);
  }
  /** Simulates the transport's clientLeave event. */
  leave(clientAddress: string, accountId: number | null = null): void {
    this.options.events.clientLeave(clientAddress, accountId, 'test');
  }
}

/** A fake game whose servers are recorded in `servers`. */
export class FakeGame implements GamePlugin {
  readonly id: number;
  readonly name: string;
  readonly minPlayers: number;
  readonly maxPlayers: number;
  readonly servers: FakeGameServer[] = [];
  failNextStart = false;
  #nextPort = 41000;
  constructor(id: number, name: string, minPlayers: number, maxPlayers: number) {
    this.id = id;
    this.name = name;
    this.minPlayers = minPlayers;
    this.maxPlayers = maxPlayers;
  }
  createServer(options: GameServerOptions): FakeGameServer {
    const server = new FakeGameServer(options, this.#nextPort++);
    server.failStart = this.failNextStart;
    this.failNextStart = false;
    this.servers.push(server);
    return server;
  }
}

/** A manual clock and scheduler: tests advance time and run the timer explicitly. */
export class ManualScheduler {
  time = Date.UTC(2026, 0, 1);
  readonly tasks: { intervalMs: number; task: () => void }[] = [];
  now(): number {
    return this.time;
  }
  every(intervalMs: number, task: () => void): () => void {
    const entry = { intervalMs, task };
    this.tasks.push(entry);
    return () => {
      const index = this.tasks.indexOf(entry);
      if (index >= 0) this.tasks.splice(index, 1);
    };
  }
  /** Moves time forward. */
  advance(ms: number): void {
    this.time += ms;
  }
}
